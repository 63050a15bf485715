import type { IncomingMessage, Mention } from '../../src/core/message.js';
import { splitQuote } from './quote.js';
import { isWechatAccount, isRoomId, isWechatPlaceholder } from './wechat-ids.js';

export const WECHAT = 'wechat';

/** A WeChat person as the adapter read them: id, WeChat name, and group nickname (群昵称) if any. */
export interface WechatPerson {
  id: string;
  name: string;
  roomAlias?: string;
}

/**
 * What the adapter reads from a Wechaty message before converting it: plain data, so the
 * conversion is pure and tested with fixtures.
 */
export interface WechatMessageFacts {
  id: string;
  /** Only text messages are commands; other kinds (images, system notes) are not. */
  isText: boolean;
  text: string;
  /** The message's own time (epoch ms), which Wechaty gives for late deliveries too. */
  sentAt: number;
  talker: WechatPerson;
  /** The bot's own account (its group nickname in this room, when set). */
  self: WechatPerson;
  /** Absent for a private (one-to-one) chat. */
  room?: { id: string; topic: string; ownerId?: string };
  /** Contacts the platform says were mentioned (may include the bot). */
  mentioned: WechatPerson[];
  /**
   * The puppet's raw mentionIdList, special ids included (`notify@all`, `announcement@all`);
   * absent when the puppet gives none.
   */
  mentionIds?: string[];
  /** The talker is an official or service account (公众号, 微信支付…), not a person. */
  fromAccount?: boolean;
}

/** How a person is shown: the group nickname first, then the WeChat name, then the id. */
export function displayName(person: WechatPerson): string {
  return person.roomAlias?.trim() || person.name.trim() || person.id;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Removes `@<bot>` (followed by WeChat's U+2005, a space, or the end) wherever it appears. */
export function stripSelfMention(text: string, self: WechatPerson): { text: string; found: boolean } {
  let found = false;
  let out = text;
  const names = [self.roomAlias, self.name].filter((n): n is string => Boolean(n?.trim()));
  for (const name of names) {
    const re = new RegExp(`@${escapeRegExp(name)}(?:\u2005|\\s|$)`, 'g');
    out = out.replace(re, () => {
      found = true;
      return ' ';
    });
  }
  return { text: out.replace(/\s+/g, ' ').trim(), found };
}

/** Invisible characters some clients put before a word (U+2060 word joiner, zero-width space…). */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff]/g;
/** WeChat's @所有人 (English clients: @All), as text. */
const AT_ALL = /^@(?:所有人|all|everyone)(?:\u2005|\s|$)/i;
/**
 * What a group text is, judged by the mention list first and the text second:
 * 'notice' (群公告), 'all' (@所有人), 'other' (addressed to someone else), 'bot' or 'none'.
 */
export function addressOf(
  facts: Pick<WechatMessageFacts, 'self' | 'mentionIds' | 'mentioned'>,
  reply: string,
  quoted: boolean,
): 'notice' | 'all' | 'other' | 'bot' | 'none' {
  const ids = facts.mentionIds ?? facts.mentioned.map((p) => p.id);
  const selfId = facts.self.id;
  const textHasSelf = stripSelfMention(reply, facts.self).found;
  if (ids.includes('announcement@all')) return 'notice';
  // padlocal ≥ 0.2.16 lists every member for a 群公告, the bot included; a real @ writes "@name"
  // into the text, a notice does not.
  if (!quoted && ids.includes(selfId) && ids.length > 1 && !reply.includes('@')) return 'notice';
  if (ids.includes('notify@all') || AT_ALL.test(reply)) return 'all';
  // In a quote reply, wechat4u reads mentions from the whole text, quoted part included: only
  // an @ in the reply itself counts.
  const toBot = quoted ? textHasSelf : ids.length > 0 ? ids.includes(selfId) : textHasSelf;
  if (toBot) return 'bot';
  // What is left after the bot's own @ starts with another @: the message is for that person.
  if (reply.trimStart().startsWith('@')) return 'other';
  return 'none';
}

/**
 * Converts a WeChat message to an IncomingMessage; undefined for what the bot ignores: its own
 * messages, anything that is not text, lines whose talker is not a person (the room itself,
 * 微信团队, 公众号), WeChat's placeholders, 群公告, @所有人 and texts addressed to someone else. A
 * room is the chat and its owner is offered as secretary; a private message is addressed to the bot.
 */
export function toIncoming(facts: WechatMessageFacts): IncomingMessage | undefined {
  if (facts.talker.id === facts.self.id || !facts.isText) return undefined;
  // puppet-wechat delivers system lines ("邀请…加入了群聊", pats, 红包) with the room as talker.
  if (facts.talker.id === facts.room?.id || isRoomId(facts.talker.id)) return undefined;
  // Answering WeChat itself or a 公众号 would only talk to a machine.
  if (facts.fromAccount || isWechatAccount(facts.talker.id)) return undefined;
  const cleaned = facts.text.replace(INVISIBLE, '');
  if (!facts.room && isWechatPlaceholder(cleaned)) return undefined;
  const { reply, quote } = splitQuote(cleaned);
  const base = {
    platform: WECHAT,
    messageId: facts.id,
    senderId: facts.talker.id,
    senderName: displayName(facts.talker),
    sentAt: Math.round(facts.sentAt),
    ...(quote ? { quote } : {}),
  };
  if (!facts.room) {
    return {
      ...base,
      text: stripSelfMention(reply, facts.self).text,
      chatId: facts.talker.id,
      chatTitle: displayName(facts.talker),
      chatType: 'private',
      addressed: true,
      mentions: [],
    };
  }
  const to = addressOf(facts, reply, Boolean(quote));
  if (to === 'notice' || to === 'all' || to === 'other') return undefined;
  const mentions: Mention[] = [];
  for (const person of facts.mentioned) {
    if (person.id === facts.self.id || mentions.some((m) => m.userId === person.id)) continue;
    // Someone mentioned only inside the quoted part is not an argument of the reply.
    if (quote && !reply.includes(`@${displayName(person)}`) && !reply.includes(`@${person.name}`)) continue;
    mentions.push({ userId: person.id, name: displayName(person) });
  }
  return {
    ...base,
    // The bot's @ is removed only when it was the bot that was meant (not a member named like it).
    text: to === 'bot' ? stripSelfMention(reply, facts.self).text : reply.replace(/\s+/g, ' ').trim(),
    chatId: facts.room.id,
    chatTitle: facts.room.topic || facts.room.id,
    chatType: 'group',
    addressed: to === 'bot',
    mentions,
    ...(facts.room.ownerId ? { chatOwnerId: facts.room.ownerId } : {}),
  };
}
