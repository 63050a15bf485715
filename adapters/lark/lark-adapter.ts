import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { SendError } from '../../src/core/errors.js';
import type {
  Adapter,
  AdapterState,
  EventSink,
  OutgoingMessage,
  RosterMember,
} from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { LarkApi, type Recipient } from './lark-api.js';
import { LarkChats } from './lark-chats.js';
import { LarkEvents } from './lark-events.js';
import { openLongConnection } from './long-connection.js';
import { planSends } from './outgoing.js';
import type { ReadReceipt } from './read-receipt.js';
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
  private readonly events: LarkEvents;
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
    this.events = new LarkEvents({
      api: this.api,
      chats: this.chats,
      roster: o.roster,
      log: o.log,
      onRead: o.onRead,
      firstContactWaitMs: o.firstContactWaitMs,
      nameLookupWaitMs: o.nameLookupWaitMs,
      now: this.now,
      sink: () => this.sink,
      botOpenId: () => this.botOpenId,
      track: (p) => this.track(p),
    });
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
      onEvent: (envelope, _route, meta) => this.events.handle(envelope, meta),
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
          onEvent: (envelope) => this.events.handle(envelope),
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

  private track(p: Promise<unknown>): void {
    const tracked = p
      .catch((err) => this.o.log.warn({ err: (err as Error)?.message }, 'lark background task failed'))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
