import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { UserError } from '../domain/user-error.js';
import { inTransaction, prepared } from './db.js';
import { dispatch } from './dispatch.js';
import type { DispatchDeps, Outcome } from './scope.js';
import { eventId, eventTime, isMessage, type InboundEvent } from './message.js';
import { metrics } from './metrics.js';
import { chatKey, enqueue, type OutboxItem, type OutboxSender } from './outbox.js';
import { inbox } from './schema.js';
import { sendingTo } from './sending.js';
import { cleanName, MAX_TITLE } from './text.js';

/** Written out (not a bound value) so SQLite can use the partial index `inbox_pending`. */
const inboxPending = sql`${inbox.status} = 'pending'`;
const MAX_TEXT = 20_000;
const BATCH = 200;
/**
 * How many events of one transaction are handled as they are accepted (one disk sync for both);
 * the rest just after, so a webhook's answer never waits for a huge batch's handling (64 check-ins
 * take about 10 ms).
 */
export const INLINE_PER_BATCH = 64;

const id = z.string().min(1).max(256);
// Names and titles are cleaned and shortened, never a reason to refuse the event.
const name = z.string().transform((s) => cleanName(s));
const title = z.string().transform((s) => cleanName(s, MAX_TITLE));
const when = z.number().int().positive();
const base = { platform: z.string().min(1).max(32), chatId: id, chatTitle: title.optional() };
const person = z.object({ userId: id, name });

/** What adapters may hand over; anything else is refused before it is acknowledged. */
const eventSchema = z.union([
  z.object({
    ...base,
    type: z.literal('message').optional(),
    messageId: id,
    chatType: z.enum(['group', 'private']),
    senderId: id,
    senderName: name,
    text: z.string().transform((s) => s.slice(0, MAX_TEXT)),
    sentAt: when,
    mentions: z.array(person).optional(),
    chatOwnerId: z.string().optional(),
    addressed: z.boolean().optional(),
    mentionsResolved: z.boolean().optional(),
    replyToMessageId: z.string().min(1).max(256).optional(),
    inReplyTo: z.string().max(256).optional(),
    quote: z
      .object({ authorId: z.string().optional(), authorName: z.string().optional(), text: z.string() })
      .optional(),
  }),
  z.object({
    ...base,
    type: z.enum(['member-joined', 'member-left', 'roster']),
    eventId: id,
    at: when,
    members: z.array(person),
    ownerId: z.string().optional(),
  }),
  z.object({ ...base, type: z.enum(['chat-renamed', 'bot-joined']), eventId: id, at: when }),
  z.object({
    ...base,
    type: z.literal('button'),
    eventId: id,
    at: when,
    chatType: z.enum(['group', 'private']),
    senderId: id,
    senderName: name,
    value: z.record(z.string(), z.string()),
  }),
  z.object({
    ...base,
    type: z.literal('read'),
    eventId: id,
    at: when,
    readerId: id,
    messageIds: z.array(z.string()),
  }),
]);

/** How far before its arrival an event may say it happened: a redelivery after a week's outage. */
export const MAX_SENT_BEFORE_MS = 7 * 86_400_000;
/**
 * How far after its arrival: clock skew between the platform and this server, generously (a
 * day), because replayed fixtures and the console's simulated clock run ahead of real time.
 */
export const MAX_SENT_AFTER_MS = 86_400_000;

/**
 * The time an event counts as sent: the platform's, unless it is outside a sane window around
 * the receive time (1970, 2100, a sender's broken clock); then the receive time, so a check-in
 * never lands on a day nobody was there.
 */
export function boundedSentAt(sentAt: number, receivedAt: number): number {
  if (sentAt > receivedAt + MAX_SENT_AFTER_MS) return receivedAt;
  if (sentAt < receivedAt - MAX_SENT_BEFORE_MS) return receivedAt;
  return sentAt;
}

/**
 * The event path: `accept` writes an event to the inbox (the point of acknowledgement);
 * `processPending` dispatches inbox rows, each in one transaction that changes state, writes its
 * replies to the outbox and marks the row done. Rows are read inside the write transaction, so
 * even two processes could never handle one row twice.
 */
