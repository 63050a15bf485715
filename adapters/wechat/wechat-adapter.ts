import { existsSync } from 'node:fs';
import { FileBox } from 'file-box';
import type { Logger } from 'pino';
import qrcodeTerminal from 'qrcode-terminal';
import {
  ScanStatus,
  qrcodeValueToImageUrl,
  types,
  type Contact,
  type Message,
  type Room,
  type Wechaty,
} from 'wechaty';
import { SendError } from '../../src/core/errors.js';
import type {
  Adapter,
  AdapterState,
  EventSink,
  OutgoingMessage,
  RosterMember,
} from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { isRateLimitNotice, splitText } from './outgoing.js';
import { SendPacer } from './send-pacer.js';
import { ErrorThrottle, describeStartFailure, retryDelayMs } from './start-errors.js';
import { isRoomId, isSystemNotice } from './wechat-ids.js';
import { WechatRooms } from './wechat-rooms.js';
import { WECHAT, toIncoming } from './to-incoming.js';
import { authorOf, contacts, readFacts } from './message-facts.js';

export interface WechatAdapterOptions {
  /** A Wechaty instance, or a function that builds one when the adapter starts. */
  wechaty: Wechaty | (() => Wechaty);
  roster: RosterEvents;
  log: Logger;
  /** Spacing between two sends to the same group (applied by the outbox). Default 2 s. */
  sendIntervalMs?: number;
  /** Spacing between any two sends of the account, plus a random 0..jitterMs. Defaults 1 s and 1.5 s. */
  minGapMs?: number;
  jitterMs?: number;
  /** How long sending pauses after WeChat says "操作过于频繁". Default 10 min. */
  rateLimitPauseMs?: number;
  /** How often every group's member list is brought into its branch. Default once a day. */
  rosterEveryMs?: number;
  /** Draws the login QR code; default: in the terminal, on standard error. */
  showQr?: (qrcode: string) => void;
  random?: () => number;
  /** Delay before log-in attempt n after a failed start; default 5 s doubling up to 5 min. */
  retryDelayMs?: (attempt: number) => number;
  /** The puppet's name, for the start-up error line. */
  puppetName?: string;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * WeChat groups through Wechaty. Turns room and private text messages into IncomingMessages,
 * sends replies to rooms (with @mentions, long text split, sends spaced with jitter), pauses on
 * "操作过于频繁", and keeps each group's roster in its branch. No business logic lives here.
 */
export class WechatAdapter implements Adapter {
  readonly name = WECHAT;
  readonly sendIntervalMs: number;
  state: AdapterState = 'stopped';
  private wechaty: Wechaty | undefined;
  private sink: EventSink | undefined;
  private stopping = false;
  private rosterTimer: NodeJS.Timeout | undefined;
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly rooms: WechatRooms;
  /** Pieces of a split message already sent, by idempotency key, so a retry sends only the rest. */
  private readonly progress = new Map<string, number>();
  private readonly pacer: SendPacer;
  private readonly errors = new ErrorThrottle();
  private retryTimer: NodeJS.Timeout | undefined;
  private attempts = 0;

  constructor(private readonly o: WechatAdapterOptions) {
    this.rooms = new WechatRooms(o.roster, o.log, () => this.requireBot());
    this.sendIntervalMs = o.sendIntervalMs ?? 2000;
    const pauseMs = o.rateLimitPauseMs ?? 10 * 60_000;
    this.pacer = new SendPacer({
      minGapMs: o.minGapMs ?? 1000,
      jitterMs: o.jitterMs ?? 1500,
      pauseMs,
      random: o.random,
      onPause: (source) =>
        o.log.warn({ source, pauseMs }, '微信提示操作过于频繁：暂停发送，稍后从发件箱重试'),
    });
  }

  /**
   * Starts Wechaty and listens; login happens later (scan, or the saved session). Never throws:
   * a missing puppet or a refused token is one Chinese error line and state `error`; other
   * failures are retried with backoff.
   */
  async start(onMessage: EventSink): Promise<void> {
    this.sink = onMessage;
    this.stopping = false;
    this.state = 'starting';
    this.attempts = 0;
    await this.attempt();
  }

