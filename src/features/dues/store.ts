import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../core/db.js';
import { loadLedger } from '../../core/ledger/store.js';
import {
  addMonths,
  coverage,
  dueBetween,
  firstMonth,
  MONTHS_AHEAD,
  owedThrough,
  standardFor,
  type Coverage,
  type Month,
  type Standard,
} from '../../domain/dues.js';
import { foldLedger, type LedgerState } from '../../domain/fund-ledger.js';
import { duesStandards } from './schema.js';

export type StandardRow = typeof duesStandards.$inferSelect;

/** Every standard of the branch, in the order they were set, grouped by member. */
export function standardsByMember(db: Db, branchId: number): Map<number, StandardRow[]> {
  const rows = db
    .select()
    .from(duesStandards)
    .where(eq(duesStandards.branchId, branchId))
    .orderBy(asc(duesStandards.id))
    .all();
  const out = new Map<number, StandardRow[]>();
  for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r]);
  return out;
}

export function standardsOf(db: Db, branchId: number, memberId: number): StandardRow[] {
  return db
    .select()
    .from(duesStandards)
    .where(and(eq(duesStandards.branchId, branchId), eq(duesStandards.memberId, memberId)))
    .orderBy(asc(duesStandards.id))
    .all();
}

export function usesDues(db: Db, branchId: number): boolean {
  return !!db
    .select({ id: duesStandards.id })
    .from(duesStandards)
    .where(eq(duesStandards.branchId, branchId))
    .limit(1)
    .get();
}

export function addStandard(db: Db, row: Omit<StandardRow, 'id'>): void {
  db.insert(duesStandards).values(row).run();
}

/** A member's 党费 as of a month: the standard, what is paid and covered, what is owed. */
export interface DuesAccount {
  memberId: number;
  standards: Standard[];
  /** The standard for `month` (undefined before the first). */
  standardFen: number | undefined;
  confirmedFen: number;
  pendingFen: number;
  /** Coverage by confirmed payments, and by confirmed and pending ones. */
  confirmed: Coverage;
  withPending: Coverage;
  /** Months up to `month` that confirmed and pending payments together do not cover. */
  owed: Month[];
  owedFen: number;
}

/** The furthest month a payment may reach: a year ahead of `month`. */
export const lastPayable = (month: Month): Month => addMonths(month, MONTHS_AHEAD);

/** A member's account from their standards and the ledger state. */
export function accountOf(
  state: LedgerState,
  memberId: number,
  standards: readonly Standard[],
  month: Month,
  opts: { through?: string } = {},
): DuesAccount {
  let confirmedFen = 0;
  let pendingFen = 0;
  for (const p of state.duesPayments.values()) {
    if (p.entry.memberId !== memberId || (opts.through && p.entry.day > opts.through)) continue;
    if (p.status === 'confirmed') confirmedFen += p.entry.amountFen;
    else if (p.status === 'pending') pendingFen += p.entry.amountFen;
  }
  const last = lastPayable(month);
  const confirmed = coverage(standards, confirmedFen, last);
  const withPending = coverage(standards, confirmedFen + pendingFen, last);
  const owed = owedThrough(standards, withPending, month);
  const first = firstMonth(standards);
  return {
    memberId,
    standards: [...standards],
    standardFen: standardFor(standards, month)?.monthlyFen,
    confirmedFen,
    pendingFen,
    confirmed,
    withPending,
    owed,
    owedFen: owed.length && first ? dueBetween(standards, owed[0]!, owed.at(-1)!) : 0,
  };
}

/** The ledger state (both books; 党费 is read from it). */
export const ledgerState = (db: Db, branchId: number): LedgerState => foldLedger(loadLedger(db, branchId));

/** Whether `month` is paid by confirmed payments. */
export const paidFor = (a: DuesAccount, month: Month): boolean => a.confirmed.covered.includes(month);

/** Months unpaid in a row ending with `month` (confirmed or pending payments count as paid). */
export function unpaidRun(a: DuesAccount, month: Month): number {
  return a.owed.filter((m) => m <= month).length;
}