export class Inbox {
  private scheduled = false;
  private readonly idleWaiters: (() => void)[] = [];
  /** Whether new events may be handled as they are accepted: no older row is pending. */
  private inline: boolean | undefined;
  private wakeQueued = false;
  /** Events handled at once in the transaction under way (see INLINE_PER_BATCH). */
  private inlineInBatch = 0;
  /** Chats given replies since the last `rideAlong` (`chatKey`). */
  private readonly touched = new Set<string>();

  constructor(private readonly deps: DispatchDeps & { sender?: OutboxSender }) {}

  /**
   * Durably records an event and, when nothing older waits, handles it in the same transaction
   * (one disk sync for both). Returns accepted=false for an event id seen before.
   * Throws on invalid input or when the database cannot write: then do not acknowledge it.
   * Inside a caller's transaction (the group-commit sink) it runs in a savepoint, and the caller
   * calls `rideAlong` before committing.
   */
  accept(input: InboundEvent): { accepted: boolean } {
    const event = eventSchema.parse(input) as InboundEvent;
    const { db, clock } = this.deps;
    if (db.$client.inTransaction) return this.acceptNow(event, clock.now());
    let after = () => {};
    const result = inTransaction(db, () => {
      const r = this.acceptNow(event, clock.now());
      after = this.rideAlong();
      return r;
    });
    after();
    return result;
  }

  private acceptNow(event: InboundEvent, receivedAt: number): { accepted: boolean } {
    const { db } = this.deps;
    if (isMessage(event)) event.sentAt = boundedSentAt(event.sentAt, receivedAt);
    else event.at = boundedSentAt(event.at, receivedAt);
    // In order: handled here only when no older row waits (after a restart, or a fallback below).
    this.inline ??= this.pendingCount() === 0;
    // Handled here, in its accepting transaction: a lone message and the first INLINE_PER_BATCH
    // of a burst's batch; the rest are acknowledged at once and handled just after (pending path).
    if (this.inline && !this.scheduled && this.inlineInBatch < INLINE_PER_BATCH) {
      try {
        // Stored as done, in a savepoint with its handling: a handled row never enters the
        // index of waiting rows (one page less per commit). That savepoint is also the handler's:
        // if handling throws, it takes the row back and the row is stored pending below, for the
        // pending path, whose error boundary undoes the handler's changes and apologises.
        const rowId = inTransaction(db, () => {
          const id = this.store(event, receivedAt, 'done');
          if (id !== undefined) this.handleRow(id, event, 'done', false);
          return id;
        });
        if (rowId === undefined) return this.counted(event, false);
        this.inlineInBatch++;
        this.afterInline();
        return this.counted(event, true);
      } catch (err) {
        this.deps.log.warn({ err }, 'handling at once failed; the event waits in the inbox');
        this.inline = false;
      }
    }
    if (this.store(event, receivedAt, 'pending') === undefined) return this.counted(event, false);
    this.scheduleProcessing();
    return this.counted(event, true);
  }

