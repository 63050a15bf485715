import { UserError } from './user-error.js';
import { dayjs, type Day } from './time.js';

/** A span of calendar days, inclusive at both ends, with the name users see. */
export interface Period {
  /** Stable key, e.g. '2026-11', '2026-W47', '2026-Q3', '2026-11-05', '2026'. */
  key: string;
  label: string;
  start: Day;
  end: Day;
  kind: 'day' | 'week' | 'month' | 'quarter' | 'year';
}

export const PERIOD_HELP =
  '今天、昨天、本周、上周、本月、上月、本季度、上季度、本年、去年、2026-10、2026-11-05、2026-Q3、2026';

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

/**
 * Parses a period as users write it (see PERIOD_HELP), relative to `today`.
 * An empty input means `fallback`. Throws UserError naming the accepted forms.
 */
export function parsePeriod(input: string, today: Day, fallback = '本月'): Period {
  const s = (input.trim() || fallback).replace(/\s+/g, '').toUpperCase();
  const t = dayjs.utc(today);
  const q = Math.floor(t.month() / 3) + 1;
  switch (s) {
    case '今天':
    case '今日':
      return dayPeriod(today);
    case '昨天':
    case '昨日':
      return dayPeriod(fmt(t.subtract(1, 'day')));
    case '本周':
    case '这周':
      return weekPeriod(today);
    case '上周':
      return weekPeriod(fmt(t.subtract(7, 'day')));
    case '本月':
    case '这个月':
      return monthPeriod(t.year(), t.month() + 1);
    case '上月':
    case '上个月': {
      const p = t.subtract(1, 'month');
      return monthPeriod(p.year(), p.month() + 1);
    }
    case '本季度':
    case '本季':
      return quarterPeriod(t.year(), q);
    case '上季度':
    case '上季':
      return q === 1 ? quarterPeriod(t.year() - 1, 4) : quarterPeriod(t.year(), q - 1);
    case '本年':
    case '今年':
    case '本年度':
      return yearPeriod(t.year());
    case '去年':
    case '上年':
      return yearPeriod(t.year() - 1);
  }
  const year = /^(\d{4})/.exec(s);
  if (year && (Number(year[1]) < 2000 || Number(year[1]) > 2100)) {
    throw new UserError(`年份「${year[1]}」超出范围（2000–2100）`);
  }
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    if (fmt(dayjs.utc(day)) === day) return dayPeriod(day);
  } else if ((m = /^(\d{4})-(\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月$/.exec(s))) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) return monthPeriod(Number(m[1]), month);
  } else if ((m = /^(\d{4})-?Q([1-4])$/.exec(s))) {
    return quarterPeriod(Number(m[1]), Number(m[2]));
  } else if ((m = /^(\d{4})年?$/.exec(s))) {
    return yearPeriod(Number(m[1]));
  }
  throw new UserError(`无法识别的时段「${input.trim()}」。可以写：${PERIOD_HELP}`);
}
