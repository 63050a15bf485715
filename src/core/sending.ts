import type { Sending, ReplyOptions } from './context.js';
import type { Db } from './db.js';
import { findChat, platformUserIds, type Member } from './members.js';
import type { Mention } from './message.js';
import type { OutboxItem } from './outbox.js';

/** Platform mentions for members (those with an identity on the platform), at most `cap`. */
export function mentionsFor(db: Db, members: readonly Member[], platform: string, cap = 50): Mention[] {
  const chosen = members.slice(0, cap);
  const ids = platformUserIds(
    db,
    chosen.map((m) => m.id),
    platform,
  );
  return chosen.flatMap((m) => (ids.has(m.id) ? [{ userId: ids.get(m.id)!, name: m.name }] : []));
}

/** Turns a reply into an outbox item for `chatId` on `platform`. */
export function replyItem(
  db: Db,
  target: { platform: string; chatId: string },
  text: string,
  options: ReplyOptions = {},
): OutboxItem {
  const mentions = options.mention?.length ? mentionsFor(db, options.mention, target.platform) : undefined;
  return {
    platform: target.platform,
    chatId: target.chatId,
    mergeKey: options.mergeKey,
    payload: {
      text,
      ...(mentions?.length ? { mentions } : {}),
      ...(options.card ? { card: options.card } : {}),
      ...(options.mergeItem !== undefined ? { mergeItem: options.mergeItem } : {}),
      ...(options.mergeData ? { mergeData: options.mergeData } : {}),
      ...(options.prepare ? { prepare: options.prepare } : {}),
      ...(options.replyToMessageId ? { replyToMessageId: options.replyToMessageId } : {}),
    },
  };
}

/**
 * The one way handlers send: `reply` to the chat being served, `dm` to members privately; both
 * collect outbox items that the caller writes in its transaction. `adjust` lets the dispatcher
 * apply its late-reply policy.
 */
export function sendingTo(
  db: Db,
  target: { platform: string; chatId: string },
  out: OutboxItem[],
  adjust: (options: ReplyOptions, text: string) => ReplyOptions = (o) => o,
): Sending {
  return {
    reply: (text, options = {}) => out.push(replyItem(db, target, text, adjust(options, text))),
    dm(members, text) {
      const ids = platformUserIds(
        db,
        members.map((m) => m.id),
        target.platform,
      );
      for (const userId of ids.values()) {
        out.push({ platform: target.platform, chatId: userId, payload: { text, private: true } });
      }
    },
  };
}

/** The group a message the bot sent went to, from the platform ids the outbox kept. */
export function chatOfSent(db: Db, platform: string, messageIds: readonly string[]) {
  for (const id of messageIds.slice(0, 20)) {
    const row = db.$client
      .prepare(
        "SELECT platform_chat_id AS chatId FROM outbox WHERE platform = ? AND platform_message_ids LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT 1",
      )
      .get(platform, `%${JSON.stringify(id).replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as
      { chatId: string } | undefined;
    const found = row && findChat(db, platform, row.chatId);
    if (found) return found;
  }
  return undefined;
}
