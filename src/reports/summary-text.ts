import { summarySections, type ReportScope } from '../core/feature.js';
import type { Card } from '../core/message.js';
import type { Period } from '../domain/period.js';
import { shortDay } from '../domain/time.js';
import { isOrganisation } from '../features/org/store.js';
import { buildCheckinReport, formatRate } from '../features/checkin/report.js';
import { orgSummaryMessage } from '../features/org/report.js';

/**
 * A period's summary (汇总, and the scheduled reports) as plain text — numbers first, names after,
 * then each capability's section — and as a card for platforms that show tables.
 * Undefined when the period has not started.
 */
export function summaryMessage(scope: ReportScope, period: Period): { text: string; card: Card } | undefined {
  // An organisation's group (党委/党总支) gets the table of its branches instead.
  if (isOrganisation(scope.db, scope.branch.id)) return orgSummaryMessage(scope, period);
  const report = buildCheckinReport(scope.db, scope.branch.id, period, scope.today);
  if (!report) return undefined;
  const lines = [
    `📊 ${scope.branch.name} · ${period.label} 汇总`,
    `统计 ${shortDay(period.start)} 至 ${shortDay(report.through)}，成员 ${report.members.length} 人`,
    `打卡率 ${formatRate(report.rate)}（实到 ${report.checked} / 应到 ${report.expected} 人日；请假 ${report.leave} 人日不计）`,
    `迟到 ${report.late} 次，补卡 ${report.makeup} 次，缺勤 ${report.missed} 人日`,
  ];
  const worst = report.members
    .filter((l) => l.missed > 0)
    .sort((a, b) => b.missed - a.missed)
    .slice(0, 5);
  if (worst.length) lines.push(`缺勤最多：${worst.map((l) => `${l.name} ${l.missed} 天`).join('、')}`);
  for (const section of summarySections) lines.push(...section(scope, period, report.through));
  const card: Card = {
    title: lines[0]!.replace('📊 ', ''),
    lines: lines.slice(1),
    table: {
      columns: ['成员', '打卡', '迟到', '缺勤', '请假'],
      rows: report.members.map((l) => [l.name, l.checked, l.late, l.missed, l.leave].map(String)),
    },
  };
  if (report.members.length) {
    lines.push('—— 每人：打卡/迟到/缺勤/请假 ——');
    for (const l of report.members) lines.push(`${l.name} ${l.checked}/${l.late}/${l.missed}/${l.leave}`);
  }
  return { text: lines.join('\n'), card };
}

/** The text form alone. */
export function summaryText(scope: ReportScope, period: Period): string | undefined {
  return summaryMessage(scope, period)?.text;
}
