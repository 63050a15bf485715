import { defineCommand } from '../../core/context.js';
import { describeChainProblem } from '../../core/ledger/describe.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import type { ReportScope } from '../../core/feature.js';
import { monthLabel } from '../../domain/dues.js';
import { formatFen } from '../../domain/money.js';
import { parsePeriod, periodThrough, type Period } from '../../domain/period.js';
import { formatRate } from '../../domain/rate.js';
import { buildDuesFigures, collectionRate, type DuesFigures, type DuesRow } from './figures.js';

/** 党费公示: each member's payments in a period, the totals, and whether the ledger verifies. */

const MAX_ROWS = 80;

function rowLine(r: DuesRow): string {
  const paid = r.paidCount ? `本期交纳 ${formatFen(r.paidFen)}（${r.paidCount} 笔）` : '本期未交';
  const through = r.paidThrough ? `，已交至 ${monthLabel(r.paidThrough)}` : '';
  const pending = r.pendingFen ? `，待确认 ${formatFen(r.pendingFen)}` : '';
  const owed = r.owedMonths.length ? `，欠 ${r.owedMonths.length} 个月` : '';
  return `${r.paidUp ? '✅' : '⭕'} ${r.name} 每月 ${formatFen(r.standardFen)}，${paid}${through}${pending}${owed}`;
}

/** The 公示 text of a period (the quarterly job posts the same). */
export function renderDuesPublic(f: DuesFigures, branchName: string, period: Period): string {
  const lines = [`📢 ${branchName} · ${period.label} 党费公示`];
  if (!f.chain.ok)
    lines.push(
      `⚠️ 账本校验未通过：${describeChainProblem(f.chain.problem)}。以下数字按现存记录计算，请核对原始凭证并联系管理员。`,
    );
  for (const r of f.rows.slice(0, MAX_ROWS)) lines.push(rowLine(r));
  if (f.rows.length > MAX_ROWS) lines.push(`……另有 ${f.rows.length - MAX_ROWS} 人，见「导出」的党费台账。`);
  lines.push(
    `合计：应交 ${formatFen(f.dueFen)}，实收 ${formatFen(f.receivedFen)}${f.pendingFen ? `，待确认 ${formatFen(f.pendingFen)}` : ''}；收缴率 ${formatRate(collectionRate(f))}（${f.paidMembers}/${f.withStandard} 人交清）`,
  );
  lines.push(`本期上缴 ${formatFen(f.remittedFen)}；期末党费结存 ${formatFen(f.closingHeldFen)}`);
  if (f.chain.ok)
    lines.push(`✅ 账本校验通过：共 ${f.chain.count} 条记录，末条校验码 ${f.chain.headHash.slice(0, 12)}`);
  return lines.join('\n');
}

/** The 公示 of `period` for a branch, or undefined when it keeps no 党费. */
export function duesPublicText(scope: ReportScope, period: Period): string | undefined {
  const through = periodThrough(period, scope.today);
  const f = buildDuesFigures(scope.db, scope.branch.id, period.start, through);
  return f && renderDuesPublic(f, scope.branch.name, period);
}

export const duesPublicCommand = defineCommand<Period>({
  name: '党费公示',
  aliases: ['duespublic'],
  usage: ['党费公示 [时段]　例：党费公示、党费公示 上季度、党费公示 2026（默认本季度）'],
  summary: '党费公示：每人交纳情况、合计、上缴、结存，并校验账本',
  role: 'member',
  parse: (raw, ctx) => parsePeriod(raw, ctx.today, '本季度'),
  glued: gluedWhen((rest) => parsePeriod(rest, FORM_DAY)),
  run(ctx) {
    if (ctx.args.start > ctx.today) return ctx.reply(`${ctx.args.label}还没有开始。`);
    ctx.reply(
      duesPublicText(ctx, ctx.args) ??
        '本支部还没有设定党费标准，暂无党费公示。设定：党费标准 @成员 25.5，或 设置 党费基数 @成员 6000 在职',
    );
  },
});
