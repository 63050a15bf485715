import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { branches, members } from '../../core/schema.js';

/**
 * 党费 standards: a member's monthly amount from a month on. A change is a new row, never an
 * edit (triggers from the dues-triggers migration refuse UPDATE and DELETE), so the months
 * before it keep the standard they had. Payments and 上缴 live in the branch ledger
 * (src/core/ledger/schema.ts, book 'dues').
 */
export const duesStandards = sqliteTable(
  'dues_standards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The first month ('YYYY-MM') the standard applies to. */
    fromMonth: text('from_month').notNull(),
    monthlyFen: integer('monthly_fen').notNull(),
    /** When set from a base: the monthly income (fen), the category and the rule applied. */
    baseFen: integer('base_fen'),
    category: text('category'),
    rule: text('rule').notNull().default(''),
    setBy: integer('set_by')
      .notNull()
      .references(() => members.id),
    at: integer('at').notNull(),
  },
  (t) => [index('dues_standards_member').on(t.branchId, t.memberId, t.fromMonth)],
);
