import type { ReportScope } from '../core/feature.js';
import { reportRoster } from '../core/members.js';
import type { Card } from '../core/message.js';
import type { Period } from '../domain/period.js';
import { dayOf, shortDay } from '../domain/time.js';
import { buildPeriodReport, sectionsOf } from './period-report.js';

/**
 * A period's summary (汇总, and the scheduled reports) as plain text — the span, then each
 * feature's lines in feature order, then the per-member detail — and as a card for platforms
 * that show tables. A group some feature takes over (a 党委's) gets that feature's view.
 * Undefined when the period has not started.
 */
export function summaryMessage(scope: ReportScope, period: Period): { text: string; card: Card } | undefined {
  const view = scope.registry.features.find((f) => f.groupView?.owns(scope.db, scope.branch.id))?.groupView;
  if (view) return view.summary(scope, period);
  const report = buildPeriodReport(scope, period);
  if (!report) return undefined;
  // DESIGN §5: a period before the branch existed says so, instead of "成员 0 人" and today's balance.
  const founded = dayOf(scope.branch.createdAt, scope.tz);
  if (period.end < founded) {
    const title = `📊 ${scope.branch.name} · ${period.label} 汇总`;
    const line = `${period.label}时本支部还没有建立（${founded.slice(0, 4)}年${shortDay(founded)}开始使用），没有可汇总的记录。`;
    return { text: `${title}\n${line}`, card: { title: title.replace('📊 ', ''), lines: [line] } };
  }
  const people = reportRoster(scope)(period.start, report.through).length;
  const lines = [
    `📊 ${scope.branch.name} · ${period.label} 汇总`,
    `统计 ${shortDay(period.start)} 至 ${shortDay(report.through)}，成员 ${people} 人${period.start < founded ? `（支部 ${shortDay(founded)} 起使用）` : ''}`,
  ];
  let detail: { columns: string[]; rows: string[][]; lines: string[] } | undefined;
  for (const { section, figures } of sectionsOf(scope, report)) {
    lines.push(...section.lines(figures, scope));
    detail ??= section.detail?.(figures);
  }
  const card: Card = {
    title: lines[0]!.replace('📊 ', ''),
    lines: lines.slice(1),
    ...(detail ? { table: { columns: detail.columns, rows: detail.rows } } : {}),
  };
  if (detail) lines.push(...detail.lines);
  return { text: lines.join('\n'), card };
}
