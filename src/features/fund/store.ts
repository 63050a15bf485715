import { and, asc, eq, sql } from 'drizzle-orm';
import { UserError } from '../../domain/user-error.js';
import {
  donationTotals,
  foldLedger,
  type DonationTotals,
  type LedgerState,
  type StoredEntry,
} from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';
import { audit } from '../../core/audit.js';
import type { Db } from '../../core/db.js';
import { ledgerEntries as fundEntries } from '../../core/ledger/schema.js';
import { appendEntry, loadLedger, type LedgerActor } from '../../core/ledger/store.js';

// The ledger itself (numbering, chain, 确认, 冲正) is shared with 党费: src/core/ledger/.
export {
  appendEntry,
  checkLedger,
  confirm,
  lastAuditedSeq,
  loadLedger,
  reverse,
  usesBook,
} from '../../core/ledger/store.js';

/**
 * The care fund's own writes: donations and payouts. They check the rules, append to the shared
 * ledger and write the audit log; they throw UserError to refuse, inside the caller's
 * transaction, so a refusal leaves nothing behind.
 */

/** Who is acting, where and when. */
export type FundActor = LedgerActor;

/** A member's donations and the confirmations and reversals that point at them, in order. */
export function memberLedgerSlice(db: Db, branchId: number, memberId: number): StoredEntry[] {
  return db
    .select()
    .from(fundEntries)
    .where(
      and(
        eq(fundEntries.branchId, branchId),
        sql`(${fundEntries.memberId} = ${memberId} AND ${fundEntries.kind} = 'donation'
          OR ${fundEntries.refSeq} IN (SELECT seq FROM fund_entries WHERE branch_id = ${branchId} AND member_id = ${memberId} AND kind = 'donation'))`,
      ),
    )
    .orderBy(asc(fundEntries.seq))
    .all()
    .map(({ id: _id, branchId: _branch, ...entry }) => entry);
}

function limitRefusal(what: string, amountFen: number, limitFen: number): void {
  if (amountFen > limitFen) {
    throw new UserError(
      `单笔${what}不能超过 ${formatFen(limitFen)}（这次是 ${formatFen(amountFen)}）。书记可用「设置 捐款上限 金额」调整上限。`,
    );
  }
}

/** Records a donation by the actor; `pending` when the branch wants it confirmed. Throws UserError above the limit. */
export function donate(
  a: FundActor,
  input: { amountFen: number; note: string; pending: boolean; limitFen: number },
): { entry: StoredEntry; mine: DonationTotals } {
  limitRefusal('捐款', input.amountFen, input.limitFen);
  const entry = appendEntry(a.db, a.branchId, {
    kind: 'donation',
    amountFen: input.amountFen,
    memberId: a.memberId,
    refSeq: null,
    pending: input.pending,
    forced: false,
    note: input.note,
    at: a.at,
    day: a.day,
  });
  audit(a.db, {
    branchId: a.branchId,
    memberId: a.memberId,
    action: 'fund.donate',
    detail: { seq: entry.seq, amountFen: entry.amountFen, pending: entry.pending },
    at: a.at,
  });
  // The reply needs only this member's totals: fold their donations and the entries pointing at
  // them, not the whole ledger (which grows all year).
  return {
    entry,
    mine: donationTotals(foldLedger(memberLedgerSlice(a.db, a.branchId, a.memberId)), {
      memberId: a.memberId,
    }),
  };
}

/**
 * Records a payout. Throws UserError above the limit, or above the confirmed balance unless
 * `force` (the entry is then marked forced, so 公示 shows the overdraft was deliberate).
 */
export function payout(
  a: FundActor,
  input: { amountFen: number; note: string; force: boolean; limitFen: number },
): { entry: StoredEntry; state: LedgerState } {
  limitRefusal('支出', input.amountFen, input.limitFen);
  const before = foldLedger(loadLedger(a.db, a.branchId));
  const overdraft = input.amountFen > before.balanceFen;
  if (overdraft && !input.force) {
    throw new UserError(
      `结余只有 ${formatFen(before.balanceFen)}（已确认捐款减去支出），不够支出 ${formatFen(input.amountFen)}。` +
        `${before.pendingFen > 0 ? `还有 ${formatFen(before.pendingFen)} 待确认，可先「确认」。` : ''}确需垫付，请在末尾加「强制」。`,
    );
  }
  const entry = appendEntry(a.db, a.branchId, {
    kind: 'payout',
    amountFen: input.amountFen,
    memberId: a.memberId,
    refSeq: null,
    pending: false,
    forced: overdraft,
    note: input.note,
    at: a.at,
    day: a.day,
  });
  audit(a.db, {
    branchId: a.branchId,
    memberId: a.memberId,
    action: 'fund.payout',
    detail: { seq: entry.seq, amountFen: entry.amountFen, forced: overdraft },
    at: a.at,
  });
  return { entry, state: foldLedger(loadLedger(a.db, a.branchId)) };
}
