import type { CommandContext } from '../../core/context.js';
import type { Cell, ReportSection } from '../../core/feature.js';
import { reportNames, reportRoster } from '../../core/members.js';
import { monthLabel, monthOf } from '../../domain/dues.js';
import { foldLedger } from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';
import type { Period } from '../../domain/period.js';
import { formatRate } from '../../domain/rate.js';
import { ENTRY_COLUMNS, entryCells, PAYMENT_STATUS } from '../../core/ledger/sheet.js';
import { loadLedger } from '../../core/ledger/store.js';
import { buildDuesFigures, collectionRate, type DuesFigures } from './figures.js';
import { accountOf, ledgerState, standardsOf } from './store.js';
import { accountLines } from './view.js';

/** 党费 in 汇总, 导出 (党费台账), the organisation table and the admin API. */

const months = (s: string | null) => (s ? s.split(',').map(monthLabel).join('、') : '');

export const duesSection: ReportSection<DuesFigures> = {
  figures: (scope, period, through) =>
    buildDuesFigures(scope.db, scope.branch.id, period.start, through, reportRoster(scope)),
  lines: (f) => [
    `党费：收缴率 ${formatRate(collectionRate(f))}（${f.paidMembers}/${f.withStandard} 人交清），应交 ${formatFen(f.dueFen)}，实收 ${formatFen(f.receivedFen)}${f.pendingFen ? `，待确认 ${formatFen(f.pendingFen)}` : ''}，上缴 ${formatFen(f.remittedFen)}；结存 ${formatFen(f.heldFen)}${f.chain.ok ? '' : '（⚠️ 账本校验未通过）'}`,
  ],
  summaryCells: (f) => [
    ['党费收缴率', { percent: collectionRate(f) }],
    ['党费交清（人）', f.paidMembers],
    ['党费应交（人）', f.withStandard],
    ['党费应交（元）', { yuan: f.dueFen }],
    ['党费实收（元）', { yuan: f.receivedFen }],
    ['党费上缴（元）', { yuan: f.remittedFen }],
    ['党费期末结存（元）', { yuan: f.closingHeldFen }],
  ],
  memberCells: (f) => ({
    columns: ['党费实收（元）', '党费'],
    byMember: new Map(
      f.rows.map((r): [number, Cell[]] => [
        r.memberId,
        [{ yuan: r.paidFen }, r.paidUp ? '交清' : `欠${r.owedMonths.length}个月`],
      ]),
    ),
  }),
  sheets(f, scope, _period, through) {
    const name = reportNames(scope);
    const state = foldLedger(loadLedger(scope.db, scope.branch.id).filter((e) => e.day <= through));
    const status = (seq: number, kind: string): string => {
      if (kind === 'dues') return PAYMENT_STATUS[state.duesPayments.get(seq)!.status];
      if (kind === 'remit') return state.remits.get(seq)?.reversedBy ? '已冲正' : '';
      return '';
    };
    const memberRows = f.rows.map((r): Cell[] => [
      r.name,
      { yuan: r.standardFen },
      { yuan: r.dueFen },
      { yuan: r.paidFen },
      { yuan: r.pendingFen },
      r.paidThrough ? monthLabel(r.paidThrough) : '',
      r.owedMonths.length,
      { yuan: r.owedFen },
      r.paidUp ? '交清' : '未交清',
    ]);
    const entryRows = f.entries.map((e): Cell[] => [
      ...entryCells(e, scope.tz, name),
      months(e.months ?? null),
      status(e.seq, e.kind),
      e.note,
    ]);
    return [
      {
        name: '党费台账',
        tables: [
          {
            title: '成员',
            columns: [
              '姓名',
              '月标准（元）',
              '本期应交（元）',
              '本期实收（元）',
              '待确认（元）',
              '已交至',
              '欠交月数',
              '欠交（元）',
              '状态',
            ],
            rows: memberRows,
          },
          {
            title: '记录',
            columns: [...ENTRY_COLUMNS, '所属月份', '状态', '备注'],
            rows: entryRows,
          },
          {
            title: '合计',
            columns: ['项目', '数值'],
            rows: [
              ['收缴率', { percent: collectionRate(f) }],
              ['应交', { yuan: f.dueFen }],
              ['实收（已确认）', { yuan: f.receivedFen }],
              ['待确认', { yuan: f.pendingFen }],
              ['上缴', { yuan: f.remittedFen }],
              ['期末结存', { yuan: f.closingHeldFen }],
              ['账本校验', f.chain.ok ? '通过' : '未通过'],
            ],
          },
        ],
      },
    ];
  },
  orgColumns: [
    { title: '党费收缴率', cell: (f) => ({ percent: f ? collectionRate(f) : null }) },
    { title: '党费实收（元）', cell: (f) => ({ yuan: f?.receivedFen ?? 0 }), total: 'sum' },
  ],
  orgText: [
    {
      title: '党费 收缴率',
      cell: (f) => (f ? `${formatRate(collectionRate(f))}${f.chain.ok ? '' : '⚠️'}` : '—'),
    },
  ],
  orgTotals(all) {
    const paid = all.reduce((s, f) => s + (f?.paidMembers ?? 0), 0);
    const owing = all.reduce((s, f) => s + (f?.withStandard ?? 0), 0);
    const received = all.reduce((s, f) => s + (f?.receivedFen ?? 0), 0);
    return owing
      ? [`党费：收缴率 ${formatRate(paid / owing)}（${paid}/${owing} 人），实收 ${formatFen(received)}`]
      : [];
  },
  orgWarning: (f) => (f.chain.ok ? undefined : '党费账本校验未通过'),
  json: (f) => ({
    months: f.months,
    collectionRate: collectionRate(f),
    withStandard: f.withStandard,
    paidMembers: f.paidMembers,
    dueFen: f.dueFen,
    receivedFen: f.receivedFen,
    pendingFen: f.pendingFen,
    remittedFen: f.remittedFen,
    closingHeldFen: f.closingHeldFen,
    heldFen: f.heldFen,
    chainOk: f.chain.ok,
    members: f.rows.map(
      ({ memberId, name, standardFen, dueFen, paidFen, pendingFen, paidUp, paidThrough, owedMonths }) => ({
        memberId,
        name,
        standardFen,
        dueFen,
        paidFen,
        pendingFen,
        paidUp,
        paidThrough,
        owedMonths,
      }),
    ),
  }),
};

/** `我的`: the member's 党费 as of the period's last month (nothing when no standard is set). */
export function duesMeLines(ctx: CommandContext<unknown>, period: Period): string[] {
  const standards = standardsOf(ctx.db, ctx.branch.id, ctx.member.id);
  if (standards.length === 0) return [];
  const month = monthOf(period.end < ctx.today ? period.end : ctx.today);
  return accountLines(accountOf(ledgerState(ctx.db, ctx.branch.id), ctx.member.id, standards, month), month);
}
