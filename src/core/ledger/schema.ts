import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { BOOKS, ENTRY_KINDS } from '../../domain/fund-ledger.js';
import { branches, members } from '../schema.js';

/**
 * The branch ledger, append-only, of two books: the 党内关怀基金 (donations, payouts) and 党费
 * (payments, 上缴), with the confirmations and reversals of both. Entries are numbered per branch
 * across both books (`seq`, so `确认 N` needs no book) and hash-chained (src/domain/fund-ledger.ts).
 * The table keeps its first name, fund_entries.
 * Triggers from the `fund-append-only` migration refuse UPDATE and DELETE; a later migration
 * that rebuilds this table must recreate them.
 */
export const ledgerEntries = sqliteTable(
  'fund_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** 1, 2, 3… per branch, without gaps: a gap is a deleted row. */
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    /** The donor for a donation; whoever recorded it for the other kinds. */
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The entry a confirm or reversal points at. */
    refSeq: integer('ref_seq'),
    /** A donation written while the branch wanted confirmation. */
    pending: integer('pending', { mode: 'boolean' }).notNull().default(false),
    /** A payout beyond the confirmed balance, recorded with 强制. */
    forced: integer('forced', { mode: 'boolean' }).notNull().default(false),
    note: text('note').notNull().default(''),
    /** When the member sent the message (epoch ms) and its day in the branch's timezone. */
    at: integer('at').notNull(),
    day: text('day').notNull(),
    /** The member's name when written, covered by the hash (null before hash version 2). */
    memberName: text('member_name'),
    /** How `hash` was computed (see HashVersion in src/domain/fund-ledger.ts). */
    hashVersion: integer('hash_version').notNull().default(1),
    /** 'fund' or 'dues' (rows from before 党费 are fund rows); hashed from version 4 on. */
    book: text('book', { enum: BOOKS }).notNull().default('fund'),
    /** 党费: the months ('YYYY-MM,…') a payment covers or a 上缴 is for. */
    months: text('months'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('fund_entries_seq').on(t.branchId, t.seq),
    // A donation is confirmed at most once and any entry reversed at most once.
    uniqueIndex('fund_entries_one_confirm')
      .on(t.branchId, t.refSeq)
      .where(sql`kind = 'confirm'`),
    uniqueIndex('fund_entries_one_reversal')
      .on(t.branchId, t.refSeq)
      .where(sql`kind = 'reversal'`),
    index('fund_entries_day').on(t.branchId, t.day),
  ],
);
