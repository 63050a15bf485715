import { defineCommand } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { donationTotals, foldLedger } from '../../domain/fund-ledger.js';
import { capitals, formatFen } from '../../domain/money.js';
import { buildFundReport, renderFundReportText } from './report.js';
import { confirm, donate, memberLedgerSlice } from './store.js';
import { parseNote } from '../../core/text.js';
import { actor, memberNames, parseEntryNumbers, splitAmount } from './args.js';

/** 党内关怀基金: donations, confirmations and the 公示. Payouts and reversals: fund-admin.ts. */

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

export const confirmCommand = defineCommand<number[]>({
  name: '确认',
  aliases: ['confirm'],
  usage: ['确认 编号 [编号…]　例：确认 17、确认 3 4 5、确认 3-5'],
  summary: '确认已收到的捐款（计入基金）',
  role: 'committee',
  parse: (raw) => parseEntryNumbers(raw),
  run(ctx) {
    const { confirmed, already, state } = confirm(actor(ctx), ctx.args);
    const names = memberNames(
      ctx.db,
      [...confirmed, ...already].map((d) => d.entry.memberId),
    );
    const item = (d: (typeof confirmed)[number]) =>
      `#${d.entry.seq} ${names.get(d.entry.memberId) ?? '?'} ${formatFen(d.entry.amountFen)}`;
    const lines: string[] = [];
    if (confirmed.length) {
      const sum = confirmed.reduce((s, d) => s + d.entry.amountFen, 0);
      lines.push(
        `✅ 已确认收款 ${confirmed.length} 笔，共 ${formatFen(sum)}：${confirmed.map(item).join('、')}`,
      );
    }
    if (already.length) {
      lines.push(
        `此前已确认，未重复计入：${already.map((d) => `${item(d)}${d.confirmedBy ? `（#${d.confirmedBy.seq}）` : '（登记时直接入账）'}`).join('、')}`,
      );
    }
    lines.push(
      `基金结余 ${formatFen(state.balanceFen)}${state.pendingFen ? `，另有 ${formatFen(state.pendingFen)} 待确认` : ''}。`,
    );
    ctx.reply(lines.join('\n'));
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
