import { createHash, createHmac } from 'node:crypto';
import type { EntryContent, StoredEntry } from './fund-ledger.js';

/**
 * The branch ledger's hash chain (both books): how each entry's hash is computed, by version,
 * and the walk that finds the first entry breaking the chain. What the chain proves and what it
 * does not is explained at the top of fund-ledger.ts.
 */

/**
 * How an entry's hash was computed. Stored on each entry, so entries written by older versions
 * keep verifying exactly as they were written:
 * 1 — sha256 over the content without the name (before names were recorded);
 * 2 — sha256 over the content with the name;
 * 3 — HMAC-SHA256 with LEDGER_KEY over the content with the name;
 * 4 — sha256 over the content with the name, the book and the months (党费 entries);
 * 5 — HMAC-SHA256 with LEDGER_KEY over the same as 4.
 * Versions 1–3 carry no book or months: such an entry is a fund entry without months, and one
 * that says otherwise was changed. Fund entries are still written as 2 / 3.
 */
export type HashVersion = 1 | 2 | 3 | 4 | 5;

/** Versions computed with LEDGER_KEY. */
export const isKeyedVersion = (v: number): boolean => v === 3 || v === 5;

/** The previous hash of each branch's first entry. */
export const GENESIS_HASH = 'zhibu-fund-genesis-v1';

/**
 * The hash of an entry as its `hashVersion` says (1 when absent): sha256, or for version 3 an
 * HMAC with `key` (throws without one), over a canonical JSON array of the content, the branch
 * and the previous hash.
 */
export function entryHash(
  branchId: number,
  e: EntryContent & { hashVersion?: number },
  prevHash: string,
  key?: string,
): string {
  const version = e.hashVersion ?? 1;
  if (version === 1)
    return createHash('sha256')
      .update(canonicalV1(branchId, e, prevHash))
      .digest('hex');
  const booked = version >= 4 ? [e.book ?? 'fund', e.months ?? null] : [];
  const canonical = JSON.stringify([
    `v${version}`,
    branchId,
    e.seq,
    e.kind,
    e.amountFen,
    e.memberId,
    e.memberName,
    e.refSeq,
    e.pending ? 1 : 0,
    e.forced ? 1 : 0,
    e.note,
    e.at,
    e.day,
    ...booked,
    prevHash,
  ]);
  if (version === 2 || version === 4) return createHash('sha256').update(canonical).digest('hex');
  if (version === 3 || version === 5) {
    if (!key) throw new Error(`a keyed (v${version}) ledger entry needs LEDGER_KEY`);
    return createHmac('sha256', key).update(canonical).digest('hex');
  }
  throw new Error(`unknown ledger hash version ${version}`);
}

/** Version 1, exactly as entries were hashed before names were recorded. */
function canonicalV1(branchId: number, e: EntryContent, prevHash: string): string {
  return JSON.stringify([
    'v1',
    branchId,
    e.seq,
    e.kind,
    e.amountFen,
    e.memberId,
    e.refSeq,
    e.pending ? 1 : 0,
    e.forced ? 1 : 0,
    e.note,
    e.at,
    e.day,
    prevHash,
  ]);
}

export type ChainProblem =
  /** The row's content no longer matches its own hash: it was changed. */
  | { kind: 'changed'; seq: number }
  /** A number is missing from the sequence: that row was deleted. */
  | { kind: 'missing'; seq: number }
  /** The row does not link to the one before it: the one before was rewritten or replaced. */
  | { kind: 'unlinked'; seq: number }
  /** A keyed (HMAC) entry, and this process has no LEDGER_KEY to check it with. */
  | { kind: 'unkeyed'; seq: number }
  /** An unkeyed entry after a keyed one: rewritten by someone without the key. */
  | { kind: 'downgraded'; seq: number };

export type ChainCheck =
  { ok: true; count: number; headHash: string } | { ok: false; count: number; problem: ChainProblem };

/**
 * Walks the entries in sequence order and reports the first one that breaks the chain.
 * `knownLastSeq` (from the audit log) catches rows deleted from the end, which the chain alone
 * cannot see.
 */
export function verifyChain(
  branchId: number,
  entries: readonly StoredEntry[],
  knownLastSeq = 0,
  key?: string,
): ChainCheck {
  let prev = GENESIS_HASH;
  let expected = 1;
  let keyed = false;
  for (const e of entries) {
    if (e.seq !== expected)
      return { ok: false, count: entries.length, problem: { kind: 'missing', seq: expected } };
    if (isKeyedVersion(e.hashVersion) && !key)
      return { ok: false, count: entries.length, problem: { kind: 'unkeyed', seq: e.seq } };
    if (keyed && !isKeyedVersion(e.hashVersion))
      return { ok: false, count: entries.length, problem: { kind: 'downgraded', seq: e.seq } };
    keyed ||= isKeyedVersion(e.hashVersion);
    // Versions before 4 do not hash the book or months: they can only be fund entries without months.
    const unbooked = e.hashVersion < 4 && ((e.book ?? 'fund') !== 'fund' || (e.months ?? null) !== null);
    if (unbooked || entryHash(branchId, e, e.prevHash, key) !== e.hash)
      return { ok: false, count: entries.length, problem: { kind: 'changed', seq: e.seq } };
    if (e.prevHash !== prev)
      return { ok: false, count: entries.length, problem: { kind: 'unlinked', seq: e.seq } };
    prev = e.hash;
    expected++;
  }
  if (knownLastSeq >= expected)
    return { ok: false, count: entries.length, problem: { kind: 'missing', seq: expected } };
  return { ok: true, count: entries.length, headHash: prev };
}
