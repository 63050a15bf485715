import { dayjs, type Day } from './time.js';

/** Period spans and their builders; parsing lives in period-parse.ts, both re-exported by period.ts. */

/** A span of calendar days, inclusive at both ends, with the name users see. */
export interface Period {
  /** Stable key, e.g. '2026-11', '2026-W47', '2026-Q3', '2026-11-05', '2026', '2026-11-01~2026-11-15'. */
  key: string;
  label: string;
  start: Day;
  end: Day;
  kind: 'day' | 'week' | 'month' | 'quarter' | 'year' | 'range';
}

const fmt = (d: dayjs.Dayjs): Day => d.format('YYYY-MM-DD');

/** The last day of `period` counted as of `today`: its end, or today while it is still running. */
export function periodThrough(period: Period, today: Day): Day {
  return period.end < today ? period.end : today;
}

export function dayPeriod(day: Day): Period {
  const d = dayjs.utc(day);
  return {
    key: day,
    label: `${d.year()}年${d.month() + 1}月${d.date()}日`,
    start: day,
    end: day,
    kind: 'day',
  };
}

/** The Monday-to-Sunday week holding `day`. */
export function weekPeriod(day: Day): Period {
  const d = dayjs.utc(day);
  const monday = d.subtract((d.day() + 6) % 7, 'day');
  const sunday = monday.add(6, 'day');
  // ISO week number: the week's Thursday decides the year.
  const thursday = monday.add(3, 'day');
  const week = Math.floor(thursday.diff(dayjs.utc(`${thursday.year()}-01-01`), 'day') / 7) + 1;
  return {
    key: `${thursday.year()}-W${String(week).padStart(2, '0')}`,
    label: `${fmt(monday).slice(5)} 至 ${fmt(sunday).slice(5)} 这一周`,
    start: fmt(monday),
    end: fmt(sunday),
    kind: 'week',
  };
}

export function monthPeriod(year: number, month: number): Period {
  const first = dayjs.utc(`${year}-${String(month).padStart(2, '0')}-01`);
  return {
    key: first.format('YYYY-MM'),
    label: `${year}年${month}月`,
    start: fmt(first),
    end: fmt(first.endOf('month')),
    kind: 'month',
  };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const first = dayjs.utc(`${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`);
  return {
    key: `${year}-Q${quarter}`,
    label: `${year}年第${'一二三四'[quarter - 1]}季度`,
    start: fmt(first),
    end: fmt(first.add(2, 'month').endOf('month')),
    kind: 'quarter',
  };
}

export function yearPeriod(year: number): Period {
  return {
    key: String(year),
    label: `${year}年`,
    start: `${year}-01-01`,
    end: `${year}-12-31`,
    kind: 'year',
  };
}

/** Any span of days, e.g. 11-01至11-15: '2026年11月1日至11月15日'. */
export function rangePeriod(start: Day, end: Day): Period {
  const a = dayPeriod(start).label;
  const b = dayPeriod(end).label;
  return {
    key: `${start}~${end}`,
    label: `${a}至${start.slice(0, 4) === end.slice(0, 4) ? b.slice(5) : b}`,
    start,
    end,
    kind: 'range',
  };
}
