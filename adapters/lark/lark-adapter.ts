import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { SendError } from '../../src/core/errors.js';
import type {
  Adapter,
  AdapterState,
  IncomingMessage,
  EventSink,
  OutgoingMessage,
  RosterMember,
} from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { LarkApi, type Recipient } from './lark-api.js';
import { LarkChats } from './lark-chats.js';
import { openLongConnection } from './long-connection.js';
import { planSends } from './outgoing.js';
import type {
  LarkCardActionEvent,
  LarkEnvelope,
  LarkEventHeader,
  LarkLegacyCardAction,
  LarkMemberEvent,
  LarkMessageEvent,
  LarkMessageReadEvent,
} from './payloads.js';
import { readReceiptOf, type ReadReceipt } from './read-receipt.js';
import {
  cardActionToIncoming,
  legacyCardMessageId,
  legacyCardToIncoming,
  messageToIncoming,
  usersOf,
} from './to-incoming.js';
import { isLegacyCardCallback, larkWebhook, type WebhookMeta } from './webhook.js';

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
  /** Read receipts (`im.message.message_read_v1`); without it they are dropped. */
  onRead?: (receipt: ReadReceipt) => void;
  /** How long a message from an unknown chat or sender waits for the member list. Default 2 s. */
  firstContactWaitMs?: number;
  /** How long a message waits for the contact API when the member list did not name the sender. Default 1.5 s. */
  nameLookupWaitMs?: number;
  /** Wait before retrying a rate-limited send when Feishu gives no reset time. Default 1 s. */
  rateLimitRetryMs?: number;
  /** How often every known chat's member list is read again. Default daily. */
  rosterRefreshMs?: number;
  /** How long `start` waits for the long connection before carrying on (it keeps retrying). */
  connectWaitMs?: number;
  /** First wait before logging in again after a failed start; doubles up to `maxLoginRetryMs`. Default 5 s. */
  loginRetryMs?: number;
  /** Longest wait between log-in attempts. Default 5 minutes. */
  maxLoginRetryMs?: number;
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

/** The inbox could not store a message: the only failure that should make Feishu deliver again. */
class StoreFailure extends Error {}

