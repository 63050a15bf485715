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
  MessageSink,
  OutgoingMessage,
  RosterMember,
} from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { isRateLimitNotice, splitText } from './outgoing.js';
import { SendPacer } from './send-pacer.js';
import {
  WECHAT,
  displayName,
  toIncoming,
  type WechatMessageFacts,
  type WechatPerson,
} from './to-incoming.js';

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
}

const DAY_MS = 24 * 60 * 60_000;
const ALIAS_CONCURRENCY = 16;

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
  private sink: MessageSink | undefined;
  private stopping = false;
  private rosterTimer: NodeJS.Timeout | undefined;
  private readonly tasks = new Set<Promise<unknown>>();
  /** Room ids seen, so a send knows a room from a person without a lookup. */
  private readonly rooms = new Set<string>();
  /** Pieces of a split message already sent, by idempotency key, so a retry sends only the rest. */
  private readonly progress = new Map<string, number>();
  private readonly pacer: SendPacer;

  constructor(private readonly o: WechatAdapterOptions) {
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

  /** Starts Wechaty and listens; login happens later (scan, or the saved session). Throws when the puppet cannot start. */
  async start(onMessage: MessageSink): Promise<void> {
    this.sink = onMessage;
    this.stopping = false;
    this.state = 'starting';
    try {
      const bot = typeof this.o.wechaty === 'function' ? this.o.wechaty() : this.o.wechaty;
      this.wechaty = bot;
      this.listen(bot);
      await bot.start();
    } catch (err) {
      this.state = 'error';
      this.o.log.error({ err }, '微信（Wechaty）启动失败');
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
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
    return { members: await this.roomMembers(room), ownerId: room.owner()?.id };
  }

  /**
   * Sends text (split at line breaks, @mentions on the first piece) and then the file, if any.
   * Throws SendError with retryAfterMs while logged out or paused by WeChat's rate limit.
   */
  async send(message: OutgoingMessage): Promise<void> {
    if (this.state !== 'running' || !this.wechaty)
      throw new SendError('微信未登录', { retryAfterMs: 30_000 });
    this.pacer.check();
    const target = await this.findTarget(message.chatId, message.private === true);
    if (!target)
      throw new SendError(`找不到微信会话 ${message.chatId}（机器人可能已不在群里）`, { permanent: true });
    const key = message.idempotencyKey;
    const pieces = splitText(message.text).filter((p) => p.trim()); // WeChat refuses empty messages
    const mentions = target.room ? await this.contacts(message.mentions?.map((m) => m.userId) ?? []) : [];
    for (let i = this.progress.get(key) ?? 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      await this.pacer.run(() =>
        i === 0 && target.room && mentions.length
          ? target.room.say(piece, ...mentions)
          : target.sayer.say(piece),
      );
      this.remember(key, i + 1);
    }
    if (message.file) {
      const file = message.file;
      if (!existsSync(file.path))
        throw new SendError(`要发送的文件不存在：${file.name}`, { permanent: true });
      await this.pacer.run(() => target.sayer.say(FileBox.fromFile(file.path, file.name)));
    }
    this.progress.delete(key);
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
      log.info({ user: user.name() }, '微信已登录');
      this.track(this.syncAll());
      if (!this.rosterTimer) {
        this.rosterTimer = setInterval(() => this.track(this.syncAll()), this.o.rosterEveryMs ?? DAY_MS);
        this.rosterTimer.unref();
      }
    });
    // Some puppets list every group only once 'ready' comes: look again then.
    bot.on('ready', () => {
      if (!this.stopping && bot.isLoggedIn) this.track(this.syncAll());
    });
    bot.on('logout', (user, reason) => {
      if (this.stopping) return;
      this.state = 'logged-out';
      // Loud on purpose: nothing reaches WeChat groups until someone scans again.
      log.error({ user: user.name(), reason }, '微信已退出登录：消息暂存在发件箱，重新扫码登录后继续发送');
    });
    bot.on('error', (err) => {
      log.warn({ err }, 'wechaty error');
      if (!this.stopping && this.state === 'starting' && !bot.isLoggedIn) this.state = 'error';
    });
    bot.on('message', (msg) => this.track(this.onMessage(msg)));
    bot.on('room-join', (room, invitees) => this.track(this.onJoin(room, invitees)));
    bot.on('room-leave', (room, leavers) => this.track(this.onLeave(room, leavers)));
  }

  private track(task: Promise<unknown>): void {
    const t = task.catch((err: unknown) => this.o.log.error({ err }, 'wechat event handling failed'));
    this.tasks.add(t);
    void t.finally(() => this.tasks.delete(t));
  }

  private async onMessage(msg: Message): Promise<void> {
    if (msg.self()) return;
    if (msg.type() !== types.Message.Text) {
      // WeChat's "操作过于频繁" arrives as a system note, not as a member's text.
      if (isRateLimitNotice(msg.text())) this.pacer.pause('notice');
      return;
    }
    const incoming = toIncoming(await this.readFacts(msg));
    if (!incoming || !this.sink) return;
    if (incoming.chatType === 'group') this.rooms.add(incoming.chatId);
    try {
      await this.sink(incoming);
    } catch (err) {
      this.o.log.error({ err, messageId: incoming.messageId }, 'wechat message could not be stored');
    }
  }

  private async readFacts(msg: Message): Promise<WechatMessageFacts> {
    const bot = this.requireBot();
    const room = msg.room();
    const talker = msg.talker();
    const base = { id: msg.id, isText: true, text: msg.text(), sentAt: msg.date().getTime() };
    if (!room) {
      const fromAccount =
        talker.type() !== types.Contact.Individual && talker.type() !== types.Contact.Unknown;
      return { ...base, talker: person(talker), self: person(bot.currentUser), mentioned: [], fromAccount };
    }
    const [topic, talkerP, selfP, mentioned] = await Promise.all([
      room.topic(),
      this.personIn(room, talker),
      this.personIn(room, bot.currentUser),
      msg.mentionList().catch(() => [] as Contact[]),
    ]);
    return {
      ...base,
      talker: talkerP,
      self: selfP,
      room: { id: room.id, topic, ownerId: room.owner()?.id },
      mentioned: await Promise.all(mentioned.map((c) => this.personIn(room, c))),
    };
  }

  private async personIn(room: Room, contact: Contact): Promise<WechatPerson> {
    const roomAlias = await room.alias(contact).catch(() => undefined);
    return { ...person(contact), ...(roomAlias ? { roomAlias } : {}) };
  }

  private async roomMembers(room: Room): Promise<RosterMember[]> {
    const selfId = this.requireBot().currentUser.id;
    const contacts = (await room.memberAll()).filter((c) => c.id !== selfId);
    const out: RosterMember[] = [];
    for (let i = 0; i < contacts.length; i += ALIAS_CONCURRENCY) {
      const chunk = await Promise.all(
        contacts.slice(i, i + ALIAS_CONCURRENCY).map((c) => this.personIn(room, c)),
      );
      out.push(...chunk.map((p) => ({ userId: p.id, name: displayName(p) })));
    }
    return out;
  }

  /** Brings every group's member list into its branch; one failing group does not stop the rest. */
  private async syncAll(): Promise<void> {
    const rooms = await this.requireBot().Room.findAll();
    for (const room of rooms) {
      try {
        await this.syncRoom(room);
      } catch (err) {
        this.o.log.warn({ err, chatId: room.id }, 'wechat roster sync failed for a group');
      }
    }
  }

  private async syncRoom(room: Room): Promise<void> {
    this.rooms.add(room.id);
    const members = await this.roomMembers(room);
    await this.o.roster.sync({
      platform: WECHAT,
      chatId: room.id,
      title: (await room.topic()) || room.id,
      members,
      ownerId: room.owner()?.id,
    });
  }

  private async onJoin(room: Room, invitees: Contact[]): Promise<void> {
    const selfId = this.requireBot().currentUser.id;
    if (invitees.some((c) => c.id === selfId)) return this.syncRoom(room); // the bot was added to a group
    const title = (await room.topic()) || room.id;
    for (const contact of invitees) {
      const p = await this.personIn(room, contact);
      await this.o.roster.joined({
        platform: WECHAT,
        chatId: room.id,
        title,
        member: { userId: p.id, name: displayName(p) },
      });
    }
  }

  private async onLeave(room: Room, leavers: Contact[]): Promise<void> {
    const selfId = this.requireBot().currentUser.id;
    for (const contact of leavers) {
      if (contact.id === selfId) {
        this.o.log.warn({ chatId: room.id }, '机器人已被移出微信群');
        continue;
      }
      await this.o.roster.left({ platform: WECHAT, chatId: room.id, userId: contact.id });
    }
  }

  /** A group, or a person for a private message (the core says so, or the id is not a group's). */
  private async findTarget(
    chatId: string,
    toPerson: boolean,
  ): Promise<{ room?: Room; sayer: Room | Contact } | undefined> {
    const bot = this.requireBot();
    if (!toPerson && (this.rooms.has(chatId) || looksLikeRoomId(chatId))) {
      const room = await bot.Room.find({ id: chatId });
      return room ? { room, sayer: room } : undefined;
    }
    const contact = await bot.Contact.find({ id: chatId });
    return contact ? { sayer: contact } : undefined;
  }

  private async contacts(ids: string[]): Promise<Contact[]> {
    const found = await Promise.all(
      ids.map((id) =>
        this.requireBot()
          .Contact.find({ id })
          .catch(() => undefined),
      ),
    );
    return found.filter((c): c is Contact => Boolean(c));
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

function person(contact: Contact): WechatPerson {
  return { id: contact.id, name: contact.name() };
}

/** Pad protocols name groups `…@chatroom`; the web protocol `@@…`. */
function looksLikeRoomId(id: string): boolean {
  return id.endsWith('@chatroom') || id.startsWith('@@');
}

function drawQr(qrcode: string): void {
  qrcodeTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`${art}\n`));
}
