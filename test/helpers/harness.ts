import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { FixedClock } from '../../src/core/clock.js';
import type {
  Adapter,
  AdapterState,
  IncomingMessage,
  EventSink,
  OutgoingMessage,
  RosterMember,
} from '../../src/core/message.js';
import { instantOf } from '../../src/domain/time.js';
import { openDatabase, type Db } from '../../src/core/db.js';
import type { Clock } from '../../src/core/clock.js';
import { RosterEvents } from '../../src/core/roster-events.js';
import { getSettings } from '../../src/core/settings.js';
import type { Feature, ReportScope } from '../../src/core/feature.js';
import { findChat } from '../../src/core/members.js';

export const TZ = 'Asia/Shanghai';
export const silentLog = pino({ level: 'silent' });

/** A temporary database file (real migrations, WAL): a restart reopens the same path. */
export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'zhibu-test-')), 'zhibu.db');
}

/** An adapter that records what the bot sends; `failNext` makes sends throw. */
export class FakeAdapter implements Adapter {
  state: AdapterState = 'stopped';
  readonly sent: OutgoingMessage[] = [];
  sink: EventSink | undefined;
  failures: Error[] = [];
  constructor(
    readonly name = 'fake',
    readonly sendIntervalMs = 0,
  ) {}
  async start(onMessage: EventSink) {
    this.sink = onMessage;
    this.state = 'running';
  }
  async stop() {
    this.state = 'stopped';
  }
  async send(message: OutgoingMessage) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    // Like a platform: each send creates a message with its own id (kept in the outbox).
    return { messageIds: [`${this.name}-msg-${this.sent.length}`] };
  }
  async members(): Promise<{ members: RosterMember[] }> {
    return { members: [] };
  }
  texts(): string[] {
    return this.sent.map((m) => m.text);
  }
}

/** At 'YYYY-MM-DD HH:mm' in the test timezone. */
export const at = (s: string) => instantOf(s.slice(0, 10), s.slice(11, 16), TZ);

let counter = 0;

/**
 * The real app (real SQLite file, migrations, router, outbox) with a fake adapter and a fixed
 * clock. `say` sends a message and waits for the replies it caused.
 */
export class Harness {
  readonly clock: FixedClock;
  readonly adapter: FakeAdapter;
  app!: App;
  db!: Db;
  chat = 'g1';
  title = '第一党支部';

  constructor(
    readonly dbPath = tempDbPath(),
    start = '2026-11-02 08:00',
    /** Only these features (default: all of src/features/index.ts). */
    readonly features?: readonly Feature[],
  ) {
    this.clock = new FixedClock(at(start));
    this.adapter = new FakeAdapter();
  }

  async start(): Promise<this> {
    this.db = openDatabase(this.dbPath);
    this.app = buildApp({
      db: this.db,
      clock: this.clock,
      tz: TZ,
      log: silentLog,
      adapters: [this.adapter],
      features: this.features,
    });
    await this.adapter.start(async (m) => this.app.inbox.accept(m));
    this.app.inbox.processPending();
    this.app.sender.wake(); // as startAdapters does: replies written before a restart go out
    return this;
  }

  async stop(): Promise<void> {
    this.app.sender.stop();
    this.db.$client.close();
  }

  /** Restart: close and reopen the same database file. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  setTime(s: string): void {
    this.clock.set(at(s));
  }

  message(sender: string, text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
    return {
      platform: 'fake',
      messageId: `m${++counter}-${Date.now()}`,
      chatId: this.chat,
      chatTitle: this.title,
      chatType: 'group',
      senderId: sender,
      senderName: sender,
      text,
      sentAt: this.clock.now(),
      addressed: true,
      ...extra,
    };
  }

  /** Sends a message as `sender` and returns the text of the replies it caused. */
  async say(sender: string, text: string, extra: Partial<IncomingMessage> = {}): Promise<string[]> {
    const before = this.adapter.sent.length;
    await this.adapter.sink!(this.message(sender, text, extra));
    await this.app.inbox.idle();
    return this.adapter.sent.slice(before).map((m) => m.text);
  }

  /** The one reply to a message (fails the test when there is not exactly one). */
  async ask(sender: string, text: string, extra: Partial<IncomingMessage> = {}): Promise<string> {
    const replies = await this.say(sender, text, extra);
    if (replies.length !== 1)
      throw new Error(`expected one reply to「${text}」, got ${JSON.stringify(replies)}`);
    return replies[0]!;
  }

  count(table: string): number {
    return (this.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
}

/** A started harness where `书记` spoke first (and so is secretary). */
export async function branchWithSecretary(start?: string): Promise<Harness> {
  const h = await new Harness(undefined, start).start();
  await h.say('书记', '帮助', { chatOwnerId: '书记' });
  return h;
}

/** Roster events for an adapter built before its app: they go to whichever app is current. */
export function lazyRoster(app: () => App, clock: Clock): RosterEvents {
  const roster = new RosterEvents(() => clock.now());
  roster.sink = (event) => app().sink(event);
  return roster;
}

/** What a report needs for the harness's group on `today` (09:30). */
export function reportScope(h: Harness, today: string): ReportScope {
  const { branch } = findChat(h.db, h.adapter.name, h.chat)!;
  const registry = h.app.registry;
  const settings = getSettings(h.db, branch.id, registry.settingDefaults);
  return { db: h.db, registry, settings, branch, tz: TZ, at: at(`${today} 09:30`), today };
}

/** Inbox rows that are messages (roster changes travel through the inbox too). */
export const INBOX_MESSAGES = "inbox WHERE coalesce(json_extract(payload, '$.type'), 'message') = 'message'";
