import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type {
  Adapter,
  AdapterState,
  IncomingMessage,
  MessageSink,
  OutgoingMessage,
  SendResult,
  RosterMember,
} from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { LarkApi, sdkLogger, type Recipient } from './lark-api.js';
import { LarkChats } from './lark-chats.js';
import { planSends } from './outgoing.js';
import type {
  LarkCardActionEvent,
  LarkEnvelope,
  LarkEventHeader,
  LarkMemberEvent,
  LarkMessageEvent,
} from './payloads.js';
import { cardActionToIncoming, messageToIncoming, usersOf } from './to-incoming.js';
import { larkWebhook } from './webhook.js';

export interface LarkAdapterOptions {
  appId: string;
  appSecret: string;
  /** LARK_DOMAIN: https://open.feishu.cn, https://open.larksuite.com, or a test server. */
  domain: string;
  mode: 'ws' | 'webhook';
  encryptKey?: string;
  verificationToken?: string;
  roster: RosterEvents;
  log: Logger;
  /** The command list sent with the welcome when the bot is added to a group. */
  helpText?: () => string;
  /** How long a message from an unknown chat or sender waits for the member list. Default 2 s. */
  firstContactWaitMs?: number;
  /** Wait before retrying a rate-limited send when Feishu gives no reset time. Default 1 s. */
  rateLimitRetryMs?: number;
  /** How often every known chat's member list is read again. Default daily. */
  rosterRefreshMs?: number;
  /** How long `start` waits for the long connection before carrying on (it keeps retrying). */
  connectWaitMs?: number;
  maxTextBytes?: number;
  now?: () => number;
}

/** A bounded set of recently handled event ids (Feishu may deliver an event more than once). */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
  }
}

const CARD_ACK = { toast: { type: 'info', content: '已收到，处理结果见群消息' } };
const WELCOME = '👋 大家好，我是支部助手。打卡、学习签到、关怀基金捐款都在群里直接发消息即可，不必 @我。';

/**
 * Feishu/Lark groups through the official SDK: events arrive over the long connection (`ws`)
 * or the webhook plugin (`webhook`), become IncomingMessages in the inbox, and replies go out
 * through the Open API with the outbox's idempotency key as Feishu's `uuid`.
 */
