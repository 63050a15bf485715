import { inArray } from 'drizzle-orm';
import type { CommandContext } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { parseAmount } from '../../domain/money.js';
import type { FundActor } from './store.js';
import type { Db } from '../../core/db.js';
import { members } from '../../core/schema.js';
import { parseNote } from '../checkin/commands.js';

/** Argument parsing and small helpers shared by the fund commands. */

const UNIT_TOKEN = /^(?:元整?|块钱?|圆)$/;
const ARABIC_THEN_TEXT = /^([¥￥]?\d[\d,]*(?:\.\d+)?(?:元整|元|块钱|块|圆)?)([^\d.,元块圆角毛分整].*)$/;
const NUMERALS = /^[\d零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿点角毛分]/;
/** Text that would continue an amount ('五角…'), so it cannot be the start of a note. */
const MORE_AMOUNT = /^(?:\d|[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖]?[角毛分])/;

/**
 * Splits '50 七一慰问', '50 元 慰问', '50元慰问' or '五十元慰问' into fen and the rest.
 * Throws UserError (with usage) when there is no amount or it is not a valid one.
 */
export function splitAmount(raw: string): { amountFen: number; rest: string } {
  const tokens = raw.split(' ').filter(Boolean);
  if (tokens.length === 0) throw new UserError('请写明金额。', true);
  if (tokens[1] && UNIT_TOKEN.test(tokens[1])) tokens.splice(0, 2, tokens[0]! + tokens[1]);
  const [first, ...others] = tokens as [string, ...string[]];
  const whole = parseAmount(first);
  if (whole.ok) return { amountFen: whole.fen, rest: others.join(' ') };
  // The amount written straight against the note: '50元七一慰问', '五十元慰问'.
  // Figures may be followed by any note ('50元七一慰问'); Chinese numerals only by a note that
  // does not start with a numeral, since '五十元七一' cannot be told apart from an amount.
  const candidates: [string, string, RegExp][] = [];
  const m = ARABIC_THEN_TEXT.exec(first);
  if (m) candidates.push([m[1]!, m[2]!, MORE_AMOUNT]);
  const unit = first.search(/[元块圆]/);
  if (unit > 0)
    candidates.push([first.slice(0, unit + 1), first.slice(unit + 1).replace(/^(?:整|钱)/, ''), NUMERALS]);
  for (const [amount, text, continues] of candidates) {
    const r = parseAmount(amount);
    if (r.ok && text && !continues.test(text)) return { amountFen: r.fen, rest: [text, ...others].join(' ') };
  }
  const glued =
    /[^\d.,¥￥元块钱圆角毛分整零〇一壹二贰两兩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億点點-]/.test(
      first,
    );
  throw new UserError(
    glued ? `${whole.reason}金额和备注之间请加一个空格，例如「捐款 50 七一慰问」。` : whole.reason,
  );
}

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
export function actor(ctx: CommandContext<unknown>): FundActor {
  return { db: ctx.db, branchId: ctx.branch.id, memberId: ctx.member.id, at: ctx.at, day: ctx.today };
}

/** Display names of members by id (for lists that mention donors and recorders). */
export function memberNames(db: Db, ids: Iterable<number>): Map<number, string> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(inArray(members.id, list))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
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
