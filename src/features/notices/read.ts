import type { EventContext } from '../../core/context.js';
import { findMemberByIdentity } from '../../core/members.js';
import type { ReadEvent } from '../../core/message.js';
import { markRead, noticeById, noticesForPlatformMessages } from './store.js';

/**
 * A Feishu read receipt: when the messages read carried a notice (or its follow-up), the reader
 * is marked "已读" for it. Readers the branch does not know, and other messages, are ignored.
 */
export function onNoticeRead(ctx: EventContext, event: ReadEvent): void {
  const ids = noticesForPlatformMessages(ctx.db, event.platform, event.chatId, event.messageIds);
  if (ids.length === 0) return;
  const reader = findMemberByIdentity(ctx.db, ctx.branch.id, event.platform, event.readerId);
  if (!reader) return;
  for (const id of ids) {
    if (noticeById(ctx.db, id)?.branchId === ctx.branch.id) markRead(ctx.db, id, reader.id, event.at);
  }
}
