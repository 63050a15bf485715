import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from './db.js';
import { inTransaction, prepared } from './db.js';
import { outbox } from './schema.js';
import {
  chatHead,
  chatHeads,
  countWaiting,
  freezeRow,
  markMerged,
  markSent,
  MAX_MERGE,
  rowsBehind,
  type OutboxRow,
} from './outbox-rows.js';
import { SendError } from './errors.js';
import { randomUUID } from 'node:crypto';
import type { Adapter, Card, Mention, OutgoingMessage } from './message.js';
import { metrics } from './metrics.js';
import type { Registry } from './registry.js';

/** What an outbox row holds, before the idempotency key is added at send time. */
export interface OutboxPayload {
  text: string;
  mentions?: Mention[];
  card?: Card;
  file?: { path: string; name: string };
  /** `chatId` is a user id: a private message. */
  private?: boolean;
  mergeItem?: string;
  /** Answer in the thread of this platform message (Feishu topic groups). */
  replyToMessageId?: string;
  mergeData?: Record<string, string | number>;
  /**
   * Work done just before the first send by the preparer registered under `kind` (see
   * `preparers`), e.g. building an export file; handlers stay synchronous and only record it.
   */
  prepare?: { kind: string; args: Record<string, unknown> };
}

export interface OutboxItem {
  platform: string;
  chatId: string;
  payload: OutboxPayload;
  mergeKey?: string;
}

