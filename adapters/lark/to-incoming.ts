import { createHash } from 'node:crypto';
import type { IncomingMessage, RosterMember } from '../../src/core/message.js';
import { extractText } from './extract-text.js';
import type {
  LarkCardActionEvent,
  LarkEventHeader,
  LarkLegacyCardAction,
  LarkMemberEvent,
  LarkMessageEvent,
  Maybe,
} from './payloads.js';

export { extractText } from './extract-text.js';

export const PLATFORM = 'lark';

/** What the adapter knows about a chat when it normalises a message. */
export interface ChatView {
  title?: string;
  ownerId?: string;
  /** Display name of a member by open_id (Feishu message events carry no names). */
  nameOf(openId: string): string | undefined;
}

export interface NormaliseOptions {
  /** The bot's own open_id (from /open-apis/bot/v3/info): its mention is removed. */
  botOpenId?: string;
  header?: Maybe<LarkEventHeader>;
  chat?: ChatView;
  /** Fallback for sentAt when the payload has no usable time. */
  now: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Feishu times are epoch milliseconds as strings; some callbacks use micro- or nanoseconds.
 * Returns epoch ms, or undefined when the value is not a plausible time.
 */
export function parseLarkTime(value: unknown): number | undefined {
  const n =
    typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : typeof value === 'number'
        ? value
        : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n > 1e17) return Math.floor(n / 1e6);
  if (n > 1e14) return Math.floor(n / 1e3);
  if (n < 1e11) return Math.floor(n * 1000); // seconds
  return Math.floor(n);
}

function withChat(message: IncomingMessage, chat: ChatView | undefined): IncomingMessage {
  if (chat?.title) message.chatTitle = chat.title;
  if (chat?.ownerId) message.chatOwnerId = chat.ownerId;
  return message;
}

/**
 * Turns an `im.message.receive_v1` event into an IncomingMessage. Returns undefined for what
 * zhibu does not handle: messages from bots (including its own), non-text messages, missing ids.
 * Never throws: any field may be absent or null.
 */
export function messageToIncoming(
  ev: Maybe<LarkMessageEvent>,
  o: NormaliseOptions,
): IncomingMessage | undefined {
  const m = ev?.message;
  const messageId = str(m?.message_id);
  const chatId = str(m?.chat_id);
  const senderId = str(ev?.sender?.sender_id?.open_id);
  if (!m || !messageId || !chatId || !senderId) return undefined;
  const senderType = str(ev?.sender?.sender_type);
  if (senderType && senderType !== 'user') return undefined;
  if (o.botOpenId && senderId === o.botOpenId) return undefined;
  const extracted = extractText(m.message_type, m.content, m.mentions, o.botOpenId);
  if (!extracted) return undefined;
  const isPrivate = m.chat_type === 'p2p';
  const message: IncomingMessage = {
    platform: PLATFORM,
    messageId,
    chatId,
    chatType: isPrivate ? 'private' : 'group',
    senderId,
    senderName: o.chat?.nameOf(senderId) ?? '',
    text: extracted.text,
    sentAt: parseLarkTime(m.create_time) ?? parseLarkTime(o.header?.create_time) ?? o.now,
    mentions: extracted.mentions,
    addressed: extracted.botMentioned || isPrivate,
    mentionsResolved: true,
  };
  // Only `thread_id` marks a thread: a quoted reply in the main chat has a root_id too, and
  // answering it with reply_in_thread would open a new thread the group never asked for.
  if (str(m.thread_id)) message.replyToMessageId = messageId;
  // A reply quoting an earlier message (收到 under a notice) names it in parent_id.
  const parent = str(m.parent_id);
  if (parent) message.inReplyTo = parent;
  return withChat(message, o.chat);
}

/** The message id a card click is stored under: one per callback event, so a redelivery is a duplicate. */
export function cardMessageId(eventId: string): string {
  return `card:${eventId}`;
}

/** The command a zhibu button carries: `{command: '打卡', args?: '...'}` (or its JSON string). */
function buttonCommand(value: unknown): string | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!v || typeof v !== 'object') return undefined;
  const { command, args } = v as Record<string, unknown>;
  if (typeof command !== 'string' || !command.trim()) return undefined;
  return typeof args === 'string' && args.trim() ? `${command.trim()} ${args.trim()}` : command.trim();
}

function clickMessage(
  messageId: string,
  chatId: string,
  senderId: string,
  text: string,
  sentAt: number,
  chat: ChatView | undefined,
): IncomingMessage {
  return withChat(
    {
      platform: PLATFORM,
      messageId,
      chatId,
      chatType: 'group',
      senderId,
      senderName: chat?.nameOf(senderId) ?? '',
      text,
      sentAt,
      mentions: [],
      addressed: true,
      mentionsResolved: true,
    },
    chat,
  );
}

/**
 * Turns a card button click (`card.action.trigger`, schema 2.0) into a message from the clicking
 * member, so a 打卡 button checks them in through the normal path. Returns undefined for clicks
 * zhibu did not make.
 */
export function cardActionToIncoming(
  ev: Maybe<LarkCardActionEvent>,
  o: NormaliseOptions,
): IncomingMessage | undefined {
  const text = buttonCommand(ev?.action?.value);
  const senderId = str(ev?.operator?.open_id);
  const chatId = str(ev?.context?.open_chat_id) ?? str(ev?.open_chat_id);
  const eventId = str(o.header?.event_id);
  if (!text || !senderId || !chatId || !eventId) return undefined;
  const sentAt = parseLarkTime(o.header?.create_time) ?? o.now;
  return clickMessage(cardMessageId(eventId), chatId, senderId, text, sentAt, o.chat);
}

/**
 * The id an old-format click is stored under. The old callback has no event id: the request's
 * timestamp and nonce with the body identify one delivery, so a resent request is a duplicate.
 */
export function legacyCardMessageId(timestamp: string, nonce: string, rawBody: string): string {
  return `card:v1:${createHash('sha256').update(`${timestamp}\n${nonce}\n${rawBody}`).digest('hex').slice(0, 32)}`;
}

/**
 * Turns an old-format card callback (消息卡片请求网址 / `card.action.trigger_v1`: open_id,
 * open_chat_id and action at the top level) into a message from the clicker. `chatId` is given
 * when the callback lacked open_chat_id and the adapter looked the card message up.
 */
export function legacyCardToIncoming(
  body: Maybe<LarkLegacyCardAction>,
  o: NormaliseOptions & { messageId: string; chatId?: string },
): IncomingMessage | undefined {
  const text = buttonCommand(body?.action?.value);
  const senderId = str(body?.open_id);
  const chatId = str(body?.open_chat_id) ?? o.chatId;
  if (!text || !senderId || !chatId) return undefined;
  return clickMessage(o.messageId, chatId, senderId, text, o.now, o.chat);
}

/** The people in a member added/removed event (`users[].user_id` is an object of ids). */
export function usersOf(ev: Maybe<LarkMemberEvent>): RosterMember[] {
  const out: RosterMember[] = [];
  for (const u of Array.isArray(ev?.users) ? ev.users : []) {
    const id = str(u?.user_id?.open_id);
    if (id) out.push({ userId: id, name: str(u?.name) ?? '' });
  }
  return out;
}
