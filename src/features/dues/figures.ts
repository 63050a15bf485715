import { rosterOf, type Roster } from '../../core/members.js';
import { checkLedger } from '../../core/ledger/store.js';
import type { Db } from '../../core/db.js';
import { dueBetween, firstMonth, monthOf, monthsFrom, standardFor, type Month } from '../../domain/dues.js';
import { foldLedger, type StoredEntry } from '../../domain/fund-ledger.js';
import type { ChainCheck } from '../../domain/fund-ledger.js';
import type { Day } from '../../domain/time.js';
import { accountOf, standardsByMember } from './store.js';

/** One member's 党费 in a period. */
export interface DuesRow {
  memberId: number;
  name: string;
  /** The standard of the period's last month. */
  standardFen: number;
  /** What the period's months (from the member's first standard on) add up to. */
  dueFen: number;
  /** Confirmed payments dated in the period (not reversed), and how many. */
  paidFen: number;
  paidCount: number;
  /** Payments dated in the period still waiting for 确认. */
  pendingFen: number;
  /** Every month of the period the member owes is covered by confirmed payments. */
  paidUp: boolean;
  /** The last month confirmed payments cover (null: none). */
  paidThrough: Month | null;
  /** Months owed up to the period's last month (pending payments counted as paid). */
  owedMonths: Month[];
  owedFen: number;
}

/** 党费 of a branch for the days [start, through] of a period. */
export interface DuesFigures {
  months: Month[];
  rows: DuesRow[];
  /** Members who owe for the period, and those of them paid up: the 收缴率. */
  withStandard: number;
  paidMembers: number;
  dueFen: number;
  receivedFen: number;
  pendingFen: number;
  /** 上缴 dated in the period (not reversed). */
  remittedFen: number;
  /** The 党费 held at the period's end, and now. */
  closingHeldFen: number;
  heldFen: number;
  /** The period's 党费 entries (payments, 上缴, their confirmations and reversals). */
  entries: StoredEntry[];
  chain: ChainCheck;
}

/** The figures; undefined when the branch keeps no 党费 (no standard set). */
export function buildDuesFigures(
  db: Db,
  branchId: number,
  start: Day,
  through: Day,
  roster: Roster = rosterOf(db, branchId),
): DuesFigures | undefined {
  const standards = standardsByMember(db, branchId);
  if (standards.size === 0) return undefined;
  const { entries, chain } = checkLedger(db, branchId);
  const now = foldLedger(entries);
  const atEnd = foldLedger(entries.filter((e) => e.day <= through));
  const months = monthsFrom(monthOf(start), monthOf(through));
  const last = months.at(-1)!;
  const inPeriod = (day: Day) => day >= start && day <= through;
  const rows: DuesRow[] = [];
  for (const m of roster(start, through)) {
    const own = standards.get(m.id);
    const first = own && firstMonth(own);
    if (!own || !first || first > last) continue;
    const dueMonths = months.filter((x) => x >= first);
    const account = accountOf(atEnd, m.id, own, last);
    let paidFen = 0;
    let paidCount = 0;
    let pendingFen = 0;
    for (const p of atEnd.duesPayments.values()) {
      if (p.entry.memberId !== m.id || !inPeriod(p.entry.day)) continue;
      if (p.status === 'confirmed') {
        paidFen += p.entry.amountFen;
        paidCount++;
      } else if (p.status === 'pending') pendingFen += p.entry.amountFen;
    }
    rows.push({
      memberId: m.id,
      name: m.name,
      standardFen: standardFor(own, last)?.monthlyFen ?? 0,
      dueFen: dueBetween(own, dueMonths[0]!, last),
      paidFen,
      paidCount,
      pendingFen,
      paidUp: dueMonths.every((x) => account.confirmed.covered.includes(x)),
      paidThrough: account.confirmed.covered.at(-1) ?? null,
      owedMonths: account.owed,
      owedFen: account.owedFen,
    });
  }
  const remitted = [...atEnd.remits.values()].filter((r) => !r.reversedBy && inPeriod(r.entry.day));
  return {
    months,
    rows,
    withStandard: rows.length,
    paidMembers: rows.filter((r) => r.paidUp).length,
    dueFen: rows.reduce((s, r) => s + r.dueFen, 0),
    receivedFen: rows.reduce((s, r) => s + r.paidFen, 0),
    pendingFen: rows.reduce((s, r) => s + r.pendingFen, 0),
    remittedFen: remitted.reduce((s, r) => s + r.entry.amountFen, 0),
    closingHeldFen: atEnd.duesHeldFen,
    heldFen: now.duesHeldFen,
    entries: entries.filter((e) => e.book === 'dues' && inPeriod(e.day)),
    chain,
  };
}

/** 收缴率 as 0..1, null when nobody owes. */
export const collectionRate = (f: DuesFigures): number | null =>
  f.withStandard ? f.paidMembers / f.withStandard : null;