  private async attempt(): Promise<void> {
    this.attempts++;
    try {
      if (!this.wechaty || typeof this.o.wechaty === 'function') {
        await this.wechaty?.stop().catch(() => undefined);
        const bot = typeof this.o.wechaty === 'function' ? this.o.wechaty() : this.o.wechaty;
        this.wechaty = bot;
        this.listen(bot);
      }
      await this.wechaty.start();
    } catch (err) {
      this.failStart(err);
    }
  }

  /** One line per failure; a retry later unless retrying cannot help. */
  private failStart(err: unknown): void {
    if (this.stopping) return;
    const failure = describeStartFailure(err, this.o.puppetName);
    this.state = 'error';
    if (failure.fatal || this.retryTimer) {
      this.o.log.error(failure.line);
      if (failure.fatal) void this.wechaty?.stop().catch(() => undefined);
      return;
    }
    const delay = (this.o.retryDelayMs ?? retryDelayMs)(this.attempts);
    this.o.log.error(`${failure.line}；${Math.round(delay / 1000)} 秒后重试`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopping) void this.attempt();
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.rosterTimer) clearInterval(this.rosterTimer);
    this.rosterTimer = undefined;
    await this.idle();
    await this.wechaty?.stop().catch((err: unknown) => this.o.log.warn({ err }, 'wechaty stop failed'));
    this.state = 'stopped';
  }

  /** Resolves when every message and roster event received so far has been handed on. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  async members(chatId: string): Promise<{ members: RosterMember[]; ownerId?: string }> {
    const room = await this.requireBot().Room.find({ id: chatId });
    if (!room) return { members: [] };
    return { members: await this.rooms.members(room), ownerId: room.owner()?.id };
  }

  /**
   * Sends text (split at line breaks, @mentions on the first piece) and then the file, if any.
   * Throws SendError with retryAfterMs while logged out or paused by WeChat's rate limit.
   */
  async send(message: OutgoingMessage): Promise<{ messageIds: string[] }> {
    if (this.state !== 'running' || !this.wechaty)
      throw new SendError('微信未登录', { retryAfterMs: 30_000 });
    this.pacer.check();
    const target = await this.findTarget(message.chatId, message.private === true);
    if (!target)
      throw new SendError(`找不到微信会话 ${message.chatId}（机器人可能已不在群里）`, { permanent: true });
    const key = message.idempotencyKey;
    const pieces = splitText(message.text).filter((p) => p.trim()); // WeChat refuses empty messages
    const mentions = target.room
      ? await contacts(this.wechaty, message.mentions?.map((m) => m.userId) ?? [])
      : [];
    const messageIds: string[] = [];
    // Wechaty returns the sent message where the puppet reports it (padlocal, service); not all do.
    const keep = (sent: unknown) => {
      const id = (sent as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id) messageIds.push(id);
    };
    for (let i = this.progress.get(key) ?? 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      await this.pacer.run(async () =>
        keep(
          i === 0 && target.room && mentions.length
            ? await target.room.say(piece, ...mentions)
            : await target.sayer.say(piece),
        ),
      );
      this.remember(key, i + 1);
    }
    if (message.file) {
      const file = message.file;
      if (!existsSync(file.path))
        throw new SendError(`要发送的文件不存在：${file.name}`, { permanent: true });
      await this.pacer.run(async () => keep(await target.sayer.say(FileBox.fromFile(file.path, file.name))));
    }
    this.progress.delete(key);
    return { messageIds };
  }

