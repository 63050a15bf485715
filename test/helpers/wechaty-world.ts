import type { EventEmitter } from 'node:events';
import type { FileBoxInterface } from 'file-box';
import { WechatyBuilder, types, type Message, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { WechatAdapter } from '../../adapters/wechat/wechat-adapter.js';
import { buildApp, startAdapters, stopApp, type App } from '../../src/app.js';
import { FixedClock } from '../../src/core/clock.js';
import type { Adapter } from '../../src/core/message.js';
import { lazyRoster } from './harness.js';
import { openDatabase, type Db } from '../../src/core/db.js';
import { TZ, at, silentLog, tempDbPath } from './harness.js';

export interface SentText {
  to: string;
  text: string;
  mentionIds: string[];
}

/**
 * The stock mock puppet, plus what a test needs to see and steer: group nicknames (the stock
 * mock never has them), a record of sent texts with their mention ids (the mock drops them),
 * files recorded instead of stored (the mock cannot store file boxes), and failures to inject.
 */
export class RecordingPuppet extends PuppetMock {
  readonly roomAliases: Record<string, string> = {};
  readonly sent: SentText[] = [];
  readonly files: { to: string; name: string }[] = [];
  readonly failures: Error[] = [];

  /**
   * puppet-wechat (the web protocol) answers a contact lookup of a room id with the room itself,
   * which is how its system lines arrive with the room as talker; the stock mock throws instead.
   */
  override async contactRawPayload(id: string) {
    if (id.endsWith('@chatroom')) {
      const room = await this.roomRawPayload(id);
      return { id, name: room.topic, type: types.Contact.Unknown, gender: 0, phone: [] } as never;
    }
    return super.contactRawPayload(id);
  }

  override async roomMemberRawPayload(roomId: string, contactId: string) {
    const payload = await super.roomMemberRawPayload(roomId, contactId);
    return { ...payload, roomAlias: this.roomAliases[contactId] };
  }

  override async messageSendText(to: string, text: string, mentionIds: string[] = []): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ to, text, mentionIds });
    await super.messageSendText(to, text);
    // Pad puppets report the new message's id, which Wechaty turns into the Message say() returns.
    const id = `sent-${this.sent.length}`;
    this.mocker.MessageMock.create({
      id,
      talkerId: this.currentUserId,
      ...(to.endsWith('@chatroom') ? { roomId: to } : { listenerId: to }),
      text,
      timestamp: Date.now(),
      type: types.Message.Text,
      mentionIdList: mentionIds,
    });
    // The mock's declared type says void; Wechaty's say() reads a returned id all the same.
    return id as unknown as void;
  }

  override async messageSendFile(to: string, file: FileBoxInterface): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.files.push({ to, name: file.name });
  }
}

const asEmitter = (x: unknown) => x as EventEmitter;

/** Resolves with the arguments of the first `event` that satisfies `pred`. */
export function waitFor<T extends unknown[]>(
  emitter: unknown,
  event: string,
  pred: (...args: T) => boolean = () => true,
  ms = 5000,
): Promise<T> {
  const em = asEmitter(emitter);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      em.off(event, on);
      reject(new Error(`timeout waiting for ${event}`));
    }, ms);
    function on(...args: unknown[]) {
      if (!pred(...(args as T))) return;
      clearTimeout(timer);
      em.off(event, on);
      resolve(args as T);
    }
    em.on(event, on);
  });
}

let seq = 0;

/**
 * A WeChat group on the mock puppet, wired to the real app (real SQLite file, router, outbox)
 * through the real WechatAdapter. People: the bot 支部助手, the group owner 书记, and 张三, 李四, 王五.
 */
