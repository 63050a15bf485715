import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { branches, members } from '../../core/schema.js';

/** One check-in a member-day (打卡 or 补卡). */
export const checkins = sqliteTable(
  'checkins',
  {
    id: integer('id').primaryKey(), // no AUTOINCREMENT: see migrations/0019_plain_rowids.sql
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    day: text('day').notNull(),
    /** When the member sent it (the platform's time). */
    at: integer('at').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull(),
    /** 'normal' for 打卡, 'makeup' for 补卡. */
    kind: text('kind', { enum: ['normal', 'makeup'] }).notNull(),
    note: text('note').notNull().default(''),
    inboxId: integer('inbox_id'),
  },
  (t) => [
    uniqueIndex('checkins_member_day').on(t.branchId, t.memberId, t.day),
    // Covers the period aggregates (count, late, makeup per member) so 汇总 reads the index alone.
    index('checkins_branch_day_cover').on(t.branchId, t.day, t.memberId, t.late, t.kind),
    // 补卡 are few: their own small index keeps them out of the big aggregate.
    index('checkins_makeup')
      .on(t.branchId, t.day, t.memberId)
      .where(sql`kind = 'makeup'`),
  ],
);
