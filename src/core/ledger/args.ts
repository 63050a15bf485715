import { inArray } from 'drizzle-orm';
import type { CommandContext } from '../context.js';
import type { Db } from '../db.js';
import { members } from '../schema.js';
import { parseNote } from '../text.js';
import { UserError } from '../../domain/user-error.js';
import type { LedgerActor } from './store.js';

/** Argument parsing shared by the commands of both ledger books. */

const MAX_NUMBERS = 50;

/** Entry numbers as written: '3 4 5', '#3,#4', '3、4', '3-5'. Throws UserError on anything else. */
export function parseEntryNumbers(raw: string): number[] {
  const tokens = raw.split(/[\s,，、;；]+/).filter(Boolean);
  if (tokens.length === 0) throw new UserError('请写明记录编号。', true);
  const out: number[] = [];
  for (const token of tokens) {
    const m = /^[#＃第]?(\d{1,9})(?:号)?(?:[-~～至到]#?(\d{1,9})号?)?$/.exec(token);
    if (!m) throw new UserError(`「${token}」不是记录编号，编号是数字，例如 3 或 #3。`, true);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from) throw new UserError(`编号范围「${token}」不对。`);
    if (to - from + out.length >= MAX_NUMBERS) throw new UserError(`一次最多 ${MAX_NUMBERS} 条。`);
    for (let n = from; n <= to; n++) out.push(n);
  }
  return out;
}

/** The acting member in this branch, now. */
export function actor(ctx: CommandContext<unknown>): LedgerActor {
  return { db: ctx.db, branchId: ctx.branch.id, memberId: ctx.member.id, at: ctx.at, day: ctx.today };
}

/**
 * A reason that must say something (支出's purpose, 冲正's cause): refused when missing or when
 * it is only punctuation or emoji ('冲正 18 ！'), since the ledger keeps it for auditors.
 */
export function parseReason(raw: string, what: string, example: string): string {
  const reason = parseNote(raw);
  const typed = raw.trim();
  if (!reason)
    throw new UserError(
      typed
        ? `${what}「${typed.slice(0, 20)}」没有文字，请写明${what}，例如：${example}`
        : `请写明${what}，例如：${example}`,
      true,
    );
  return reason;
}

/** `强制`: a payout, 上缴 or reversal beyond the balance, deliberately. */
export const FORCE = /^(?:强制|force)$/i;

/** Display names of members by id (for lists that mention payers and recorders). */
export function namesById(db: Db, ids: Iterable<number>): Map<number, string> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(inArray(members.id, list))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}