  /** Writes the inbox row; undefined when the event id was seen before. */
  private store(event: InboundEvent, receivedAt: number, status: 'pending' | 'done'): number | undefined {
    const { db } = this.deps;
    // Plain statements on the per-event path: drizzle's placeholder filling costs more than the insert.
    const result = prepared(db, 'inboxInsert', () =>
      db.$client.prepare<[string, string, string, number, number, string]>(
        `INSERT INTO inbox (platform, message_id, payload, sent_at, received_at, status) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
    ).run(event.platform, eventId(event), JSON.stringify(event), eventTime(event), receivedAt, status);
    return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
  }

  private counted(event: InboundEvent, accepted: boolean): { accepted: boolean } {
    (accepted ? metrics.messagesAccepted : metrics.messagesDuplicate).inc({ platform: event.platform });
    return { accepted };
  }

  /**
   * Work that rides on the transaction about to commit: the outbox's sent marks and the freeze
   * of the replies just written (see OutboxSender.rideAlong). Call inside that transaction;
   * returns what to call after it committed.
   */
  rideAlong(): () => void {
    this.inlineInBatch = 0;
    const chats = [...this.touched];
    this.touched.clear();
    return this.deps.sender?.rideAlong(chats) ?? (() => {});
  }

  /** After the transaction that handled events at once (whoever commits it): send and settle. */
  private afterInline(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      this.inlineInBatch = 0;
      if (this.touched.size > 0) {
        // A caller that did not call rideAlong: the pass takes those chats.
        this.touched.clear();
        this.deps.sender?.wake();
      }
      if (!this.scheduled) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  /** Resolves when the inbox is handled and the outbox has nothing sendable left. */
  async idle(): Promise<void> {
    if (this.scheduled || this.pendingCount() > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    await this.deps.sender?.idle();
  }

  /** Handles every pending inbox row (also those left by a crash); returns how many. */
  processPending(): number {
    let handled = 0;
    for (;;) {
      let after = () => {};
      const count = inTransaction(this.deps.db, () => {
        // The limit written out, not bound: SQLite runs `LIMIT ?` markedly slower.
        const rows = prepared(this.deps.db, 'inboxPending', () =>
          this.deps.db.$client.prepare<[], { id: number; payload: string }>(
            `SELECT id, payload FROM inbox WHERE status = 'pending' ORDER BY id LIMIT ${BATCH}`,
          ),
        ).all();
        for (const row of rows) this.handleRow(row.id, JSON.parse(row.payload) as InboundEvent, 'pending');
        if (rows.length > 0) after = this.rideAlong(); // sent marks and the freeze ride along
        return rows.length;
      });
      after();
      if (count === 0) break;
      handled += count;
    }
    metrics.inboxPending.set(0);
    this.inline = true; // nothing older waits now
    if (handled > 0) this.deps.sender?.wake();
    return handled;
  }

  scheduleProcessing(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.processPending();
      } catch (err) {
        // The database refused (locked, disk full): the rows stay pending and are tried again.
        this.deps.log.error({ err }, 'inbox processing failed; retrying in 1 s');
        setTimeout(() => this.scheduleProcessing(), 1000).unref();
        return;
      }
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private pendingCount(): number {
    return (
      this.deps.db
        .select({ n: sql<number>`count(*)` })
        .from(inbox)
        .where(inboxPending)
        .get()?.n ?? 0
    );
  }

  /**
   * The error boundary: an unexpected error undoes the event's changes and gets an apology.
   * `stored` is the row's status as written; it is updated when the outcome differs. Unguarded
   * (inside the caller's savepoint for this one event), an error goes to the caller instead.
   */
  private handleRow(rowId: number, event: InboundEvent, stored: 'pending' | 'done', guarded = true): void {
    const started = performance.now();
    const { db, log, clock } = this.deps;
    const out: OutboxItem[] = [];
    let status: 'done' | 'failed' = 'done';
    let result: Outcome | { outcome: 'error'; command: string };
    try {
      result = guarded
        ? inTransaction(db, () => dispatch(this.deps, event, out))
        : dispatch(this.deps, event, out);
    } catch (err) {
      if (!guarded) throw err;
      out.length = 0;
      status = 'failed';
      result = { outcome: 'error', command: '-' };
      log.error({ err, inboxId: rowId, eventId: eventId(event) }, 'event failed');
      if ((event.type ?? 'message') === 'message' && !(err instanceof UserError)) {
        const msg = event as Extract<InboundEvent, { chatType: string }>;
        sendingTo(db, { platform: msg.platform, chatId: msg.chatId }, out).reply(
          '抱歉，处理这条消息时出错了，已记录，请稍后再试或联系管理员。',
        );
      }
    }
    const now = clock.now();
    for (const item of out) {
      enqueue(db, item, now);
      this.touched.add(chatKey(item.platform, item.chatId));
    }
    if (status !== stored)
      prepared(db, 'inboxDone', () =>
        db.$client.prepare<[string, string | null, number]>(
          'UPDATE inbox SET status = ?, error = ? WHERE id = ?',
        ),
      ).run(status, status === 'failed' ? 'handler error' : null, rowId);
    metrics.commands.inc({ command: result.command, outcome: result.outcome });
    metrics.handleSeconds.observe((performance.now() - started) / 1000);
  }
}
