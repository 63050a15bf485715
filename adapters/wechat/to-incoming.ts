import type { IncomingMessage, Mention } from '../../src/core/message.js';

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

/**
 * Converts a WeChat message to an IncomingMessage; undefined for what the bot ignores (its own
 * messages, anything that is not text, private notices from official accounts). A room is the chat and its owner is offered as
 * secretary; a private message is addressed to the bot.
 */
export function toIncoming(facts: WechatMessageFacts): IncomingMessage | undefined {
  if (facts.talker.id === facts.self.id || !facts.isText) return undefined;
  // Answering a 公众号's notices would only talk to a machine.
  if (!facts.room && facts.fromAccount) return undefined;
  const { text, found } = stripSelfMention(facts.text, facts.self);
  const base = {
    platform: WECHAT,
    messageId: facts.id,
    senderId: facts.talker.id,
    senderName: displayName(facts.talker),
    text,
    sentAt: Math.round(facts.sentAt),
  };
  if (!facts.room) {
    return {
      ...base,
      chatId: facts.talker.id,
      chatTitle: displayName(facts.talker),
      chatType: 'private',
      addressed: true,
      mentions: [],
    };
  }
  const mentions: Mention[] = [];
  for (const person of facts.mentioned) {
    if (person.id === facts.self.id || mentions.some((m) => m.userId === person.id)) continue;
    mentions.push({ userId: person.id, name: displayName(person) });
  }
  const addressed = found || facts.mentioned.some((p) => p.id === facts.self.id);
  return {
    ...base,
    chatId: facts.room.id,
    chatTitle: facts.room.topic || facts.room.id,
    chatType: 'group',
    addressed,
    mentions,
    ...(facts.room.ownerId ? { chatOwnerId: facts.room.ownerId } : {}),
  };
}
