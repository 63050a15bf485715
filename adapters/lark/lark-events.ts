import type { Logger } from 'pino';
import type { EventSink, IncomingMessage } from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import type { LarkApi } from './lark-api.js';
import type { LarkChats } from './lark-chats.js';
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
import { isLegacyCardCallback, type WebhookMeta } from './webhook.js';

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

/** What the event handling needs from the adapter. */
export interface LarkEventsOptions {
  api: LarkApi;
  chats: LarkChats;
  roster: RosterEvents;
  log: Logger;
  onRead?: (receipt: ReadReceipt) => void;
  firstContactWaitMs?: number;
  nameLookupWaitMs?: number;
  now: () => number;
  /** Where messages are written: undefined until the adapter has started. */
  sink: () => EventSink | undefined;
  /** The bot's own open_id (known after log-in), to tell its mention from others'. */
  botOpenId: () => string | undefined;
  /** Background work (roster syncs, the welcome) the adapter waits for when settling. */
  track: (p: Promise<unknown>) => void;
}

/**
 * Feishu events, from either transport, as IncomingMessages in the inbox: messages, card clicks
 * (both formats), read receipts and member changes. The adapter owns log-in and sending.
 */
export class LarkEvents {
  private readonly recent = new RecentIds(10_000);

  constructor(private readonly o: LarkEventsOptions) {}

  /**
   * Handles one decrypted, verified request body from either transport and resolves to the
   * callback answer. Rejects only when the inbox could not store a message, so the platform
   * delivers it again; anything else — an event of an unknown type or shape, a failing lookup —
   * is logged at warn and answered, since Feishu would otherwise redeliver it for hours.
   */
  async handle(envelope: LarkEnvelope, meta?: WebhookMeta): Promise<unknown> {
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
        this.o.track(this.onBotAdded(event as LarkMemberEvent, eventId ?? `${this.o.now()}`));
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
      botOpenId: this.o.botOpenId(),
      header,
      now: this.o.now(),
      chat: this.o.chats.view(chatId),
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
    if (this.o.chats.needsSync(chatId, senderId, p2p))
      await this.o.chats.prepare(chatId, senderId, this.o.firstContactWaitMs ?? 2000, p2p);
    if (this.o.chats.view(chatId).nameOf(senderId) === undefined)
      await this.o.chats.lookupName(chatId, senderId, this.o.nameLookupWaitMs ?? 1500);
  }

  private async onCardAction(ev: LarkCardActionEvent, header: LarkEventHeader): Promise<unknown> {
    const opts = { header, now: this.o.now() };
    const first = cardActionToIncoming(ev, opts);
    if (!first) return {};
    await this.learnSender(first.chatId, first.senderId);
    await this.store(cardActionToIncoming(ev, { ...opts, chat: this.o.chats.view(first.chatId) })!);
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
    const sentAt = meta?.timestamp ? Number(meta.timestamp) * 1000 : this.o.now();
    let chatId = body.open_chat_id ?? undefined;
    if (!chatId && body.open_message_id) chatId = await this.o.api.chatOfMessage(body.open_message_id);
    const opts = { now: sentAt, messageId, chatId };
    const first = legacyCardToIncoming(body, opts);
    if (!first) return {};
    await this.learnSender(first.chatId, first.senderId);
    await this.store(legacyCardToIncoming(body, { ...opts, chat: this.o.chats.view(first.chatId) })!);
    this.recent.add(messageId);
    return {};
  }

  /** Writes to the inbox. A message the inbox rejects as invalid is dropped, not redelivered forever. */
  private async store(message: IncomingMessage): Promise<void> {
    const sink = this.o.sink();
    if (!sink) throw new StoreFailure('lark adapter is not started', { cause: new Error('not started') });
    try {
      await sink(message);
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
    if (!this.o.chats.known().includes(ev.chat_id))
      this.o.track(this.o.chats.sync(ev.chat_id).catch(() => undefined));
    this.o.chats.joined(ev.chat_id, users);
  }

  private onLeft(ev: LarkMemberEvent): void {
    if (!ev.chat_id) return;
    this.o.chats.left(
      ev.chat_id,
      usersOf(ev).map((u) => u.userId),
    );
  }

  /** The bot joined a group: read its roster, then greet with the command list (once per event). */
  private async onBotAdded(ev: LarkMemberEvent, eventId: string): Promise<void> {
    const chatId = ev.chat_id;
    if (!chatId) return;
    const state = await this.o.chats.sync(chatId).catch(() => undefined);
    // The greeting is the core's (help), sent through the outbox; Feishu's event id deduplicates it.
    await this.o.roster.botJoined({ platform: 'lark', chatId, title: state?.title || chatId, eventId });
  }
}
