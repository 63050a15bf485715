import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { weekdayOf, type Day } from './time.js';

/**
 * The State Council's statutory holidays (法定节假日) and 调休 make-up workdays, from the
 * `chinese-days` package, which bundles every yearly 国务院办公厅 notice since 2004. We read its
 * published data file (the same data its `isWorkday` uses; a test checks the two agree) so that
 * we also know which years it covers: a year the State Council has not announced yet is absent,
 * and there we count Monday–Friday and say so.
 *
 * Entries look like "National Day,国庆节,3": English name, Chinese name, holiday number.
 */
type Table = Record<string, string>;
const tables = data as unknown as { holidays: Table; workdays: Table };

const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

/** Day → holiday name, for days off. Maps, so no lookup by text touches a prototype. */
const HOLIDAYS = new Map(Object.entries(tables.holidays).map(([d, e]) => [d, chineseName(e)]));
/** Day → the holiday a 调休 make-up workday belongs to. */
const MAKEUP_WORKDAYS = new Map(Object.entries(tables.workdays).map(([d, e]) => [d, chineseName(e)]));

/** Years with announced holidays, ascending (2004–2026 in chinese-days 1.5.7). */
export const COVERED_YEARS: readonly number[] = [
  ...new Set([...HOLIDAYS.keys()].map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);
const COVERED = new Set(COVERED_YEARS);

export function isYearCovered(year: number): boolean {
  return COVERED.has(year);
}

/** The years from start's to end's that the holiday data does not cover (counted Monday–Friday). */
export function uncoveredYears(start: Day, end: Day): number[] {
  const out: number[] = [];
  for (let y = Number(start.slice(0, 4)), last = Number(end.slice(0, 4)); y <= last; y++) {
    if (!COVERED.has(y)) out.push(y);
  }
  return out;
}

/**
 * The line every figure touching an uncovered year carries, or null when all are covered:
 * '2027年的法定节假日安排尚未收录，按周一至周五计算。'
 */
export function uncoveredNote(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  const list = years.length > 3 ? `${years[0]}–${years[years.length - 1]}` : years.join('、');
  return `${list}年的法定节假日安排尚未收录，按周一至周五计算。`;
}

/**
 * The official working-day rule alone: Monday–Friday minus statutory holidays plus make-up
 * workdays; plain Monday–Friday in a year the data does not cover.
 */
export function isStatutoryWorkday(day: Day): boolean {
  if (MAKEUP_WORKDAYS.has(day)) return true;
  if (HOLIDAYS.has(day)) return false;
  return weekdayOf(day) <= 5;
}

/** What the State Council says about a day, when it says anything. */
export type StatutoryDay = { kind: 'holiday'; name: string } | { kind: 'makeup'; name: string };

export function statutoryDay(day: Day): StatutoryDay | null {
  const makeup = MAKEUP_WORKDAYS.get(day);
  if (makeup !== undefined) return { kind: 'makeup', name: makeup };
  const holiday = HOLIDAYS.get(day);
  return holiday === undefined ? null : { kind: 'holiday', name: holiday };
}

/** '国庆节' for a statutory day off, null for any other day. */
export function holidayName(day: Day): string | null {
  return HOLIDAYS.get(day) ?? null;
}