const CARD_ACK = { toast: { type: 'info', content: '已收到，处理结果见群消息' } };
const SCHEMA_V1_HINT =
  '收到 1.0 版飞书事件，支部助手只处理 2.0 版：请在开发者后台「事件与回调」→「事件配置」删除旧版事件，' +
  '改为添加「接收消息 im.message.receive_v1」等 2.0 版事件（见 README），然后创建版本并发布';

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
  private sink: EventSink | undefined;
  private botOpenId: string | undefined;
  private ws: lark.WSClient | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt: number | undefined;
  private loginAttempts = 0;
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
      onEvent: (envelope, _route, meta) => this.handleEvent(envelope, meta),
    });
  }

  /**
   * Logs in (bot info: the bot's own open_id, needed to tell its mention from others'), then
   * opens the long connection in `ws` mode. A failed log-in (network, Feishu down, app not yet
   * published) is retried with backoff while the state stays `starting`; the first failure is
   * also thrown so start-up logs it.
   */
  async start(onMessage: EventSink): Promise<void> {
    this.sink = onMessage;
    this.loginAttempts = 0;
    const err = await this.login();
    if (err) throw err;
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.retryAt = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.ws?.close({ force: true });
    this.ws = undefined;
  }

  /** While a failed log-in waits to be retried: when, for /healthz. */
  stateDetail(): string | undefined {
    if (this.state !== 'starting' || this.retryAt === undefined) return undefined;
    const s = Math.max(0, Math.ceil((this.retryAt - this.now()) / 1000));
    return `登录失败 ${this.loginAttempts} 次，${s} 秒后重试`;
  }

  /** Resolves when background work (welcome messages, roster syncs) has finished. */
  async settled(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  /** One log-in attempt; on failure schedules the next and resolves to the error. */
  private async login(): Promise<Error | undefined> {
    this.state = 'starting';
    this.retryAt = undefined;
    try {
      const bot = await this.api.botInfo();
      this.botOpenId = bot.openId;
      if (this.o.mode === 'ws' && !this.ws)
        this.ws = await openLongConnection({
          appId: this.o.appId,
          appSecret: this.o.appSecret,
          domain: this.o.domain,
          log: this.o.log,
          connectWaitMs: this.o.connectWaitMs ?? 5000,
          onEvent: (envelope) => this.handleEvent(envelope),
        });
    } catch (e) {
      if (this.sink === undefined || (this.state as AdapterState) === 'stopped') return undefined;
      this.loginAttempts++;
      const base = this.o.loginRetryMs ?? 5000;
      const wait = Math.min(
        base * 2 ** Math.min(this.loginAttempts - 1, 16),
        this.o.maxLoginRetryMs ?? 300_000,
      );
      this.retryAt = this.now() + wait;
      const message = `飞书应用无法登录（检查 LARK_APP_ID / LARK_APP_SECRET / LARK_DOMAIN 与网络）：${(e as Error).message}；${Math.ceil(wait / 1000)} 秒后重试`;
      this.o.log.error({ attempt: this.loginAttempts, retryInMs: wait }, message);
      this.retryTimer = setTimeout(() => void this.login(), wait);
      this.retryTimer.unref();
      return new Error(message);
    }
    this.state = 'running';
    this.loginAttempts = 0;
    if (!this.refreshTimer) {
      this.refreshTimer = setInterval(
        () => this.track(this.chats.syncAll()),
        this.o.rosterRefreshMs ?? 24 * 3600_000,
      );
      this.refreshTimer.unref();
    }
    return undefined;
  }

  /**
   * Sends a message: a card or (split) text, then its file; parts are spaced by the per-chat
   * interval. `private` messages go to the user whose open_id is the chat id; a message that
   * answers one from a thread goes into that thread. Resolves to the message ids Feishu created.
   */
  async send(message: OutgoingMessage): Promise<{ messageIds: string[] }> {
    const to: Recipient = { type: message.private ? 'open_id' : 'chat_id', id: message.chatId };
    let thread = message.private ? undefined : message.replyToMessageId;
    const ids: string[] = [];
    for (const [i, s] of planSends(message, this.o.maxTextBytes).entries()) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.sendIntervalMs));
      const [msgType, content] =
        s.kind === 'file'
          ? ['file', JSON.stringify({ file_key: await this.api.uploadFile(s.path, s.name) })]
          : [s.msgType, s.content];
      let id: string | undefined;
      if (thread) {
        try {
          id = await this.api.replyInThread(thread, msgType, content, s.uuid);
        } catch (err) {
          if (!(err instanceof SendError && err.options.permanent)) throw err;
          // The thread's message was withdrawn or cannot be replied to: answer in the chat.
          this.o.log.warn({ err: err.message }, 'lark thread reply refused; sending to the chat');
          thread = undefined;
        }
      }
      if (!thread) id = await this.api.sendMessage(to, msgType, content, s.uuid);
      if (id) ids.push(id);
    }
    return { messageIds: ids };
  }

  async members(chatId: string): Promise<{ members: RosterMember[]; ownerId?: string }> {
    const [info, members] = await Promise.all([this.api.chat(chatId), this.api.members(chatId)]);
    return { members, ownerId: info.ownerId };
  }

  /**
   * Handles one decrypted, verified request body from either transport and resolves to the
   * callback answer. Rejects only when the inbox could not store a message, so the platform
   * delivers it again; anything else — an event of an unknown type or shape, a failing lookup —
   * is logged at warn and answered, since Feishu would otherwise redeliver it for hours.
   */
  async handleEvent(envelope: LarkEnvelope, meta?: WebhookMeta): Promise<unknown> {
    const header = envelope.header ?? {};
    const type = header.event_type ?? undefined;
    try {
      if (isLegacyCardCallback(envelope))
        return await this.onLegacyCard(envelope as LarkLegacyCardAction, meta);
      if (!envelope.schema && envelope.uuid && envelope.event && typeof envelope.event.type === 'string') {
        this.o.log.warn({ eventType: envelope.event.type, schema: '1.0' }, SCHEMA_V1_HINT);
        return {};
      }
      const eventId = header.event_id ?? undefined;
      const isCard = type === 'card.action.trigger';
      if (eventId && this.recent.has(eventId)) return isCard ? CARD_ACK : {};
      const answer = await this.dispatch(type, envelope.event ?? {}, header, eventId);
      if (eventId) this.recent.add(eventId);
      return answer;
    } catch (err) {
      if (err instanceof StoreFailure) throw err.cause;
      this.o.log.warn(
        { eventType: type, err: (err as Error)?.message },
        'lark event could not be handled; answered anyway',
      );
      return {};
    }
  }

  private async dispatch(
    type: string | undefined,
    event: Record<string, unknown>,
    header: LarkEventHeader,
    eventId: string | undefined,
  ): Promise<unknown> {
    switch (type) {
      case 'im.message.receive_v1':
        await this.onMessage(event as LarkMessageEvent, header);
        return {};
      case 'card.action.trigger':
        return this.onCardAction(event as LarkCardActionEvent, header);
      case 'im.message.message_read_v1': {
        const receipt = readReceiptOf(event as LarkMessageReadEvent);
        if (receipt) this.o.onRead?.(receipt);
        return {};
      }
      case 'im.chat.member.user.added_v1':
        this.onJoined(event as LarkMemberEvent);
        return {};
      case 'im.chat.member.user.deleted_v1':
      case 'im.chat.member.user.withdrawn_v1':
        this.onLeft(event as LarkMemberEvent);
        return {};
      case 'im.chat.member.bot.added_v1':
        this.track(this.onBotAdded(event as LarkMemberEvent, eventId ?? `${this.now()}`));
        return {};
      default:
        this.o.log.warn(
          { eventType: type ?? '(none)' },
          'lark event of a type zhibu does not handle; answered 200',
        );
        return {};
    }
  }

  private async onMessage(ev: LarkMessageEvent, header: LarkEventHeader): Promise<void> {
    const chatId = ev.message?.chat_id;
    const senderId = ev.sender?.sender_id?.open_id;
    const type = ev.message?.message_type;
    if (!chatId || !senderId || (ev.sender?.sender_type ?? 'user') !== 'user') return;
    if (type !== 'text' && type !== 'post') return; // images, stickers, files: not commands
    const p2p = ev.message?.chat_type === 'p2p';
    await this.learnSender(chatId, senderId, p2p);
    const message = messageToIncoming(ev, {
      botOpenId: this.botOpenId,
      header,
      now: this.now(),
      chat: this.chats.view(chatId),
    });
    if (message) await this.store(message);
    else
      this.o.log.warn(
        { eventType: 'im.message.receive_v1', messageType: type },
        'lark message could not be read; answered 200',
      );
  }

  /**
   * Feishu events carry no names or chat titles: read the member list at first contact, and when
   * it did not name the sender in time, ask the contact API (bounded), so a reply never shows a
   * raw open_id. The core names a member it still cannot name with a neutral word.
   */
  private async learnSender(chatId: string, senderId: string, p2p = false): Promise<void> {
    if (this.chats.needsSync(chatId, senderId, p2p))
      await this.chats.prepare(chatId, senderId, this.o.firstContactWaitMs ?? 2000, p2p);
    if (this.chats.view(chatId).nameOf(senderId) === undefined)
      await this.chats.lookupName(chatId, senderId, this.o.nameLookupWaitMs ?? 1500);
  }

  private async onCardAction(ev: LarkCardActionEvent, header: LarkEventHeader): Promise<unknown> {
    const opts = { header, now: this.now() };
    const first = cardActionToIncoming(ev, opts);
    if (!first) return {};
    await this.learnSender(first.chatId, first.senderId);
    await this.store(cardActionToIncoming(ev, { ...opts, chat: this.chats.view(first.chatId) })!);
    return CARD_ACK;
  }

  /** An old-format card click (消息卡片请求网址): verified by the webhook, answered with `{}`. */
  private async onLegacyCard(body: LarkLegacyCardAction, meta: WebhookMeta | undefined): Promise<unknown> {
    const messageId = legacyCardMessageId(
      meta?.timestamp ?? '',
      meta?.nonce ?? '',
      meta?.rawBody ?? JSON.stringify(body),
    );
    if (this.recent.has(messageId)) return {};
    const sentAt = meta?.timestamp ? Number(meta.timestamp) * 1000 : this.now();
    let chatId = body.open_chat_id ?? undefined;
    if (!chatId && body.open_message_id) chatId = await this.api.chatOfMessage(body.open_message_id);
    const opts = { now: sentAt, messageId, chatId };
    const first = legacyCardToIncoming(body, opts);
    if (!first) return {};
    await this.learnSender(first.chatId, first.senderId);
    await this.store(legacyCardToIncoming(body, { ...opts, chat: this.chats.view(first.chatId) })!);
    this.recent.add(messageId);
    return {};
  }

  /** Writes to the inbox. A message the inbox rejects as invalid is dropped, not redelivered forever. */
  private async store(message: IncomingMessage): Promise<void> {
    if (!this.sink)
      throw new StoreFailure('lark adapter is not started', { cause: new Error('not started') });
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
      throw new StoreFailure('inbox write failed', { cause: err });
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
    const state = await this.chats.sync(chatId).catch(() => undefined);
    // The greeting is the core's (help), sent through the outbox; Feishu's event id deduplicates it.
    await this.o.roster.botJoined({ platform: this.name, chatId, title: state?.title || chatId, eventId });
  }
  private track(p: Promise<unknown>): void {
    const tracked = p
      .catch((err) => this.o.log.warn({ err: (err as Error)?.message }, 'lark background task failed'))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
