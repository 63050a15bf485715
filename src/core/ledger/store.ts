import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { UserError } from '../../domain/user-error.js';
import {
  bookBalance,
  bookOf,
  bookOfKind,
  confirmRefusal,
  entryHash,
  foldLedger,
  GENESIS_HASH,
  KIND_NAMES,
  reversalRefusal,
  verifyChain,
  type Book,
  type ChainCheck,
  type DonationState,
  type EntryContent,
  type LedgerState,
  type StoredEntry,
} from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';
import { audit } from '../audit.js';
import type { Db } from '../db.js';
import { ledgerKeyOf } from '../ledger-key.js';
import { auditLog, members } from '../schema.js';
import { ledgerEntries } from './schema.js';

/**
 * The branch ledger in SQLite, shared by the care fund and 党费 (two books, one numbering, one
 * hash chain): entries are only appended (triggers refuse UPDATE, DELETE and REPLACE), each
 * chained to the one before. The write functions check the rules, append and write the audit
 * log; they throw UserError to refuse, inside the caller's transaction, so a refusal leaves
 * nothing behind.
 */

/** Who is acting, where and when. */
export interface LedgerActor {
  db: Db;
  branchId: number;
  memberId: number;
  at: number;
  day: string;
}

const stored = ({ id: _id, branchId: _branch, ...entry }: typeof ledgerEntries.$inferSelect): StoredEntry =>
  entry;

/** Every entry of a branch, both books, in sequence order, as stored. */
export function loadLedger(db: Db, branchId: number): StoredEntry[] {
  return db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.branchId, branchId))
    .orderBy(asc(ledgerEntries.seq))
    .all()
    .map(stored);
}

/** Whether the branch has any entry in `book` (a book never used is left out of reports). */
export function usesBook(db: Db, branchId: number, book: Book): boolean {
  return !!db
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.branchId, branchId), eq(ledgerEntries.book, book)))
    .limit(1)
    .get();
}

/**
 * Appends an entry after the branch's last one, numbering and chaining it. The member's name as
 * it is now is written on the entry and hashed with it. Fund entries are hashed as before
 * (version 2, or 3 with LEDGER_KEY); 党费 entries also hash their book and months (4, or 5).
 */
export function appendEntry(
  db: Db,
  branchId: number,
  content: Omit<EntryContent, 'seq' | 'memberName' | 'book'> & { book?: Book },
): StoredEntry {
  const last = db
    .select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.branchId, branchId))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1)
    .get();
  const who = db.select({ name: members.name }).from(members).where(eq(members.id, content.memberId)).get();
  const key = ledgerKeyOf(db);
  const book = content.book ?? bookOfKind(content.kind) ?? 'fund';
  const months = content.months ?? null;
  const booked = book !== 'fund' || months !== null;
  const entry = {
    ...content,
    book,
    months,
    seq: (last?.seq ?? 0) + 1,
    memberName: who?.name ?? '',
    hashVersion: booked ? (key ? 5 : 4) : key ? 3 : 2,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: StoredEntry = { ...entry, prevHash, hash: entryHash(branchId, entry, prevHash, key) };
  db.insert(ledgerEntries)
    .values({ branchId, ...row, book, months })
    .run();
  return row;
}

/** The highest entry number the audit log says was written: catches rows deleted from the end. */
export function lastAuditedSeq(db: Db, branchId: number): number {
  const row = db
    .select({ seq: sql<number | null>`max(json_extract(${auditLog.detail}, '$.seq'))` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.branchId, branchId),
        sql`(${auditLog.action} LIKE 'fund.%' OR ${auditLog.action} LIKE 'dues.%')`,
      ),
    )
    .get();
  return Number(row?.seq ?? 0);
}

/** Verifies the branch's chain (both books) against its entries and the audit log. */
export function checkLedger(db: Db, branchId: number): { entries: StoredEntry[]; chain: ChainCheck } {
  const entries = loadLedger(db, branchId);
  return {
    entries,
    chain: verifyChain(branchId, entries, lastAuditedSeq(db, branchId), ledgerKeyOf(db)),
  };
}

/** A confirmed payment: a donation or a 党费 payment, as it stands after the confirmation. */
export type Confirmed = DonationState;

/**
 * Confirms pending donations or 党费 payments (either book). Those already confirmed are
 * reported back, not confirmed twice. Throws UserError, confirming none, if any number is not a
 * live payment or is the actor's own.
 */
export function confirm(
  a: LedgerActor,
  seqs: number[],
): { confirmed: Confirmed[]; already: Confirmed[]; state: LedgerState } {
  const before = foldLedger(loadLedger(a.db, a.branchId));
  const problems: string[] = [];
  const todo: Confirmed[] = [];
  const already: Confirmed[] = [];
  const payment = (seq: number) => (before.donations.get(seq) ?? before.duesPayments.get(seq))!;
  for (const seq of new Set(seqs)) {
    const refusal = confirmRefusal(before, seq);
    if (refusal === 'already') already.push(payment(seq));
    else if (refusal) problems.push(refusal);
    // Separation of duties: whoever gave the money is not the one who says it arrived.
    else if (payment(seq).entry.memberId === a.memberId)
      problems.push(`#${seq} 是你自己的${KIND_NAMES[payment(seq).entry.kind]}，需由其他委员或书记确认`);
    else todo.push(payment(seq));
  }
  if (problems.length) throw new UserError(`没有确认任何一笔：${problems.join('；')}。`);
  for (const d of todo) {
    const book = bookOf(before, d.entry);
    const entry = appendEntry(a.db, a.branchId, {
      kind: 'confirm',
      book,
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
      action: `${book}.confirm`,
      detail: { seq: entry.seq, refSeq: d.entry.seq, amountFen: entry.amountFen },
      at: a.at,
    });
  }
  const state = foldLedger(loadLedger(a.db, a.branchId));
  const after = (seq: number) => (state.donations.get(seq) ?? state.duesPayments.get(seq))!;
  return { confirmed: todo.map((d) => after(d.entry.seq)), already, state };
}

/**
 * Cancels an entry of either book (donation, payout, 党费 payment, 上缴) with a new entry.
 * Throws UserError if it cannot be reversed, if the actor wrote it (nobody reverses their own
 * entry), or if reversing counted money would overdraw its book without `force` (the entry is
 * then marked forced).
 */
export function reverse(
  a: LedgerActor,
  input: { seq: number; reason: string; force?: boolean },
): { entry: StoredEntry; original: EntryContent; state: LedgerState } {
  const before = foldLedger(loadLedger(a.db, a.branchId));
  const refusal = reversalRefusal(before, input.seq);
  if (refusal) throw new UserError(refusal);
  const original = before.bySeq.get(input.seq)!;
  if (original.memberId === a.memberId)
    throw new UserError(`#${original.seq} 是你自己登记的记录，不能由你冲正，请由其他委员或书记冲正。`);
  const book = bookOf(before, original);
  const payment = before.donations.get(original.seq) ?? before.duesPayments.get(original.seq);
  const counted = payment?.status === 'confirmed';
  const balance = bookBalance(before, book);
  const after = balance - original.amountFen;
  const overdraft = counted && after < 0;
  if (overdraft && !input.force) {
    throw new UserError(
      `冲正 #${original.seq} 后${book === 'dues' ? '党费结存' : '结余'}将是 ${formatFen(after)}（现有 ${formatFen(balance)}），会透支。确需冲正，请在末尾加「强制」。`,
    );
  }
  const entry = appendEntry(a.db, a.branchId, {
    kind: 'reversal',
    book,
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
    action: `${book}.reverse`,
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