/** Writes a message to the outbox; call inside the transaction that decided to send it. */
export function enqueue(db: Db, item: OutboxItem, now: number): void {
  // A plain statement: one row per reply, and drizzle's placeholder filling costs more than the insert.
  prepared(db, 'outboxInsert', () =>
    db.$client.prepare<[string, string, string, string | null, number, string]>(
      `INSERT INTO outbox (platform, platform_chat_id, payload, merge_key, created_at, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  ).run(item.platform, item.chatId, JSON.stringify(item.payload), item.mergeKey ?? null, now, randomUUID());
}

/**
 * Turns the rows waiting for one chat with the same merge key (one or more) into the text sent,
 * just before the first send. Features bring their own (e.g. check-in confirmations).
 */
export type Merger = (payloads: OutboxPayload[], db: Db) => string;

/** Replies to messages handled long after they were sent (a replay after downtime) go out as one. */
const lateMerger: Merger = (ps) =>
  ps.length === 1
    ? ps[0]!.text
    : `以下是对离线期间 ${ps.length} 条消息的答复：\n${ps.map((p) => p.mergeItem ?? p.text).join('\n')}`;

/** What a preparer knows besides the payload. */
export interface PrepareContext {
  db: Db;
  /** The row's random key: names its output file, so a retry finds it and no restore reuses it. */
  fileKey: string;
  registry: Registry;
}

/**
 * Turns a payload that asks for preparation into one ready to send (e.g. sets `file`). Must be
 * deterministic for the same row: a retry after a crash may prepare again. Throws to retry later
 * (a `SendError` with `permanent` to give up).
 */
export type Preparer = (payload: OutboxPayload, ctx: PrepareContext) => Promise<OutboxPayload>;

/** How long sent marks wait for a batch of events to carry them before a pass writes them alone. */
const MARK_DELAY_MS = 20;
const MAX_BACKOFF_MS = 5 * 60_000;

/** One chat's key: for the sender's spacing, and the chats the inbox hands to `rideAlong`. */
export const chatKey = (platform: string, chatId: string) => `${platform}\u0000${chatId}`;
const rowChat = (row: OutboxRow) => chatKey(row.platform, row.platformChatId);

/** A frozen payload; `behind`: rows may wait behind it in its chat. */
interface Claimed {
  payload: OutboxPayload;
  attempts: number;
  behind: boolean;
}

/** A head row frozen for sending, with the adapter that sends it. */
interface Ready {
  row: OutboxRow;
  adapter: Adapter;
  claimed: Claimed;
}

/**
 * Sends outbox rows through their adapters: in order per chat, spaced by each adapter's
 * interval, with retries and backoff. A row's content is frozen (and merges are recorded)
 * before its first send, so a retry after a crash sends exactly the same message and key.
 */
export class OutboxSender {
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  /** Looks again at rows waiting for an adapter that is not running (logged out, reconnecting). */
  private recheck: NodeJS.Timeout | undefined;
  /** How soon those rows are looked at again, in ms. */
  recheckMs = 5000;
  private running = false;
  /** Someone woke the sender while it was running: look again when it ends. */
  private wokenWhileRunning = false;
  private stopped = false;
  private readonly lastSendAt = new Map<string, number>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Rows frozen (claimed) by this process and not yet sent: the pass sends them without claiming again. */
  private readonly frozen = new Set<number>();
  /**
   * Rows the platform took whose `sent` mark is not written yet: it rides on the next write
   * transaction (the next pass, or the next batch of events), so a message costs no sync of its
   * own for it. Such a row is never sent again by this process. If the process dies first, the
   * row is still pending after the restart and goes out again with the same frozen payload and
   * idempotency key: Feishu drops it as a duplicate (the key is its `uuid`, deduplicated by the
   * platform). WeChat has no such key; its adapter remembers sent pieces by key only within the
   * process, so a crash inside this window (at most MARK_DELAY_MS, usually less than a turn in a
   * burst) can repeat a WeChat message once — the at-least-once window that always lay between a
   * send and its mark, a few milliseconds wider.
   */
  private readonly sentMarks = new Map<number, { sentAt: number; ids: string | null }>();
  /**
   * When the waiting sent marks are written by a pass of their own, if no batch of events has
   * carried them by then (set when a pass finds nothing else to do).
   */
  private marksDueAt: number | undefined;

  private readonly mergers: ReadonlyMap<string, Merger>;

  constructor(
    private readonly db: Db,
    private readonly adapters: Map<string, Adapter>,
    private readonly log: Logger,
    private readonly registry: Registry,
    /** Real time: backoff and spacing are waited out with timers, whatever the app's clock says. */
    private readonly now: () => number = Date.now,
  ) {
    this.mergers = new Map([['late', lateMerger], ...registry.mergers]);
  }

  /** Asks for a send pass soon. */
  wake(): void {
    if (this.stopped) return;
    // While a pass or a send runs, the next pass is asked for when it ends.
    if (this.running) this.wokenWhileRunning = true;
    else this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    try {
      inTransaction(this.db, () => this.writeMarks())();
    } catch (err) {
      // Closed or failing database: those rows go out again after the restart, deduplicated by key.
      this.log.warn({ err }, 'could not record sent messages on stop');
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.recheck) clearTimeout(this.recheck);
  }

  /** Resolves when nothing sendable is pending (rows for adapters that are not running wait). */
  idle(): Promise<void> {
    if (!this.running && !this.timer && this.pendingSendable() === 0) return Promise.resolve();
    if (this.sentMarks.size > 0) this.schedule(0); // write the waiting sent marks now
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(delayMs: number): void {
    const due = this.now() + delayMs;
    // An earlier pass already asked for stays: moving it on each call would starve the sender
    // while messages keep arriving faster than the delay.
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pass();
    }, delayMs);
  }

  private pendingSendable(): number {
    const platforms = [...this.adapters.values()].filter((a) => a.state === 'running').map((a) => a.name);
    return platforms.length === 0 ? 0 : countWaiting(this.db, platforms);
  }

  /** One pass: the head row of every chat that may send now; returns when they were tried. */
  private async pass(): Promise<void> {
    if (this.running || this.stopped) return;
    if (this.sentMarks.size > 0 && this.idleWaiters.length === 0 && this.onlyMarksLeft()) {
      // Nothing to send, only sent marks to write: give the next batch of events a moment to
      // carry them (no sync of their own), unless someone waits for the outbox to settle.
      const wait = this.marksWait();
      if (wait > 0) return this.schedule(wait);
    }
    this.running = true;
    let nextDelay: number | undefined;
    let waiting = false;
    try {
      // One write transaction writes the sent marks of the last pass and freezes the heads about
      // to be sent; it costs a disk sync only when it wrote something.
      const ready: Ready[] = [];
      const committed = inTransaction(this.db, () => {
        const done = this.writeMarks();
        for (const row of chatHeads(this.db)) {
          const adapter = this.adapters.get(row.platform);
          if (!adapter || adapter.state !== 'running') {
            waiting ||= adapter !== undefined;
            continue;
          }
          const wait = this.readyAt(row, adapter) - this.now();
          if (wait > 0) {
            nextDelay = Math.min(nextDelay ?? wait, wait);
            continue;
          }
          ready.push({ row, adapter, claimed: this.claimOnce(row) });
        }
        return done;
      });
      committed();
      if (ready.length > 0) nextDelay = 0;
      await this.sendAll(ready);
    } catch (err) {
      this.log.error({ err }, 'outbox pass failed');
      nextDelay = 1000;
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (waiting && !this.recheck) {
      // Nothing else wakes the sender when an adapter comes back (a WeChat re-login).
      this.recheck = setTimeout(() => {
        this.recheck = undefined;
        this.wake();
      }, this.recheckMs);
      this.recheck.unref();
    }
    if (this.takeWake() || this.sentMarks.size > 0) nextDelay = 0; // marks to write, or rows that came meanwhile
    if (nextDelay !== undefined) this.schedule(nextDelay);
    else this.notifyIdle();
  }

  /** Whether every pending row is one already sent whose mark waits (nothing else to do). */
  private onlyMarksLeft(): boolean {
    const pending = countWaiting(this.db);
    return pending <= this.sentMarks.size;
  }

  /** When the chat's head row may be sent: its backoff and the adapter's spacing both over. */
  private readyAt(row: OutboxRow, adapter: Adapter): number {
    const last = this.lastSendAt.get(rowChat(row)) ?? 0;
    return Math.max(row.nextAttemptAt, last + adapter.sendIntervalMs);
  }

  /** The row's frozen payload: claimed now, unless this process already claimed it. */
  private claimOnce(row: OutboxRow): Claimed {
    if (row.attempts > 0 && this.frozen.has(row.id))
      return { payload: JSON.parse(row.payload) as OutboxPayload, attempts: row.attempts, behind: true };
    const claimed = this.claim(row);
    this.frozen.add(row.id);
    return claimed;
  }

  /** Writes the waiting sent marks (inside the caller's transaction); returns what to call after its commit. */
  private writeMarks(): () => void {
    if (this.sentMarks.size === 0) return () => {};
    const written = [...this.sentMarks];
    for (const [id, mark] of written) markSent(this.db, id, mark.sentAt, mark.ids);
    return () => {
      for (const [id] of written) this.sentMarks.delete(id);
      this.marksDueAt = undefined;
    };
  }

  /**
   * Rides on the caller's write transaction (a batch of events just handled): writes the waiting
   * sent marks and freezes the head row of each chat in `chats` (keys made by `chatKey`)
   * that may be sent right now, so its send needs no transaction of its own. A head that must
   * wait (spacing, backoff, adapter down) is left for the pass, which merges whatever arrived
   * meanwhile. Returns what to call once that transaction committed.
   */
  rideAlong(chats: Iterable<string>): () => void {
    const done = this.writeMarks();
    const ready: Ready[] = [];
    let left = false;
    if (!this.stopped) {
      for (const key of chats) {
        const [platform, chatId] = key.split('\u0000') as [string, string];
        const adapter = this.adapters.get(platform);
        const head = adapter?.state === 'running' ? chatHead(this.db, platform, chatId) : undefined;
        if (!head || head.attempts > 0 || this.readyAt(head, adapter!) > this.now()) left = true;
        else ready.push({ row: head, adapter: adapter!, claimed: this.claimOnce(head) });
      }
    }
    return () => {
      done();
      if (ready.length > 0) this.sendFrozen(ready);
      if (left) this.wake();
    };
  }

  /**
   * Sends the rows `rideAlong` froze at once, without a pass (whose transaction would read them
   * again). While a pass or another send runs, they go out with the pass that follows it (`wake`).
   * Afterwards a pass is needed only for rows behind these or a failed send; otherwise only the
   * sent marks wait, for the next batch of events or MARK_DELAY_MS.
   */
  private sendFrozen(ready: Ready[]): void {
    if (this.running || this.stopped) return this.wake();
    this.running = true;
    void this.sendFrozenNow(ready);
  }

  private async sendFrozenNow(ready: Ready[]): Promise<void> {
    let allSent = false;
    try {
      // A microtask later: the committing caller finishes first, and a sender stopped meanwhile sends nothing.
      await Promise.resolve();
      if (this.stopped) return;
      allSent = await this.sendAll(ready);
    } catch (err) {
      this.log.error({ err }, 'outbox send failed');
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    const more = !allSent || ready.some((r) => r.claimed.behind) || this.takeWake();
    if (more || this.idleWaiters.length > 0) this.schedule(0);
    else if (this.sentMarks.size > 0) this.schedule(this.marksWait());
  }

  /** Whether the sender was woken while running (and forgets it). */
  private takeWake(): boolean {
    const woken = this.wokenWhileRunning;
    this.wokenWhileRunning = false;
    return woken;
  }

  /** How long the waiting sent marks may still wait for a batch of events to carry them, in ms. */
  private marksWait(): number {
    this.marksDueAt ??= this.now() + MARK_DELAY_MS;
    return Math.max(0, this.marksDueAt - this.now());
  }

  /** Sends frozen rows, each chat's spacing counted from now; true when the platform took every one. */
  private async sendAll(ready: readonly Ready[]): Promise<boolean> {
    for (const { row } of ready) this.lastSendAt.set(rowChat(row), this.now());
    const sent = await Promise.all(
      ready.map(({ row, adapter, claimed }) => this.sendRow(adapter, row, claimed)),
    );
    return sent.every(Boolean);
  }

  private notifyIdle(): void {
    if (this.pendingSendable() > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /**
   * Sends a frozen row; its sent mark waits in `sentMarks` for the next write transaction. False
   * when the send failed (recorded on the row for a later attempt).
   */
  private async sendRow(adapter: Adapter, head: OutboxRow, claimed: Claimed): Promise<boolean> {
    let payload = claimed.payload;
    try {
      if (payload.prepare) payload = await this.prepare(head, payload);
      const message: OutgoingMessage = {
        platform: head.platform,
        chatId: head.platformChatId,
        text: payload.text,
        mentions: payload.mentions,
        card: payload.card,
        file: payload.file,
        private: payload.private,
        ...(payload.replyToMessageId ? { replyToMessageId: payload.replyToMessageId } : {}),
        // Set when the row was written (migration 0008 filled in older rows).
        idempotencyKey: head.idempotencyKey!,
      };
      const result = await adapter.send(message);
      const ids = result?.messageIds.length ? JSON.stringify(result.messageIds) : null;
      this.frozen.delete(head.id);
      this.sentMarks.set(head.id, { sentAt: this.now(), ids });
      metrics.outboxSent.inc({ platform: head.platform });
      return true;
    } catch (err) {
      // The next attempt claims again (counting the attempt): the frozen payload stays as it is.
      this.frozen.delete(head.id);
      const attempts = claimed.attempts;
      const sendError = err instanceof SendError ? err : undefined;
      const permanent = sendError?.options.permanent === true;
      const backoff =
        sendError?.options.retryAfterMs ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts - 1, 12));
      this.db
        .update(outbox)
        .set({
          status: permanent ? 'failed' : 'pending',
          nextAttemptAt: this.now() + backoff,
          lastError: String((err as Error)?.message ?? err).slice(0, 500),
        })
        .where(eq(outbox.id, head.id))
        .run();
      metrics.outboxFailed.inc({ platform: head.platform, permanent: String(permanent) });
      this.log.warn({ outboxId: head.id, attempts, permanent, err: (err as Error)?.message }, 'send failed');
      return false;
    }
  }

  /** Runs the row's preparer and stores the prepared payload, so a retry sends the same thing. */
  private async prepare(row: OutboxRow, payload: OutboxPayload): Promise<OutboxPayload> {
    const id = row.id;
    const kind = payload.prepare!.kind;
    const preparer = this.registry.preparers.get(kind);
    if (!preparer) throw new SendError(`no preparer for '${kind}'`, { permanent: true });
    const { prepare: _done, ...ready } = await preparer(payload, {
      db: this.db,
      fileKey: row.idempotencyKey!,
      registry: this.registry,
    });
    this.db
      .update(outbox)
      .set({ payload: JSON.stringify(ready) })
      .where(eq(outbox.id, id))
      .run();
    return ready;
  }

  /**
   * Freezes `head`, read in the caller's transaction just now (so it is current), merging its
   * followers; `behind` tells whether rows may still wait behind it.
   */
  private claim(head: OutboxRow): Claimed {
    let payload = JSON.parse(head.payload) as OutboxPayload;
    let behind = true; // not looked at: assume so
    const merger = head.mergeKey ? this.mergers.get(head.mergeKey.split(':')[0]!) : undefined;
    if (head.attempts === 0 && merger) {
      // Only rows right behind the head with the same key, so order in the chat is kept.
      const run: OutboxRow[] = [];
      const rows = rowsBehind(this.db, head);
      for (const row of rows) {
        if (row.mergeKey !== head.mergeKey) break;
        run.push(row);
      }
      behind = run.length < rows.length || rows.length === MAX_MERGE;
      const payloads = [payload, ...run.map((r) => JSON.parse(r.payload) as OutboxPayload)];
      const mentions = payloads.flatMap((p) => p.mentions ?? []);
      const text = merger(payloads, this.db);
      // A lone row keeps its card, file and mentions; a merged message is text with everyone's mentions.
      payload = run.length === 0 ? { ...payload, text } : { text, ...(mentions.length ? { mentions } : {}) };
      if (run.length > 0) {
        markMerged(
          this.db,
          run.map((r) => r.id),
          head.id,
        );
        metrics.outboxMerged.inc(run.length);
      }
    }
    const attempts = head.attempts + 1;
    freezeRow(this.db, head.id, JSON.stringify(payload), attempts);
    return { payload, attempts, behind };
  }
}
