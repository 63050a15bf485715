import type { Job } from '../../core/feature.js';
import type { Cadence } from '../../domain/schedule.js';
import { dayPeriod, monthPeriod, reportPeriod, type ReportCadence } from '../../domain/period.js';
import type { Day } from '../../domain/time.js';
import { summaryMessage } from '../../reports/summary-text.js';

export const monthOf = (day: Day) => monthPeriod(Number(day.slice(0, 4)), Number(day.slice(5, 7)));

/**
 * A scheduled summary. A daily report covers its day; a weekly, monthly or quarterly one follows
 * DESIGN §5 "Scheduled report periods" (src/domain/report-period.ts): due in the first half of
 * the current period it covers the last whole one (月报 on the 2nd → last month), otherwise the
 * current one up to the due day (周报 on Friday 17:00 → this week). The run is claimed on that
 * period's key, so it posts once per period covered. The summary states the span it counts.
 * Organisation groups get theirs too (the table of their branches).
 */
function report(
  id: string,
  name: string,
  setting: string,
  defaultSchedule: string,
  cadence: Cadence,
  title: string,
): Job {
  return {
    id,
    name,
    setting,
    defaultSchedule,
    cadence,
    forOrganisations: true,
    period: (dueDay, dueMinutes) =>
      cadence === 'daily' || cadence === 'minutely'
        ? dayPeriod(dueDay)
        : reportPeriod(cadence as ReportCadence, dueDay, dueMinutes).period,
    run(ctx, p) {
      // A daily report on a day off (国庆, a weekend) would only say nobody was expected.
      if (cadence === 'daily' && ctx.registry.sections.some(({ section }) => section.restDay?.(ctx, p.start)))
        return;
      const summary = summaryMessage(ctx, p);
      if (!summary) return;
      const card = { ...summary.card, title: `${title.slice(3)}：${summary.card.title}` };
      ctx.reply(`${title}\n${summary.text}`, { card });
      const organisation = ctx.registry.features.some((f) => f.groupView?.owns(ctx.db, ctx.branch.id));
      if (cadence !== 'monthly' || organisation) return;
      for (const { section } of ctx.registry.sections) section.afterMonthlyReport?.(ctx, p);
    },
  };
}

export const reportJobs: Job[] = [
  report('daily', '日报', 'dailyReport', 'off 21:30', 'daily', '🗓️ 今日打卡日报'),
  report('weekly', '周报', 'weeklyReport', 'on 1 09:00', 'weekly', '🗓️ 每周汇总'),
  report('monthly', '月报', 'monthlyReport', 'on 1 09:00', 'monthly', '🗓️ 月度汇报'),
  report('quarterly', '季报', 'quarterlyReport', 'on 1 09:30', 'quarterly', '🗓️ 季度上报'),
];
