import Nzh from 'nzh';
import { UserError } from './user-error.js';
import { addDays, daysBetween, isDay, type Day } from './time.js';
import {
  dayPeriod,
  monthPeriod,
  quarterPeriod,
  rangePeriod,
  weekPeriod,
  yearPeriod,
  type Period,
} from './period-spans.js';

export const PERIOD_HELP =
  '今天、昨天、前天、本周、上周、本月、上月、本季度、上季度、本年、去年、11月、十一月、2026-10、2026年11月、2026/11、' +
  '2026-11-05、11-05、2026-Q3、2026年第三季度、2026，或一段日期如 11-01至11-15';

/** A range longer than a committee's three-year term is a typo, not a question. */
const MAX_RANGE_DAYS = 3 * 366;
const MAX_INPUT = 60;

const ymd = (y: number, m: number, d: number): Day =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const parts = (day: Day) => [Number(day.slice(0, 4)), Number(day.slice(5, 7))] as const;

/** Named periods, relative to today. A Map, so no user word reaches an object prototype. */
const RELATIVE = new Map<string, (today: Day) => Period>();
const relative = (words: string[], f: (today: Day) => Period) => words.forEach((w) => RELATIVE.set(w, f));
relative(['今天', '今日'], (t) => dayPeriod(t));
relative(['昨天', '昨日'], (t) => dayPeriod(addDays(t, -1)));
relative(['前天'], (t) => dayPeriod(addDays(t, -2)));
relative(['本周', '这周', '这一周', '本星期', '这个星期'], (t) => weekPeriod(t));
relative(['上周', '上一周', '上星期', '上个星期'], (t) => weekPeriod(addDays(t, -7)));
relative(['本月', '这个月', '这月', '当月'], (t) => monthPeriod(...parts(t)));
relative(['上月', '上个月', '上一个月'], (t) => {
  const [y, m] = parts(t);
  return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
});
relative(['本季度', '本季', '这个季度', '这季度'], (t) => quarterPeriod(parts(t)[0], quarterOf(t)));
relative(['上季度', '上季', '上个季度', '上一季度'], (t) => {
  const q = quarterOf(t);
  return q === 1 ? quarterPeriod(parts(t)[0] - 1, 4) : quarterPeriod(parts(t)[0], q - 1);
});
relative(['本年', '今年', '本年度', '这一年'], (t) => yearPeriod(parts(t)[0]));
relative(['去年', '上年', '上一年'], (t) => yearPeriod(parts(t)[0] - 1));

function quarterOf(day: Day): number {
  return Math.floor((parts(day)[1] - 1) / 3) + 1;
}

/** '十一' → 11 with nzh; its decoder is lenient ('十十' → 100), so only its own spelling counts. */
function chineseNumber(text: string): number | null {
  if (!/^[一二三四五六七八九十]{1,3}$/.test(text)) return null;
  const n = Number(Nzh.cn.decodeS(text));
  return Number.isSafeInteger(n) && n > 0 && Nzh.cn.encodeS(n) === text ? n : null;
}

const numberOf = (text: string): number | null => (/^\d+$/.test(text) ? Number(text) : chineseNumber(text));

function checkYear(year: number, raw: string): number {
  if (year < 2000 || year > 2100) throw refuse(`「${raw}」里的年份 ${year} 超出范围（2000–2100）。`);
  return year;
}

/**
 * Where a form without a year is placed: beside an explicit year (the other end of a range), or
 * as the most recent one not in the future ('11月' in March 2027 is November 2026).
 */
function placeYear(today: Day, beside: number | null, start: (year: number) => Day): number {
  if (beside !== null) return beside;
  const y = parts(today)[0];
  return start(y) <= today ? y : y - 1;
}

/** One period without a range mark, or null if the text is none of the forms. */
function single(s: string, raw: string, today: Day, beside: number | null = null): Period | null {
  const named = RELATIVE.get(s);
  if (named) return named(today);
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s))) {
    return validDay(ymd(checkYear(Number(m[1]), raw), Number(m[2]), Number(m[3])), raw);
  }
  if ((m = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s))) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    const year = placeYear(today, beside, (y) => ymd(y, mo, d));
    return validDay(ymd(year, mo, d), raw);
  }
  if ((m = /^(\d{4})[-/.年](\d{1,2})月?份?$/.exec(s))) {
    return month(checkYear(Number(m[1]), raw), Number(m[2]), raw);
  }
  if ((m = /^(\d{1,2}|[一二三四五六七八九十]{1,3})月份?$/.exec(s))) {
    const mo = numberOf(m[1]!);
    if (mo === null) return null;
    const year = placeYear(today, beside, (y) => ymd(y, mo, 1));
    return month(year, mo, raw);
  }
  if ((m = /^(?:(\d{4})[-年]?)?(?:Q([1-4])|第?([1-4一二三四])季度?)$/.exec(s))) {
    const q = Number(m[2] ?? numberOf(m[3]!));
    if (m[1]) return quarterPeriod(checkYear(Number(m[1]), raw), q);
    const year = placeYear(today, beside, (y) => ymd(y, q * 3 - 2, 1));
    return quarterPeriod(year, q);
  }
  if ((m = /^(\d{4})(?:年度?)?$/.exec(s))) return yearPeriod(checkYear(Number(m[1]), raw));
  return null;
}

function validDay(day: Day, raw: string): Period {
  if (!isDay(day)) throw refuse(`「${raw}」不是有效日期。`);
  return dayPeriod(day);
}

function month(year: number, mo: number, raw: string): Period {
  if (mo < 1 || mo > 12) throw refuse(`「${raw}」里没有 ${mo} 月，月份是 1 到 12。`);
  return monthPeriod(year, mo);
}

const hasYear = (s: string) => /^\d{4}/.test(s) || RELATIVE.has(s);

function range(a: string, b: string, raw: string, today: Day): Period {
  const from = single(a, raw, today);
  const toText = b === '今' || b === '现在' ? '今天' : b;
  // A yearless end belongs to the start's year: '12-01至12-15' is one December.
  const to = from && single(toText, raw, today, hasYear(toText) ? null : parts(from.start)[0]!);
  if (!from || !to) throw unknown(raw);
  if (to.end < from.start)
    throw new UserError(`「${raw}」的结束早于开始。跨年的范围请写上年份，例如 2026-12-25至2027-01-05。`);
  if (daysBetween(from.start, to.end) >= MAX_RANGE_DAYS)
    throw new UserError(`「${raw}」太长了，一段日期最长三年。`);
  return rangePeriod(from.start, to.end);
}

function unknown(raw: string): UserError {
  return new UserError(`无法识别的时段「${raw}」。可以写：${PERIOD_HELP}`);
}

/** A specific reason, then the forms that work. */
function refuse(why: string): UserError {
  return new UserError(`${why}时段可以写：${PERIOD_HELP}`);
}

/**
 * Parses a period as users write it (see PERIOD_HELP and DESIGN §4), relative to `today`.
 * An empty input means `fallback`. Throws UserError (and nothing else) naming the accepted forms.
 */
export function parsePeriod(input: string, today: Day, fallback = '本月'): Period {
  const raw = String(input ?? '').trim();
  if (raw.length > MAX_INPUT) throw refuse('时段写得太长了。');
  const s = (raw || fallback).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const sides = s.split(/至|到|~|—|–|－/);
  if (sides.length === 2 && sides[0] && sides[1]) return range(sides[0], sides[1], raw, today);
  if (sides.length > 1) throw unknown(raw);
  const p = single(s, raw, today);
  if (!p) throw unknown(raw);
  return p;
}
