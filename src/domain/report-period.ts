import type { Cadence } from './schedule.js';
import { addDays, daysBetween, type Day } from './time.js';
import { monthPeriod, quarterPeriod, rangePeriod, weekPeriod, type Period } from './period-spans.js';

export type ReportCadence = Exclude<Cadence, 'daily'>;

/** What a scheduled report covers. */
export interface ReportPeriod {
  /** The whole period (its key makes the run exactly-once). */
  period: Period;
  /** The last day counted: the period's end, or the due day for a report on the running period. */
  through: Day;
  /** True when the report is about the last whole period. */
  whole: boolean;
  /** The span every report states: '2026年11月1日至11月30日'. */
  span: string;
}

function periodOf(cadence: ReportCadence, day: Day): Period {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  if (cadence === 'weekly') return weekPeriod(day);
  if (cadence === 'monthly') return monthPeriod(y, m);
  return quarterPeriod(y, Math.floor((m - 1) / 3) + 1);
}

/**
 * DESIGN §5 "Scheduled report periods": a report due in the first half of the current period
 * covers the last whole one (月报 on the 1st or 2nd → last month; a quarterly report in the
 * quarter's first month → last quarter); due in the second half, it covers the current period
 * up to the due day (周报 on Friday 17:00 → this week). `dueMinutes` is the due time of day
 * (minutes since midnight); the halfway point of a week is Thursday noon.
 */
export function reportPeriod(cadence: ReportCadence, dueDay: Day, dueMinutes = 12 * 60): ReportPeriod {
  const current = periodOf(cadence, dueDay);
  const length = daysBetween(current.start, current.end) + 1;
  const elapsed = daysBetween(current.start, dueDay) + dueMinutes / 1440;
  if (elapsed * 2 < length) {
    const period = periodOf(cadence, addDays(current.start, -1));
    return { period, through: period.end, whole: true, span: rangePeriod(period.start, period.end).label };
  }
  return { period: current, through: dueDay, whole: false, span: rangePeriod(current.start, dueDay).label };
}
