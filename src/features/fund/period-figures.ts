import { donationTotals, foldLedger } from '../../domain/fund-ledger.js';
import type { Day } from '../../domain/time.js';
import type { Db } from '../../core/db.js';
import { checkLedger } from './store.js';

/** The care fund's figures for the days [start, through] of a period, as plain numbers (fen). */
export interface FundPeriodFigures {
  /** Donations dated in the period that are confirmed and not reversed. */
  raisedFen: number;
  donationCount: number;
  donorCount: number;
  /** Donations dated in the period still waiting for 确认. */
  pendingFen: number;
  pendingCount: number;
  /** Payouts dated in the period that are not reversed. */
  paidFen: number;
  payoutCount: number;
  /** The balance counting only entries dated up to `through`: what the fund held at the period's end. */
  closingBalanceFen: number;
  /** The balance now, all entries counted (what 公示 and 汇总 show). */
  balanceFen: number;
  /** Confirmed donations in the period per donor, most given first. */
  donors: { memberId: number; fen: number; count: number }[];
  /** The ledger's hash chain verifies (see src/domain/fund-ledger.ts). */
  chainOk: boolean;
  /** Entries in the whole ledger. */
  entryCount: number;
}

/**
 * Fund figures of a branch for [start, through]; undefined when the branch's ledger is empty
 * (the fund is not used, so reports leave it out).
 */
export function buildFundPeriodFigures(
  db: Db,
  branchId: number,
  start: Day,
  through: Day,
): FundPeriodFigures | undefined {
  const { entries, chain } = checkLedger(db, branchId);
  // A branch that only keeps 党费 on the ledger has no fund to report.
  if (!entries.some((e) => e.book === 'fund')) return undefined;
  const state = foldLedger(entries);
  const totals = donationTotals(state, { start, end: through });
  const inPeriod = (day: Day) => day >= start && day <= through;
  const paid = [...state.payouts.values()].filter((p) => !p.reversedBy && inPeriod(p.entry.day));
  const donors = new Map<number, { memberId: number; fen: number; count: number }>();
  for (const d of state.donations.values()) {
    if (d.status !== 'confirmed' || !inPeriod(d.entry.day)) continue;
    const line = donors.get(d.entry.memberId) ?? { memberId: d.entry.memberId, fen: 0, count: 0 };
    line.fen += d.entry.amountFen;
    line.count++;
    donors.set(line.memberId, line);
  }
  return {
    raisedFen: totals.confirmedFen,
    donationCount: totals.confirmedCount,
    donorCount: totals.donors,
    pendingFen: totals.pendingFen,
    pendingCount: totals.pendingCount,
    paidFen: paid.reduce((sum, p) => sum + p.entry.amountFen, 0),
    payoutCount: paid.length,
    closingBalanceFen: foldLedger(entries.filter((e) => e.day <= through)).balanceFen,
    balanceFen: state.balanceFen,
    donors: [...donors.values()].sort((a, b) => b.fen - a.fen || a.memberId - b.memberId),
    chainOk: chain.ok,
    entryCount: entries.length,
  };
}
