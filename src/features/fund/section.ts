import type { CommandContext } from '../../core/context.js';
import type { Cell, ReportSection } from '../../core/feature.js';
import { ENTRY_COLUMNS, entryCells, PAYMENT_STATUS } from '../../core/ledger/sheet.js';
import { reportNames } from '../../core/members.js';
import type { Job } from '../../core/feature.js';
import { donationTotals, foldLedger, type StoredEntry } from '../../domain/fund-ledger.js';
import { formatFen, formatYuan } from '../../domain/money.js';
import { monthPeriod } from '../../domain/period.js';
import { addDays } from '../../domain/time.js';
import { buildFundPeriodFigures, type FundPeriodFigures } from './period-figures.js';
import { buildFundReport, renderFundReportText } from './report.js';
import { loadLedger, memberLedgerSlice, usesBook } from './store.js';

/** The care fund in every report; a branch whose ledger is empty has no fund section. */
export const fundSection: ReportSection<FundPeriodFigures> = {
  figures: (scope, period, through) =>
    buildFundPeriodFigures(scope.db, scope.branch.id, period.start, through),
  lines(f) {
    const parts = [`收到捐款 ${formatFen(f.raisedFen)}（${f.donorCount} 人 ${f.donationCount} 笔）`];
    if (f.pendingCount) parts.push(`待确认 ${formatFen(f.pendingFen)}（${f.pendingCount} 笔）`);
    parts.push(`支出 ${formatFen(f.paidFen)}（${f.payoutCount} 笔）`);
    // As at the period's end (its last counted day), not today: a past month shows its own balance.
    return [`关怀基金：${parts.join('，')}；期末结余 ${formatFen(f.closingBalanceFen)}`];
  },
  summaryCells: (f) => [
    ['收到捐款（元）', { yuan: f.raisedFen }],
    ['捐款（笔）', f.donationCount],
    ['捐款（人）', f.donorCount],
    ['待确认捐款（元）', { yuan: f.pendingFen }],
    ['支出（元）', { yuan: f.paidFen }],
    ['支出（笔）', f.payoutCount],
    ['期末结余（元）', { yuan: f.closingBalanceFen }],
  ],
  memberCells: (f) => ({
    columns: ['捐款（元）'],
    byMember: new Map(f.donors.map((d): [number, Cell[]] => [d.memberId, [{ yuan: d.fen }]])),
  }),
  sheets(f, scope, period, through) {
    const entries = loadLedger(scope.db, scope.branch.id);
    const name = reportNames(scope);
    const state = foldLedger(entries);
    const status = (e: StoredEntry): string => {
      if (e.kind === 'donation') return PAYMENT_STATUS[state.donations.get(e.seq)!.status];
      if (e.kind === 'payout') return state.payouts.get(e.seq)?.reversedBy ? '已冲正' : '';
      return '';
    };
    const rows = entries
      .filter((e) => e.book === 'fund' && e.day >= period.start && e.day <= through)
      .map((e): Cell[] => [...entryCells(e, scope.tz, name), status(e), e.note]);
    const totals: Cell[][] = [
      ['收到捐款（已确认）', { yuan: f.raisedFen }],
      ['待确认捐款', { yuan: f.pendingFen }],
      ['支出', { yuan: f.paidFen }],
      ['期末结余', { yuan: f.closingBalanceFen }],
      ['当前结余', { yuan: f.balanceFen }],
      ['账本校验', f.chainOk ? '通过' : '未通过'],
    ];
    const columns = [...ENTRY_COLUMNS, '状态', '备注'];
    return [
      {
        name: '基金台账',
        tables: [
          { columns, rows },
          { title: '合计', columns: ['项目', '金额（元）'], rows: totals },
        ],
      },
    ];
  },
  orgColumns: [
    { title: '基金收入（元）', cell: (f) => ({ yuan: f?.raisedFen ?? 0 }), total: 'sum' },
    { title: '期末结余（元）', cell: (f) => ({ yuan: f?.closingBalanceFen ?? 0 }), total: 'sum' },
  ],
  orgText: [
    {
      title: '基金 收入/结余（元）',
      cell: (f) =>
        `${formatYuan(f?.raisedFen ?? 0)}/${formatYuan(f?.closingBalanceFen ?? 0)}${f && !f.chainOk ? '⚠️' : ''}`,
    },
  ],
  orgTotals(all) {
    const income = all.reduce((a, f) => a + (f?.raisedFen ?? 0), 0);
    const balance = all.reduce((a, f) => a + (f?.closingBalanceFen ?? 0), 0);
    return [`关怀基金：本期收入 ${formatFen(income)}，期末结余 ${formatFen(balance)}`];
  },
  orgWarning: (f) => (f.chainOk ? undefined : '关怀基金账本校验未通过'),
};

/** `我的`: the member's own donations. */
export function fundMeLines(ctx: CommandContext<unknown>): string[] {
  const t = donationTotals(foldLedger(memberLedgerSlice(ctx.db, ctx.branch.id, ctx.member.id)), {
    memberId: ctx.member.id,
  });
  if (t.confirmedCount + t.pendingCount === 0) return ['关怀基金：暂无捐款'];
  return [
    `关怀基金：已确认捐款 ${formatFen(t.confirmedFen)}（${t.confirmedCount} 笔）${t.pendingCount ? `，待确认 ${formatFen(t.pendingFen)}（${t.pendingCount} 笔）` : ''}`,
  ];
}

/** The monthly 公示 of a fund that has entries. */
export const fundNoticeJob: Job = {
  id: 'fund',
  name: '公示',
  setting: 'fundNotice',
  defaultSchedule: 'on 1 10:00',
  cadence: 'monthly',
  period: (dueDay) => {
    const d = addDays(dueDay, -1);
    return monthPeriod(Number(d.slice(0, 4)), Number(d.slice(5, 7)));
  },
  run(ctx) {
    if (!usesBook(ctx.db, ctx.branch.id, 'fund')) return; // no fund, no notice
    ctx.reply(renderFundReportText(buildFundReport(ctx.db, ctx.branch, ctx.at), ctx.tz));
  },
};