export class WechatWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet: RecordingPuppet;
  readonly wechaty: Wechaty;
  adapter!: WechatAdapter;
  readonly clock: FixedClock;
  readonly errors: Error[] = [];
  /** Login QR codes the adapter showed. */
  readonly qrs: string[] = [];
  app!: App;
  db!: Db;
  readonly self: mock.ContactMock;
  readonly owner: mock.ContactMock;
  readonly zhang: mock.ContactMock;
  readonly li: mock.ContactMock;
  readonly wang: mock.ContactMock;
  readonly room: mock.RoomMock;

  constructor(
    readonly dbPath = tempDbPath(),
    start = '2026-11-02 08:00',
    private readonly others: Adapter[] = [],
  ) {
    this.clock = new FixedClock(at(start));
    this.puppet = new RecordingPuppet({ mocker: this.mocker });
    this.wechaty = WechatyBuilder.build({ puppet: this.puppet });
    this.wechaty.on('error', (e) => {
      this.errors.push(e as Error);
    });
    this.self = this.mocker.createContact({ id: 'bot-self', name: '支部助手' });
    this.owner = this.mocker.createContact({ id: 'wx-owner', name: '老陈' });
    this.zhang = this.mocker.createContact({ id: 'wx-zhang', name: 'zhang3' });
    this.li = this.mocker.createContact({ id: 'wx-li', name: '李四' });
    this.wang = this.mocker.createContact({ id: 'wx-wang', name: '王五' });
    this.puppet.roomAliases['wx-owner'] = '书记';
    this.puppet.roomAliases['wx-zhang'] = '张三';
    this.room = this.mocker.createRoom({
      id: 'branch-1@chatroom',
      topic: '第一党支部',
      ownerId: this.owner.id,
      adminIdList: [],
      memberIdList: [this.self.id, this.owner.id, this.zhang.id, this.li.id, this.wang.id],
    });
  }

  /** Opens the database, builds the app, starts the adapters and (unless told not to) logs the bot in. */
  async start(opts: { login?: boolean } = {}): Promise<this> {
    this.db = openDatabase(this.dbPath);
    this.adapter = new WechatAdapter({
      wechaty: this.wechaty,
      roster: lazyRoster(() => this.app, this.clock),
      log: silentLog,
      sendIntervalMs: 0,
      minGapMs: 0,
      jitterMs: 0,
      rateLimitPauseMs: 300,
      showQr: (qr) => this.qrs.push(qr),
    });
    this.app = buildApp({
      db: this.db,
      clock: this.clock,
      tz: TZ,
      log: silentLog,
      adapters: [this.adapter, ...this.others],
    });
    await startAdapters(this.app, silentLog);
    if (opts.login !== false) await this.login();
    return this;
  }

  async login(): Promise<void> {
    const loggedIn = waitFor(this.wechaty, 'login');
    this.mocker.login(this.self);
    await loggedIn;
    await this.settle();
  }

  /** Waits until the adapter handed on every event and the app answered everything. */
  async settle(): Promise<void> {
    await this.adapter.idle();
    await this.app.inbox.idle();
  }

  async stop(): Promise<void> {
    await stopApp(this.app, silentLog, 2000);
    await new Promise(setImmediate);
  }

  /**
   * `who` sends `text` (to the group unless `to` is a person) with a chosen id and time, and the
   * world settles; returns the texts the bot sent because of it.
   */
  async say(
    who: mock.ContactMock | mock.RoomMock,
    text: string,
    opts: {
      id?: string;
      sentAt?: number;
      mentions?: mock.ContactMock[];
      to?: mock.ContactMock | mock.RoomMock;
      type?: types.Message;
      /** The puppet's raw mentionIdList, special ids included (padlocal's notify@all). */
      mentionIds?: string[];
    } = {},
  ): Promise<string[]> {
    const id = opts.id ?? `msg-${++seq}`;
    const to = opts.to ?? this.room;
    const isRoom = to.id.includes('@');
    const payload = {
      id,
      talkerId: who.id,
      ...(isRoom ? { roomId: to.id } : { listenerId: to.id }),
      text,
      timestamp: opts.sentAt ?? this.clock.now(),
      type: opts.type ?? types.Message.Text,
      mentionIdList: opts.mentionIds ?? (opts.mentions ?? []).map((c) => c.id),
    };
    // A room as talker (puppet-wechat's system lines) is no mock contact: store the payload
    // directly, as MessageMock.create would, without its per-contact event.
    if (who.id.endsWith('@chatroom')) this.mocker.cacheMessagePayload.set(id, payload);
    else this.mocker.MessageMock.create(payload);
    return this.deliver(id);
  }

  /** The platform delivers (again) the message with this id; returns the texts the bot sent because of it. */
  async deliver(id: string): Promise<string[]> {
    const before = this.puppet.sent.length;
    const seen = waitFor<[Message]>(this.wechaty, 'message', (m) => m.id === id);
    this.puppet.emit('message', { messageId: id });
    await seen;
    await this.settle();
    return this.puppet.sent.slice(before).map((s) => s.text);
  }

  /** The one reply to a message (fails when there is not exactly one). */
  async ask(
    who: mock.ContactMock,
    text: string,
    opts: Parameters<WechatWorld['say']>[2] = {},
  ): Promise<string> {
    const replies = await this.say(who, text, opts);
    if (replies.length !== 1)
      throw new Error(`expected one reply to「${text}」, got ${JSON.stringify(replies)}`);
    return replies[0]!;
  }

  count(table: string): number {
    return (this.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** Errors Wechaty reported, minus the mock's known noise on join/leave (room.sync looks up the room id as a contact). */
  unexpectedErrors(): string[] {
    return this.errors
      .map((e) => String(e?.message ?? e))
      .filter((m) => !/no payload found for id .*@chatroom/.test(m));
  }
}