export class LarkAdapter implements Adapter {
  readonly name = 'lark';
  /** Feishu allows about 5 messages a second per group. */
  readonly sendIntervalMs = 200;
  state: AdapterState = 'stopped';
  readonly api: LarkApi;
  readonly chats: LarkChats;
  private sink: MessageSink | undefined;
  private botOpenId: string | undefined;
  private ws: lark.WSClient | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly recent = new RecentIds(10_000);
  private readonly background = new Set<Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly o: LarkAdapterOptions) {
    this.now = o.now ?? Date.now;
    this.api = new LarkApi({
      appId: o.appId,
      appSecret: o.appSecret,
      domain: o.domain,
      log: o.log,
      rateLimitRetryMs: o.rateLimitRetryMs,
    });
    this.chats = new LarkChats(this.api, o.roster, o.log, this.now);
  }

  /**
   * The webhook routes (`POST /lark/events`, `POST /lark/card`) as a Fastify plugin; register it
   * before the server listens. Throws without an encrypt key: unsigned events are never accepted.
   */
  routes() {
    if (!this.o.encryptKey) throw new Error('飞书 webhook 模式需要 LARK_ENCRYPT_KEY');
    return larkWebhook({
      encryptKey: this.o.encryptKey,
      verificationToken: this.o.verificationToken,
      log: this.o.log,
      ready: () => this.state === 'running' && this.sink !== undefined,
      onEvent: (envelope) => this.handleEvent(envelope),
    });
  }

  /** Logs in (bot info), then opens the long connection in `ws` mode. Throws when the app cannot log in. */
  async start(onMessage: MessageSink): Promise<void> {
    this.state = 'starting';
    this.sink = onMessage;
    try {
      const bot = await this.api.botInfo();
      this.botOpenId = bot.openId;
      if (this.o.mode === 'ws') await this.connect();
    } catch (err) {
      this.state = 'error';
      throw new Error(
        `飞书应用无法登录（检查 LARK_APP_ID / LARK_APP_SECRET / LARK_DOMAIN）：${(err as Error).message}`,
      );
    }
    this.state = 'running';
    this.refreshTimer = setInterval(
      () => this.track(this.chats.syncAll()),
      this.o.rosterRefreshMs ?? 24 * 3600_000,
    );
    this.refreshTimer.unref();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.ws?.close({ force: true });
    this.ws = undefined;
  }

  /** Resolves when background work (welcome messages, roster syncs) has finished. */
  async settled(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  /**
   * Sends a message: a card or (split) text, then its file; parts are spaced by the per-chat
   * interval. `private` messages go to the user whose open_id is the chat id.
   */
  async send(message: OutgoingMessage): Promise<SendResult> {
    const to: Recipient = { type: message.private ? 'open_id' : 'chat_id', id: message.chatId };
    const sends = planSends(message, this.o.maxTextBytes);
    const messageIds: string[] = [];
    for (const [i, s] of sends.entries()) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.sendIntervalMs));
      const id =
        s.kind === 'file'
          ? await this.api.sendFile(to, s.path, s.name, s.uuid)
          : await this.api.sendMessage(to, s.msgType, s.content, s.uuid);
      if (id) messageIds.push(id);
    }
    return { messageIds };
  }

  async members(chatId: string): Promise<{ members: RosterMember[]; ownerId?: string }> {
    const [info, members] = await Promise.all([this.api.chat(chatId), this.api.members(chatId)]);
    return { members, ownerId: info.ownerId };
  }

  /**
   * Handles one decrypted, verified event from either transport and resolves to the callback
   * answer. Rejects only when the inbox could not store a message, so the platform delivers it
   * again; anything else is logged and answered.
   */
  async handleEvent(envelope: LarkEnvelope): Promise<unknown> {
    const header = envelope.header ?? {};
    const event = envelope.event ?? {};
    const eventId = header.event_id;
    const isCard = header.event_type === 'card.action.trigger';
    if (eventId && this.recent.has(eventId)) return isCard ? CARD_ACK : {};
    let answer: unknown = {};
    switch (header.event_type) {
      case 'im.message.receive_v1':
        await this.onMessage(event as LarkMessageEvent, header);
        break;
      case 'card.action.trigger':
        answer = await this.onCardAction(event as LarkCardActionEvent, header);
        break;
      case 'im.chat.member.user.added_v1':
        this.onJoined(event as LarkMemberEvent);
        break;
      case 'im.chat.member.user.deleted_v1':
      case 'im.chat.member.user.withdrawn_v1':
        this.onLeft(event as LarkMemberEvent);
        break;
      case 'im.chat.member.bot.added_v1':
        this.track(this.onBotAdded(event as LarkMemberEvent, eventId ?? `${this.now()}`));
        break;
      default:
        this.o.log.debug({ eventType: header.event_type }, 'lark event ignored');
    }
    if (eventId) this.recent.add(eventId);
    return answer;
  }

  private async onMessage(ev: LarkMessageEvent, header: LarkEventHeader): Promise<void> {
    const chatId = ev.message?.chat_id;
    const senderId = ev.sender?.sender_id?.open_id;
    const type = ev.message?.message_type;
    if (
      !chatId ||
      !senderId ||
      (type !== 'text' && type !== 'post') ||
      (ev.sender?.sender_type ?? 'user') !== 'user'
    )
      return;
    // Feishu events carry no names or chat titles: read the member list at first contact.
    const p2p = ev.message?.chat_type === 'p2p';
    if (this.chats.needsSync(chatId, senderId, p2p))
      await this.chats.prepare(chatId, senderId, this.o.firstContactWaitMs ?? 2000, p2p);
    const message = messageToIncoming(ev, {
      botOpenId: this.botOpenId,
      header,
      now: this.now(),
      chat: this.chats.view(chatId),
    });
    if (message) await this.store(message);
  }

  private async onCardAction(ev: LarkCardActionEvent, header: LarkEventHeader): Promise<unknown> {
    const opts = { header, now: this.now() };
    const first = cardActionToIncoming(ev, opts);
    if (!first) return {};
    if (this.chats.needsSync(first.chatId, first.senderId))
      await this.chats.prepare(first.chatId, first.senderId, this.o.firstContactWaitMs ?? 2000);
    await this.store(cardActionToIncoming(ev, { ...opts, chat: this.chats.view(first.chatId) })!);
    return CARD_ACK;
  }

  /** Writes to the inbox. A message the inbox rejects as invalid is dropped, not redelivered forever. */
  private async store(message: IncomingMessage): Promise<void> {
    if (!this.sink) throw new Error('lark adapter is not started');
    try {
      await this.sink(message);
    } catch (err) {
      if ((err as Error)?.name === 'ZodError') {
        this.o.log.warn(
          { messageId: message.messageId, err: (err as Error).message },
          'lark message rejected as invalid',
        );
        return;
      }
      throw err;
    }
  }

  private onJoined(ev: LarkMemberEvent): void {
    if (!ev.chat_id) return;
    const users = usersOf(ev);
    if (!this.chats.known().includes(ev.chat_id))
      this.track(this.chats.sync(ev.chat_id).catch(() => undefined));
    this.chats.joined(ev.chat_id, users);
  }

  private onLeft(ev: LarkMemberEvent): void {
    if (!ev.chat_id) return;
    this.chats.left(
      ev.chat_id,
      usersOf(ev).map((u) => u.userId),
    );
  }

  /** The bot joined a group: read its roster, then greet with the command list (once per event). */
  private async onBotAdded(ev: LarkMemberEvent, eventId: string): Promise<void> {
    const chatId = ev.chat_id;
    if (!chatId) return;
    await this.chats.sync(chatId).catch(() => undefined);
    const text = [WELCOME, this.o.helpText?.()].filter(Boolean).join('\n\n');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send({ platform: this.name, chatId, text, idempotencyKey: `welcome-${eventId}` });
        return;
      } catch (err) {
        const e = err as { options?: { permanent?: boolean; retryAfterMs?: number } };
        if (attempt >= 3 || e.options?.permanent) {
          this.o.log.warn({ chatId, err: (err as Error).message }, 'lark welcome message not sent');
          return;
        }
        await new Promise((r) => setTimeout(r, e.options?.retryAfterMs ?? 1000 * attempt));
      }
    }
  }

  private track(p: Promise<unknown>): void {
    const tracked = p
      .catch((err) => this.o.log.warn({ err: (err as Error)?.message }, 'lark background task failed'))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  /** Opens the long connection; resolves once connected or after `connectWaitMs` (it keeps retrying). */
  private async connect(): Promise<void> {
    if (!/^cli_[0-9a-fA-F]{16}$/.test(this.o.appId))
      throw new Error('长连接模式需要形如 cli_ 加 16 位十六进制的 LARK_APP_ID');
    const log = this.o.log;
    let ready!: () => void;
    const connected = new Promise<void>((r) => (ready = r));
    this.ws = new lark.WSClient({
      appId: this.o.appId,
      appSecret: this.o.appSecret,
      domain: this.o.domain.replace(/\/+$/, ''),
      logger: sdkLogger(log),
      loggerLevel: lark.LoggerLevel.error,
      autoReconnect: true,
      onReady: () => {
        log.info('飞书长连接已建立');
        ready();
      },
      onError: (err) => log.error({ err: err.message }, '飞书长连接失败'),
      onReconnecting: () => log.warn('飞书长连接断开，正在重连'),
      onReconnected: () => log.info('飞书长连接已恢复'),
    });
    // The SDK turns a throwing handler into a 500 ack (Feishu delivers again); a frame's data is
    // the flattened v2 envelope, rebuilt here so both transports share one handler.
    const handler = (data: Record<string, unknown>) => this.handleEvent(fromFlattened(data));
    const types = [
      'im.message.receive_v1',
      'card.action.trigger',
      'im.chat.member.user.added_v1',
      'im.chat.member.user.deleted_v1',
      'im.chat.member.user.withdrawn_v1',
      'im.chat.member.bot.added_v1',
    ];
    const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(log) }).register(
      Object.fromEntries(types.map((t) => [t, handler])) as never,
    );
    await this.ws.start({ eventDispatcher: dispatcher });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      connected,
      new Promise((r) => (timer = setTimeout(r, this.o.connectWaitMs ?? 5000))),
    ]);
    clearTimeout(timer);
  }
}

/** The SDK flattens `{header, event}` into one object; split it back. */
function fromFlattened(data: Record<string, unknown>): LarkEnvelope {
  const pick = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : undefined);
  return {
    schema: pick('schema'),
    header: {
      event_id: pick('event_id'),
      event_type: pick('event_type'),
      create_time: pick('create_time'),
      token: pick('token'),
      app_id: pick('app_id'),
      tenant_key: pick('tenant_key'),
    },
    event: data,
  };
}
