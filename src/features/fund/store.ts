import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { UserError } from '../../domain/user-error.js';
import {
  confirmRefusal,
  donationTotals,
  entryHash,
  foldLedger,
  GENESIS_HASH,
  reversalRefusal,
  verifyChain,
  type ChainCheck,
  type DonationState,
  type DonationTotals,
  type EntryContent,
  type LedgerState,
  type StoredEntry,
} from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';
import { audit } from '../../core/audit.js';
import type { Db } from '../../core/db.js';
import { ledgerKeyOf } from '../../core/ledger-key.js';
import { auditLog, members } from '../../core/schema.js';
import { fundEntries } from './schema.js';

/**
 * The fund ledger in SQLite: entries are only appended (triggers refuse UPDATE and DELETE), each
 * chained to the one before. The write functions check the rules, append, and write the audit
 * log; they throw UserError to refuse, and run inside the caller's transaction so a refusal
 * leaves nothing behind.
 */

/** Who is acting, where and when. */
export interface FundActor {
  db: Db;
  branchId: number;
  memberId: number;
  at: number;
  day: string;
}

/** Every entry of a branch, in sequence order, as stored. */
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

export function loadLedger(db: Db, branchId: number): StoredEntry[] {
  return db
    .select()
    .from(fundEntries)
    .where(eq(fundEntries.branchId, branchId))
    .orderBy(asc(fundEntries.seq))
    .all()
    .map(({ id: _id, branchId: _branch, ...entry }) => entry);
}

/**
 * Appends an entry after the branch's last one, numbering and chaining it. The member's name as
 * it is now is written on the entry and hashed with it (version 2), or HMAC'd with LEDGER_KEY
 * when one is configured (version 3): the ledger keeps saying who it was when it was written.
 */
export function appendEntry(
  db: Db,
  branchId: number,
  content: Omit<EntryContent, 'seq' | 'memberName'>,
): StoredEntry {
  const last = db
    .select({ seq: fundEntries.seq, hash: fundEntries.hash })
    .from(fundEntries)
    .where(eq(fundEntries.branchId, branchId))
    .orderBy(desc(fundEntries.seq))
    .limit(1)
    .get();
  const who = db.select({ name: members.name }).from(members).where(eq(members.id, content.memberId)).get();
  const key = ledgerKeyOf(db);
  const entry = {
    ...content,
    seq: (last?.seq ?? 0) + 1,
    memberName: who?.name ?? '',
    hashVersion: key ? 3 : 2,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const stored: StoredEntry = { ...entry, prevHash, hash: entryHash(branchId, entry, prevHash, key) };
  db.insert(fundEntries)
    .values({ branchId, ...stored })
    .run();
  return stored;
}

/** The highest entry number the audit log says was written: catches rows deleted from the end. */
export function lastAuditedSeq(db: Db, branchId: number): number {
  const row = db
    .select({ seq: sql<number | null>`max(json_extract(${auditLog.detail}, '$.seq'))` })
    .from(auditLog)
    .where(and(eq(auditLog.branchId, branchId), sql`${auditLog.action} LIKE 'fund.%'`))
    .get();
  return Number(row?.seq ?? 0);
}

/** Verifies the branch's chain against its entries and the audit log. */
export function checkLedger(db: Db, branchId: number): { entries: StoredEntry[]; chain: ChainCheck } {
  const entries = loadLedger(db, branchId);
  return {
    entries,
    chain: verifyChain(branchId, entries, lastAuditedSeq(db, branchId), ledgerKeyOf(db)),
  };
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
 * Confirms pending donations. Donations already confirmed are reported back, not confirmed
 * twice. Throws UserError, confirming none, if any number is not a live donation.
 */
export function confirm(
  a: FundActor,
  seqs: number[],
): { confirmed: DonationState[]; already: DonationState[]; state: LedgerState } {
  const before = foldLedger(loadLedger(a.db, a.branchId));
  const problems: string[] = [];
  const todo: DonationState[] = [];
  const already: DonationState[] = [];
  for (const seq of new Set(seqs)) {
    const refusal = confirmRefusal(before, seq);
    if (refusal === 'already') already.push(before.donations.get(seq)!);
    else if (refusal) problems.push(refusal);
    // Separation of duties: whoever gave the money is not the one who says it arrived.
    else if (before.donations.get(seq)!.entry.memberId === a.memberId)
      problems.push(`#${seq} 是你自己的捐款，需由其他委员或书记确认`);
    else todo.push(before.donations.get(seq)!);
  }
  if (problems.length) throw new UserError(`没有确认任何一笔：${problems.join('；')}。`);
  for (const d of todo) {
    const entry = appendEntry(a.db, a.branchId, {
      kind: 'confirm',
      amountFen: d.entry.amountFen,
      memberId: a.memberId,
      refSeq: d.entry.seq,
      pending: false,
      forced: false,
      note: '',
      at: a.at,
      day: a.day,
    });
    audit(a.db, {
      branchId: a.branchId,
      memberId: a.memberId,
      action: 'fund.confirm',
      detail: { seq: entry.seq, refSeq: d.entry.seq, amountFen: entry.amountFen },
      at: a.at,
    });
  }
  const state = foldLedger(loadLedger(a.db, a.branchId));
  return { confirmed: todo.map((d) => state.donations.get(d.entry.seq)!), already, state };
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

/**
 * Cancels donation or payout `seq` with a new entry. Throws UserError if it cannot be reversed,
 * if the actor donated or recorded it (nobody reverses their own entry), or if reversing a
 * counted donation would overdraw the fund without `force` (like a payout; the entry is then
 * marked forced).
 */
export function reverse(
  a: FundActor,
  input: { seq: number; reason: string; force?: boolean },
): { entry: StoredEntry; original: EntryContent; state: LedgerState } {
  const before = foldLedger(loadLedger(a.db, a.branchId));
  const refusal = reversalRefusal(before, input.seq);
  if (refusal) throw new UserError(refusal);
  const original = before.bySeq.get(input.seq)!;
  if (original.memberId === a.memberId)
    throw new UserError(`#${original.seq} 是你自己登记的记录，不能由你冲正，请由其他委员或书记冲正。`);
  const counted = original.kind === 'donation' && before.donations.get(original.seq)?.status === 'confirmed';
  const after = before.balanceFen - original.amountFen;
  const overdraft = counted && after < 0;
  if (overdraft && !input.force) {
    throw new UserError(
      `冲正 #${original.seq} 后结余将是 ${formatFen(after)}（现有 ${formatFen(before.balanceFen)}），会透支。确需冲正，请在末尾加「强制」。`,
    );
  }
  const entry = appendEntry(a.db, a.branchId, {
    kind: 'reversal',
    amountFen: original.amountFen,
    memberId: a.memberId,
    refSeq: original.seq,
    pending: false,
    forced: overdraft,
    note: input.reason,
    at: a.at,
    day: a.day,
  });
  audit(a.db, {
    branchId: a.branchId,
    memberId: a.memberId,
    action: 'fund.reverse',
    detail: {
      seq: entry.seq,
      refSeq: original.seq,
      amountFen: entry.amountFen,
      reason: input.reason,
      forced: overdraft,
    },
    at: a.at,
  });
  return { entry, original, state: foldLedger(loadLedger(a.db, a.branchId)) };
}
