/**
 * The care fund ledger as pure rules: entries are only ever appended; a donation is pending
 * until a 'confirm' entry points at it (or it was written already counted), and a 'reversal'
 * entry cancels one donation or payout. Totals are a fold over the entries, and every entry
 * carries sha256(content + previous entry's hash) so a changed or missing row is detectable.
 *
 * What the chain proves, and what it does not: it shows that the entries are the ones written,
 * in order, with nothing changed or removed since — against anyone who edits rows without
 * recomputing the hashes. Someone who can write the database file can rewrite the whole chain
 * from the changed entry on; the head codes 公示 posts in the group are the outside witness for
 * that (a later 公示 whose history no longer ends in a posted code was rewritten). With
 * LEDGER_KEY (kept outside the database) the chain is an HMAC, so only the server can extend it:
 * a change by someone with the file but without the key is detected, and so is a plain entry
 * after a keyed one ("downgraded"); a rewrite of the whole keyed part as plain entries is again
 * left to the posted head codes, which cannot be reproduced without the key. It cannot prove that what was typed was true (a donation that was
 * never handed over), nor protect against someone who has the server and its key.
 */

export const ENTRY_KINDS = ['donation', 'confirm', 'payout', 'reversal', 'dues', 'remit'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * One ledger, two books: the care fund (donation, payout) and 党费 (dues: a member's payment;
 * remit: money handed up to the 党委). Confirmations and reversals belong to the book of the
 * entry they point at. Numbers and the hash chain run across both books of a branch.
 */
export const BOOKS = ['fund', 'dues'] as const;
export type Book = (typeof BOOKS)[number];

/** The book an entry of this kind opens (confirm / reversal: see the entry they point at). */
export function bookOfKind(kind: EntryKind): Book | undefined {
  if (kind === 'dues' || kind === 'remit') return 'dues';
  if (kind === 'donation' || kind === 'payout') return 'fund';
  return undefined;
}

/** What an entry says; the hash covers exactly these fields plus the branch and the previous hash. */
export interface EntryContent {
  seq: number;
  kind: EntryKind;
  /** Positive fen: the donation, the payout, or the amount of the entry confirmed / reversed. */
  amountFen: number;
  /** The donor for a donation; whoever recorded it for the other kinds. */
  memberId: number;
  /** The entry a confirm or reversal points at. */
  refSeq: number | null;
  /** A donation written while the branch wanted confirmation. */
  pending: boolean;
  /** A payout recorded beyond the confirmed balance with 强制. */
  forced: boolean;
  note: string;
  at: number;
  day: string;
  /**
   * The member's name when the entry was written (readers see it in 捐款记录 and 导出): a
   * rename later does not change what the ledger says. Null on entries from before names were
   * recorded (hash version 1).
   */
  memberName: string | null;
  /** The book (absent: 'fund', as every entry was before 党费). Hashed from version 4 on. */
  book?: Book;
  /** For 党费: the months ('YYYY-MM', comma-separated) a payment covers or a remittance is for. */
  months?: string | null;
}

export interface StoredEntry extends EntryContent {
  hashVersion: number;
  prevHash: string;
  hash: string;
}

// The hash chain (versions, hashing, verification) lives in ledger-chain.ts; re-exported here.
export {
  entryHash,
  GENESIS_HASH,
  isKeyedVersion,
  verifyChain,
  type ChainCheck,
  type ChainProblem,
  type HashVersion,
} from './ledger-chain.js';

export interface DonationState {
  entry: EntryContent;
  status: 'pending' | 'confirmed' | 'reversed';
  confirmedBy?: EntryContent;
  reversedBy?: EntryContent;
}

export interface PayoutState {
  entry: EntryContent;
  reversedBy?: EntryContent;
}

export interface LedgerState {
  bySeq: Map<number, EntryContent>;
  donations: Map<number, DonationState>;
  payouts: Map<number, PayoutState>;
  /** 党费 payments, confirmed and reversed like donations. */
  duesPayments: Map<number, DonationState>;
  /** 党费 remitted to the 党委, reversed like payouts. */
  remits: Map<number, PayoutState>;
  /** Confirmed donations not reversed. */
  raisedFen: number;
  pendingFen: number;
  /** Payouts not reversed. */
  paidFen: number;
  /** raisedFen − paidFen. */
  balanceFen: number;
  /** 党费: confirmed payments not reversed, pending payments, remittances not reversed. */
  duesReceivedFen: number;
  duesPendingFen: number;
  remittedFen: number;
  /** duesReceivedFen − remittedFen: the 党费 the branch holds. */
  duesHeldFen: number;
  lastSeq: number;
}

/** The balance of a book: the fund's, or the 党费 the branch holds. */
export const bookBalance = (state: LedgerState, book: Book): number =>
  book === 'dues' ? state.duesHeldFen : state.balanceFen;

/** The book of entry `seq` (a confirm or reversal: the book of what it points at). */
export function bookOf(state: LedgerState, e: EntryContent): Book {
  if (e.book) return e.book;
  const own = bookOfKind(e.kind);
  if (own) return own;
  const ref = e.refSeq === null ? undefined : state.bySeq.get(e.refSeq);
  return (ref && bookOfKind(ref.kind)) ?? 'fund';
}

/**
 * Folds entries (in sequence order) into each donation's status and the fund's totals.
 * References to entries that do not exist or are of the wrong kind are ignored, so a tampered
 * ledger still folds; the chain check is what reports it.
 */
export function foldLedger(entries: readonly EntryContent[]): LedgerState {
  const bySeq = new Map<number, EntryContent>();
  const donations = new Map<number, DonationState>();
  const payouts = new Map<number, PayoutState>();
  const duesPayments = new Map<number, DonationState>();
  const remits = new Map<number, PayoutState>();
  let lastSeq = 0;
  for (const e of entries) {
    bySeq.set(e.seq, e);
    lastSeq = Math.max(lastSeq, e.seq);
    if (e.kind === 'donation' || e.kind === 'dues') {
      (e.kind === 'dues' ? duesPayments : donations).set(e.seq, {
        entry: e,
        status: e.pending ? 'pending' : 'confirmed',
      });
    } else if (e.kind === 'payout' || e.kind === 'remit') {
      (e.kind === 'remit' ? remits : payouts).set(e.seq, { entry: e });
    } else if (e.kind === 'confirm') {
      const d = e.refSeq === null ? undefined : (donations.get(e.refSeq) ?? duesPayments.get(e.refSeq));
      if (d && d.status === 'pending') {
        d.status = 'confirmed';
        d.confirmedBy = e;
      }
    } else if (e.kind === 'reversal' && e.refSeq !== null) {
      const d = donations.get(e.refSeq) ?? duesPayments.get(e.refSeq);
      const p = payouts.get(e.refSeq) ?? remits.get(e.refSeq);
      if (d && d.status !== 'reversed') {
        d.status = 'reversed';
        d.reversedBy = e;
      } else if (p && !p.reversedBy) {
        p.reversedBy = e;
      }
    }
  }
  let raisedFen = 0;
  let pendingFen = 0;
  let paidFen = 0;
  for (const d of donations.values()) {
    if (d.status === 'confirmed') raisedFen += d.entry.amountFen;
    else if (d.status === 'pending') pendingFen += d.entry.amountFen;
  }
  for (const p of payouts.values()) if (!p.reversedBy) paidFen += p.entry.amountFen;
  let duesReceivedFen = 0;
  let duesPendingFen = 0;
  let remittedFen = 0;
  for (const d of duesPayments.values()) {
    if (d.status === 'confirmed') duesReceivedFen += d.entry.amountFen;
    else if (d.status === 'pending') duesPendingFen += d.entry.amountFen;
  }
  for (const r of remits.values()) if (!r.reversedBy) remittedFen += r.entry.amountFen;
  return {
    bySeq,
    donations,
    payouts,
    duesPayments,
    remits,
    raisedFen,
    pendingFen,
    paidFen,
    balanceFen: raisedFen - paidFen,
    duesReceivedFen,
    duesPendingFen,
    remittedFen,
    duesHeldFen: duesReceivedFen - remittedFen,
    lastSeq,
  };
}

/** Why entry `seq` cannot be confirmed, or undefined when it can ('already' when it was). */
export function confirmRefusal(state: LedgerState, seq: number): string | 'already' | undefined {
  const e = state.bySeq.get(seq);
  if (!e) return `#${seq} 不存在（目前最大编号是 #${state.lastSeq}）`;
  if (e.kind !== 'donation' && e.kind !== 'dues') return `#${seq} 是${KIND_NAMES[e.kind]}，不是捐款或党费`;
  const d = (state.donations.get(seq) ?? state.duesPayments.get(seq))!;
  if (d.status === 'reversed') return `#${seq} 已被 #${d.reversedBy!.seq} 冲正`;
  if (d.status === 'confirmed') return 'already';
  return undefined;
}

/** Why entry `seq` cannot be reversed, or undefined when it can. */
export function reversalRefusal(state: LedgerState, seq: number): string | undefined {
  const e = state.bySeq.get(seq);
  if (!e) return `#${seq} 不存在（目前最大编号是 #${state.lastSeq}）。`;
  if (e.kind === 'confirm')
    return `#${seq} 是一条确认记录，不能单独冲正；如果款项其实没收到，请冲正原捐款 #${e.refSeq}。`;
  if (e.kind === 'reversal') return `#${seq} 本身就是冲正记录，不能再冲正；如需更正，请重新登记。`;
  const by = (
    state.donations.get(seq) ??
    state.payouts.get(seq) ??
    state.duesPayments.get(seq) ??
    state.remits.get(seq)
  )?.reversedBy;
  if (by) return `#${seq} 已在 #${by.seq} 冲正过，每条记录只能冲正一次。`;
  return undefined;
}

export const KIND_NAMES: Record<EntryKind, string> = {
  donation: '捐款',
  confirm: '确认',
  payout: '支出',
  reversal: '冲正',
  dues: '党费',
  remit: '上缴',
};

export interface DonationTotals {
  confirmedFen: number;
  confirmedCount: number;
  pendingFen: number;
  pendingCount: number;
  /** Distinct donors with a confirmed donation. */
  donors: number;
}

/**
 * Donations that are not reversed, optionally only one member's and only those dated within
 * [start, end] (days 'YYYY-MM-DD'), split into confirmed and pending.
 */
export function donationTotals(
  state: LedgerState,
  filter: { memberId?: number; start?: string; end?: string } = {},
): DonationTotals {
  const totals: DonationTotals = {
    confirmedFen: 0,
    confirmedCount: 0,
    pendingFen: 0,
    pendingCount: 0,
    donors: 0,
  };
  const donors = new Set<number>();
  for (const d of state.donations.values()) {
    const e = d.entry;
    if (filter.memberId !== undefined && e.memberId !== filter.memberId) continue;
    if ((filter.start && e.day < filter.start) || (filter.end && e.day > filter.end)) continue;
    if (d.status === 'confirmed') {
      totals.confirmedFen += e.amountFen;
      totals.confirmedCount++;
      donors.add(e.memberId);
    } else if (d.status === 'pending') {
      totals.pendingFen += e.amountFen;
      totals.pendingCount++;
    }
  }
  totals.donors = donors.size;
  return totals;
}
