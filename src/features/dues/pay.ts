import { audit } from '../../core/audit.js';
import { defineCommand } from '../../core/context.js';
import { appendEntry } from '../../core/ledger/store.js';
import { parseNote } from '../../core/text.js';
import { splitAmountAndNote } from '../../domain/amount-note.js';
import {
  addMonths,
  coverage,
  dueBetween,
  firstMonth,
  monthLabel,
  monthOf,
  MONTHS_AHEAD,
} from '../../domain/dues.js';
import { capitals, formatFen } from '../../domain/money.js';
import { UserError } from '../../domain/user-error.js';
import { parseMonthCount } from './args.js';
import { accountOf, lastPayable, ledgerState, standardsOf } from './store.js';

/**
 * `交党费 25.5` pays the oldest months not yet paid (what is left is credit towards the next);
 * `交党费 3个月` pays the next three months of the standard. Every payment waits for `确认 N` by
 * a committee member other than the payer.
 */

type PayArgs =
  | { months: number; amountFen?: undefined; note: '' }
  | { months?: undefined; amountFen: number; note: string };

const USAGE = '交党费 金额 [备注]　或　交党费 N个月　例：交党费 25.5、交党费 3个月';

/** '3、4月' style lists of months: 2026-09、2026-10 → '2026年9月、2026年10月' (or a range). */
function monthsText(months: string[]): string {
  if (months.length <= 3) return months.map(monthLabel).join('、');
  return `${monthLabel(months[0]!)}至${monthLabel(months.at(-1)!)}（${months.length} 个月）`;
}

export const payDuesCommand = defineCommand<PayArgs>({
  name: '交党费',
  aliases: ['缴党费', 'paydues'],
  usage: [USAGE],
  summary: '交党费（先抵最早未交的月份，多出的记作预交），委员确认后计入',
  role: 'member',
  parse(raw) {
    if (!raw.trim()) throw new UserError(`请写明金额或月数。用法：${USAGE}`);
    const months = parseMonthCount(raw);
    if (months !== undefined) return { months, note: '' };
    const { amountFen, rest } = splitAmountAndNote(raw);
    return { amountFen, note: parseNote(rest) };
  },
  run(ctx) {
    const standards = standardsOf(ctx.db, ctx.branch.id, ctx.member.id);
    const first = firstMonth(standards);
    if (!first)
      throw new UserError(
        '你还没有党费标准，暂不能登记。请组织委员或书记先设定，例如「党费标准 @你 25.5」或「设置 党费基数 @你 6000 在职」。',
      );
    const now = monthOf(ctx.today);
    const last = lastPayable(now);
    const before = accountOf(ledgerState(ctx.db, ctx.branch.id), ctx.member.id, standards, now);
    const paidSoFar = before.confirmedFen + before.pendingFen;
    let amountFen = ctx.args.amountFen ?? 0;
    if (ctx.args.months !== undefined) {
      const from = before.withPending.next;
      const to = addMonths(from, ctx.args.months - 1);
      if (to > last)
        throw new UserError(
          `已交到 ${monthLabel(addMonths(from, -1))}，再交 ${ctx.args.months} 个月就超过一年以后（最晚 ${monthLabel(last)}）。`,
        );
      amountFen = dueBetween(standards, from, to) - before.withPending.creditFen;
      if (amountFen <= 0) throw new UserError('你预交的余额已经够这几个月，不用再交。');
    }
    const capFen = dueBetween(standards, first, last);
    if (paidSoFar + amountFen > capFen)
      throw new UserError(
        `最多预交到 ${monthLabel(last)}（${MONTHS_AHEAD} 个月以后），这次最多还能交 ${formatFen(Math.max(0, capFen - paidSoFar))}，你写的是 ${formatFen(amountFen)}。`,
      );
    const after = coverage(standards, paidSoFar + amountFen, last);
    const covered = after.covered.slice(before.withPending.covered.length);
    const entry = appendEntry(ctx.db, ctx.branch.id, {
      kind: 'dues',
      amountFen,
      memberId: ctx.member.id,
      refSeq: null,
      pending: true,
      forced: false,
      note: ctx.args.note,
      months: covered.join(',') || null,
      at: ctx.at,
      day: ctx.today,
    });
    audit(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      action: 'dues.pay',
      detail: { seq: entry.seq, amountFen, months: covered },
      at: ctx.at,
    });
    const lines = [
      `💴 #${entry.seq} ${ctx.member.name} 交党费 ${formatFen(amountFen)}（${capitals(amountFen)}）${covered.length ? `，计 ${monthsText(covered)}` : ''}，待委员「确认 ${entry.seq}」后计入。`,
    ];
    if (after.creditFen > 0)
      lines.push(`另有 ${formatFen(after.creditFen)} 记作预交，抵 ${monthLabel(after.next)} 的党费。`);
    const owed =
      after.next <= now
        ? `还欠 ${monthLabel(after.next)}至${monthLabel(now)}。`
        : `已交至 ${monthLabel(addMonths(after.next, -1))}。`;
    lines.push(owed);
    ctx.reply(lines.join('\n'));
  },
});
