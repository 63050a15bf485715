import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { branches, chats, members } from '../../core/schema.js';

/** Notices (通知) and their acknowledgements (回执). Times are epoch ms; days 'YYYY-MM-DD'. */

/** A notice a secretary or committee member posted in a group, asking for 收到. */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** 1, 2, 3… per branch: what members type in 收到 N and 回执 N. */
    number: integer('number').notNull(),
    /** The group it was posted in: follow-ups go there. */
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id),
    content: text('content').notNull(),
    senderId: integer('sender_id')
      .notNull()
      .references(() => members.id),
    postedAt: integer('posted_at').notNull(),
    /** The day it was posted: the notice belongs to the periods holding this day. */
    day: text('day').notNull(),
    /** Null: no deadline (open for a week). */
    deadlineAt: integer('deadline_at'),
    /** Set in the transaction that posts the follow-up (or decides none is needed): exactly once. */
    followedUpAt: integer('followed_up_at'),
    /** Set in the transaction that tells the sender, privately, who has not answered by the deadline. */
    deadlineToldAt: integer('deadline_told_at'),
  },
  (t) => [
    uniqueIndex('notices_number').on(t.branchId, t.number),
    index('notices_day').on(t.branchId, t.day),
    // What the minutely check reads: only notices that still owe a follow-up or a deadline message.
    index('notices_owing')
      .on(t.chatId)
      .where(sql`followed_up_at IS NULL OR (deadline_at IS NOT NULL AND deadline_told_at IS NULL)`),
  ],
);

/**
 * Who a notice expects (the branch's members when it was posted, its sender aside), and when
 * each answered 收到 and, where the platform tells (Feishu), read it.
 */
export const noticeReceipts = sqliteTable(
  'notice_receipts',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    answeredAt: integer('answered_at'),
    readAt: integer('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.noticeId, t.memberId] }),
    index('notice_receipts_member').on(t.memberId, t.answeredAt),
  ],
);