  private listen(bot: Wechaty): void {
    const log = this.o.log;
    bot.on('scan', (qrcode, status) => {
      if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
        log.info(
          { url: qrcodeValueToImageUrl(qrcode) },
          '请用机器人的微信扫码登录（二维码也可在浏览器打开该链接）',
        );
        (this.o.showQr ?? drawQr)(qrcode);
      } else {
        log.info({ status: ScanStatus[status] }, 'wechat scan status');
      }
    });
    bot.on('login', (user) => {
      if (this.stopping) return;
      this.state = 'running';
      this.attempts = 0;
      log.info({ user: user.name() }, '微信已登录');
      this.track(this.rooms.syncAll());
      if (!this.rosterTimer) {
        this.rosterTimer = setInterval(
          () => this.track(this.rooms.syncAll()),
          this.o.rosterEveryMs ?? DAY_MS,
        );
        this.rosterTimer.unref();
      }
    });
    // Some puppets list every group only once 'ready' comes: look again then.
    bot.on('ready', () => {
      if (!this.stopping && bot.isLoggedIn) this.track(this.rooms.syncAll());
    });
    bot.on('logout', (user, reason) => {
      if (this.stopping) return;
      this.state = 'logged-out';
      // Loud on purpose: nothing reaches WeChat groups until someone scans again.
      log.error({ user: user.name(), reason }, '微信已退出登录：消息暂存在发件箱，重新扫码登录后继续发送');
    });
    bot.on('error', (err) => {
      if (this.stopping) return;
      if (!bot.isLoggedIn && describeStartFailure(err).fatal) {
        // A refused token is reported again on every reconnect: say it once and stop trying.
        if (this.state !== 'error') this.failStart(err);
        return;
      }
      // Puppets repeat the same error every few seconds while a connection is down: a message, no stack.
      const admitted = this.errors.admit(err);
      if (admitted) log.warn(admitted, '微信（Wechaty）报错');
      if (this.state === 'starting' && !bot.isLoggedIn) this.state = 'error';
    });
    bot.on('message', (msg) => this.track(this.onMessage(msg)));
    bot.on('room-join', (room, invitees) => this.track(this.rooms.onJoin(room, invitees)));
    bot.on('room-leave', (room, leavers) => this.track(this.rooms.onLeave(room, leavers)));
    bot.on('room-topic', (room, topic) => this.track(this.rooms.onTopic(room, topic)));
  }

  private track(task: Promise<unknown>): void {
    const t = task.catch((err: unknown) => this.o.log.error({ err }, 'wechat event handling failed'));
    this.tasks.add(t);
    void t.finally(() => this.tasks.delete(t));
  }

  private async onMessage(msg: Message): Promise<void> {
    const bot = this.requireBot();
    const type = msg.type();
    const talkerId = msg.talker()?.id ?? '';
    // "操作过于频繁" counts only from WeChat itself, never from what a member shared or wrote.
    const notice = isSystemNotice({
      talkerId,
      selfId: bot.currentUser.id,
      roomId: msg.room()?.id,
      isText: type === types.Message.Text,
      isNote: type === types.Message.Unknown || type === types.Message.Recalled,
    });
    if (notice && isRateLimitNotice(msg.text())) this.pacer.pause('notice');
    if (msg.self() || type !== types.Message.Text) return;
    const facts = await readFacts(this.requireBot(), this.rooms, msg);
    const incoming = toIncoming(facts);
    if (!incoming || !this.sink) return;
    const room = msg.room();
    if (room) {
      this.rooms.known.add(room.id);
      if (await this.rooms.goneFrom(room, msg.talker())) {
        this.o.log.info(
          { chatId: room.id },
          'late message from a member who left the group: not admitted again',
        );
        return;
      }
      if (incoming.quote?.authorName) {
        const authorId = await authorOf(this.requireBot(), this.rooms, room, incoming.quote.authorName);
        if (authorId) incoming.quote.authorId = authorId;
      }
    }
    try {
      await this.sink(incoming);
    } catch (err) {
      this.o.log.error({ err, messageId: incoming.messageId }, 'wechat message could not be stored');
    }
  }

  /** A group, or a person for a private message (the core says so, or the id is not a group's). */
  private async findTarget(
    chatId: string,
    toPerson: boolean,
  ): Promise<{ room?: Room; sayer: Room | Contact } | undefined> {
    const bot = this.requireBot();
    if (!toPerson && (this.rooms.known.has(chatId) || isRoomId(chatId))) {
      const room = await bot.Room.find({ id: chatId });
      return room ? { room, sayer: room } : undefined;
    }
    const contact = await bot.Contact.find({ id: chatId });
    return contact ? { sayer: contact } : undefined;
  }

  private remember(key: string, sent: number): void {
    this.progress.set(key, sent);
    // Keys of messages given up on would linger; keep the map small.
    if (this.progress.size > 1000) this.progress.delete(this.progress.keys().next().value!);
  }

  private requireBot(): Wechaty {
    if (!this.wechaty) throw new Error('wechat adapter not started');
    return this.wechaty;
  }
}

function drawQr(qrcode: string): void {
  qrcodeTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`${art}\n`));
}
