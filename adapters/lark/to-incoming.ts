import type { IncomingMessage, Mention, RosterMember } from '../../src/core/message.js';
import type {
  LarkCardActionEvent,
  LarkEventHeader,
  LarkMemberEvent,
  LarkMention,
  LarkMessageEvent,
} from './payloads.js';

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
  header?: LarkEventHeader;
  chat?: ChatView;
  /** Fallback for sentAt when the payload has no usable time. */
  now: number;
}

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

interface Extracted {
  text: string;
  mentions: Mention[];
  botMentioned: boolean;
}

const ALL = '@所有人';

/**
 * Plain text of a `text` or `post` message, with the bot's own mention removed (found by its
 * open_id, not by the `@_user_N` key, which changes per message) and other mentions written as
 * `@名字` and returned in `mentions`. Returns undefined for other message types or bad content.
 */
export function extractText(
  messageType: string | undefined,
  content: string | undefined,
  mentions: LarkMention[] = [],
  botOpenId?: string,
): Extracted | undefined {
  if (messageType !== 'text' && messageType !== 'post') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const out: Mention[] = [];
  let botMentioned = false;
  const byKey = new Map(mentions.filter((m) => m.key).map((m) => [m.key!, m]));
  /** The text a mention is replaced with, recording who was mentioned. */
  const mention = (m: LarkMention | undefined, fallbackName?: string): string => {
    const openId = m?.id?.open_id;
    if (openId && botOpenId && openId === botOpenId) {
      botMentioned = true;
      return '';
    }
    const name = m?.name ?? fallbackName ?? '';
    if (openId && !out.some((x) => x.userId === openId)) out.push({ userId: openId, name });
    return name ? `@${name}` : '';
  };

  if (messageType === 'text') {
    const raw = (parsed as { text?: unknown }).text;
    if (typeof raw !== 'string') return undefined;
    const text = raw.replace(/@_user_\d+|@_all/g, (key) =>
      key === '@_all' ? ALL : byKey.has(key) ? mention(byKey.get(key)) : '',
    );
    return { text: tidy(text), mentions: out, botMentioned };
  }

  const post = unwrapLocale(parsed as Record<string, unknown>);
  if (!post) return undefined;
  const lines: string[] = [];
  if (typeof post.title === 'string' && post.title.trim()) lines.push(post.title.trim());
  for (const paragraph of Array.isArray(post.content) ? post.content : []) {
    if (!Array.isArray(paragraph)) continue;
    let line = '';
    for (const el of paragraph as Record<string, unknown>[]) {
      if (!el || typeof el !== 'object') continue;
      const tag = el.tag;
      if (tag === 'text' || tag === 'a' || tag === 'code_block')
        line += typeof el.text === 'string' ? el.text : '';
      else if (tag === 'at') {
        const id = typeof el.user_id === 'string' ? el.user_id : '';
        if (id === 'all' || id === '@_all') line += ALL;
        else
          line += mention(
            byKey.get(id) ??
              mentions.find((m) => m.id?.open_id === id) ?? {
                id: { open_id: id.startsWith('ou_') ? id : undefined },
              },
            typeof el.user_name === 'string' ? el.user_name : undefined,
          );
      }
    }
    lines.push(line);
  }
  return { text: tidy(lines.join('\n')), mentions: out, botMentioned };
}

/** Outgoing posts are wrapped in a locale (`{zh_cn: {...}}`), incoming ones usually not. */
function unwrapLocale(obj: Record<string, unknown>): { title?: unknown; content?: unknown } | undefined {
  if (Array.isArray(obj.content)) return obj;
  for (const value of Object.values(obj)) {
    if (value && typeof value === 'object' && Array.isArray((value as { content?: unknown }).content))
      return value as { content: unknown };
  }
  return undefined;
}

/** Collapses the gap a removed mention leaves ("@bot 打卡" → "打卡") without touching line breaks. */
function tidy(s: string): string {
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .trim();
}

/**
 * Turns an `im.message.receive_v1` event into an IncomingMessage. Returns undefined for what
 * zhibu does not handle: messages from bots (including its own), non-text messages, missing ids.
 */
export function messageToIncoming(ev: LarkMessageEvent, o: NormaliseOptions): IncomingMessage | undefined {
  const m = ev.message;
  const senderId = ev.sender?.sender_id?.open_id;
  if (!m?.message_id || !m.chat_id || !senderId) return undefined;
  if (ev.sender?.sender_type && ev.sender.sender_type !== 'user') return undefined;
  if (o.botOpenId && senderId === o.botOpenId) return undefined;
  const extracted = extractText(m.message_type, m.content, m.mentions, o.botOpenId);
  if (!extracted) return undefined;
  const isPrivate = m.chat_type === 'p2p';
  const message: IncomingMessage = {
    platform: PLATFORM,
    messageId: m.message_id,
    chatId: m.chat_id,
    chatType: isPrivate ? 'private' : 'group',
    senderId,
    senderName: o.chat?.nameOf(senderId) ?? '',
    text: extracted.text,
    sentAt: parseLarkTime(m.create_time) ?? parseLarkTime(o.header?.create_time) ?? o.now,
    mentions: extracted.mentions,
    addressed: extracted.botMentioned || isPrivate,
  };
  if (o.chat?.title) message.chatTitle = o.chat.title;
  if (o.chat?.ownerId) message.chatOwnerId = o.chat.ownerId;
  return message;
}

/** The message id a card click is stored under: one per callback event, so a redelivery is a duplicate. */
export function cardMessageId(eventId: string): string {
  return `card:${eventId}`;
}

/**
 * Turns a card button click (`card.action.trigger`) into a message from the clicking member, so
 * a 打卡 button checks them in through the normal path. The button's value names the command
 * (`{command: '打卡', args?: '...'}`). Returns undefined for clicks zhibu did not make.
 */
export function cardActionToIncoming(
  ev: LarkCardActionEvent,
  o: NormaliseOptions,
): IncomingMessage | undefined {
  const value = ev.action?.value;
  const command = value && typeof value === 'object' ? (value as Record<string, unknown>).command : undefined;
  const args = value && typeof value === 'object' ? (value as Record<string, unknown>).args : undefined;
  const senderId = ev.operator?.open_id;
  const chatId = ev.context?.open_chat_id ?? ev.open_chat_id;
  const eventId = o.header?.event_id;
  if (typeof command !== 'string' || !command.trim() || !senderId || !chatId || !eventId) return undefined;
  const message: IncomingMessage = {
    platform: PLATFORM,
    messageId: cardMessageId(eventId),
    chatId,
    chatType: 'group',
    senderId,
    senderName: o.chat?.nameOf(senderId) ?? '',
    text: typeof args === 'string' && args.trim() ? `${command.trim()} ${args.trim()}` : command.trim(),
    sentAt: parseLarkTime(o.header?.create_time) ?? o.now,
    mentions: [],
    addressed: true,
  };
  if (o.chat?.title) message.chatTitle = o.chat.title;
  if (o.chat?.ownerId) message.chatOwnerId = o.chat.ownerId;
  return message;
}

/** The people in a member added/removed event (`users[].user_id` is an object of ids). */
export function usersOf(ev: LarkMemberEvent): RosterMember[] {
  const out: RosterMember[] = [];
  for (const u of ev.users ?? []) {
    const id = u?.user_id?.open_id;
    if (id) out.push({ userId: id, name: u.name ?? '' });
  }
  return out;
}
