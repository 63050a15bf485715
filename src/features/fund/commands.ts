import { defineCommand } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { capitals, formatFen } from '../../domain/money.js';
import { buildFundReport, renderFundReportText } from './report.js';
import { donate } from './store.js';
import { parseNote } from '../../core/text.js';
import { actor, splitAmount } from './args.js';

/** 党内关怀基金: donations and the 公示. Payouts: admin-commands.ts; 确认 and 冲正 (both books): the ledger feature. */

export const donateCommand = defineCommand<{ amountFen: number; note: string }>({
  name: '捐款',
  aliases: ['关怀基金', 'donate'],
  usage: ['捐款 金额 [备注]　例：捐款 50、捐款 ¥12.5 七一慰问、关怀基金 一百元'],
  summary: '向党内关怀基金捐款（以元为单位，精确到分）',
  role: 'member',
  parse(raw) {
    const { amountFen, rest } = splitAmount(raw);
    return { amountFen, note: parseNote(rest) };
  },
  run(ctx) {
    const { amountFen, note } = ctx.args;
    const pending = ctx.settings.fundConfirm !== 'off';
    const { entry, mine } = donate(actor(ctx), {
      amountFen,
      note,
      pending,
      limitFen: Number(ctx.settings.fundLimit),
    });
    const status = pending ? '已登记，待委员确认收款后计入' : '已入账';
    const total = `你累计捐款 ${formatFen(mine.confirmedFen + mine.pendingFen)}${mine.pendingCount ? `（已确认 ${formatFen(mine.confirmedFen)}，待确认 ${formatFen(mine.pendingFen)}）` : ''}。`;
    ctx.reply(
      `🙏 #${entry.seq} ${ctx.member.name} 捐款 ${formatFen(amountFen)}（${capitals(amountFen)}）${note ? `「${note}」` : ''}${status}。\n${total}`,
    );
  },
});

export const publicCommand = defineCommand<void>({
  name: '公示',
  aliases: ['fund', '基金公示'],
  usage: ['公示　党内关怀基金的收入、支出、结余和账本校验'],
  summary: '关怀基金公示：捐款、支出、结余，并校验账本未被改动',
  role: 'member',
  parse(raw) {
    // The 公示 is always the whole ledger to date: a period here would be silently ignored.
    if (raw) throw new UserError('「公示」不带参数，直接发送「公示」；按时段查看请发送「捐款记录 上月」。');
  },
  run(ctx) {
    ctx.reply(renderFundReportText(buildFundReport(ctx.db, ctx.branch, ctx.at), ctx.tz));
  },
});
