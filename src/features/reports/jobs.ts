import type { Job } from '../../core/feature.js';
import type { Cadence } from '../../domain/schedule.js';
import { dayPeriod, monthPeriod, quarterPeriod, weekPeriod, type Period } from '../../domain/period.js';
import { addDays, type Day } from '../../domain/time.js';
import { summaryMessage } from '../../reports/summary-text.js';

export const monthOf = (day: Day) => monthPeriod(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
const quarterOf = (day: Day) =>
  quarterPeriod(Number(day.slice(0, 4)), Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1);

/**
 * A scheduled summary; the period is the one before the due day, so a report due on the 1st
 * covers last month. Organisation groups get theirs too (the table of their branches).
 */
function report(
  id: string,
  name: string,
  setting: string,
  defaultSchedule: string,
  cadence: Cadence,
  period: (day: Day) => Period,
  title: string,
): Job {
  return {
    id,
    name,
    setting,
    defaultSchedule,
    cadence,
    forOrganisations: true,
    period: (dueDay) => period(cadence === 'daily' ? dueDay : addDays(dueDay, -1)),
    run(ctx, p) {
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
  report('daily', '日报', 'dailyReport', 'off 21:30', 'daily', dayPeriod, '🗓️ 今日打卡日报'),
  report('weekly', '周报', 'weeklyReport', 'on 1 09:00', 'weekly', weekPeriod, '🗓️ 每周汇总'),
  report('monthly', '月报', 'monthlyReport', 'on 1 09:00', 'monthly', monthOf, '🗓️ 月度汇报'),
  report('quarterly', '季报', 'quarterlyReport', 'on 1 09:30', 'quarterly', quarterOf, '🗓️ 季度上报'),
];
