import type { CheckinDayRule } from './checkin-day-rule.js';
import { isStatutoryWorkday, statutoryDay, uncoveredNote, uncoveredYears } from './statutory-days.js';
import { dayFromEpoch, epochDay, shortDay, weekdayOf, type Day } from './time.js';

/**
 * The working-day calendar (DESIGN §5 "Check-in days"): a branch's rule, then its own
 * overrides (`设置 休息日 12-31`, `设置 上班日 2027-01-02`), which win over the rule.
 * Rule text: checkin-day-rule.ts; the State Council's data: statutory-days.ts.
 */

export {
  COVERED_YEARS,
  holidayName,
  isStatutoryWorkday,
  isYearCovered,
  statutoryDay,
  uncoveredNote,
  uncoveredYears,
  type StatutoryDay,
} from './statutory-days.js';
export {
  CHECKIN_DAY_RULE_HELP,
  DEFAULT_CHECKIN_DAY_RULE,
  formatCheckinDayRule,
  parseCheckinDayRule,
  type CheckinDayRule,
} from './checkin-day-rule.js';

/** A branch's own days off and extra workdays. A day in both lists is a day off. */
export interface CalendarOverrides {
  daysOff: ReadonlySet<Day>;
  workdays: ReadonlySet<Day>;
}

export const NO_OVERRIDES: CalendarOverrides = { daysOff: new Set(), workdays: new Set() };

export function calendarOverrides(
  daysOff: Iterable<Day> = [],
  workdays: Iterable<Day> = [],
): CalendarOverrides {
  return { daysOff: new Set(daysOff), workdays: new Set(workdays) };
}

/** The rule alone, without the branch's overrides. */
function ruleSays(day: Day, rule: CheckinDayRule): boolean {
  switch (rule.kind) {
    case 'everyday':
      return true;
    case 'workdays':
      return isStatutoryWorkday(day);
    case 'weekdays':
      return rule.weekdays.includes(weekdayOf(day));
  }
}

/** Whether members are expected to check in on `day`. */
export function isCheckinDay(
  day: Day,
  rule: CheckinDayRule,
  overrides: CalendarOverrides = NO_OVERRIDES,
): boolean {
  if (overrides.daysOff.has(day)) return false;
  if (overrides.workdays.has(day)) return true;
  return ruleSays(day, rule);
}

/** The check-in days of one range, computed once and shared by every member's figures. */
export interface CheckinDays {
  start: Day;
  end: Day;
  /** The check-in days in order. */
  days: readonly Day[];
  /** Years in the range counted Monday–Friday because the holiday data lacks them (工作日 rule only). */
  uncoveredYears: readonly number[];
  /** The sentence a figure over this range must carry, or null. */
  note: string | null;
  /** Whether `day` is a check-in day (also outside the range). */
  has(day: Day): boolean;
  /** Check-in days within [from, to] ∩ [start, end], in constant time (members who joined late). */
  countBetween(from: Day, to: Day): number;
}

/**
 * Check-in days from start to end inclusive. One pass over the range builds a prefix count, so
 * 2,000 members × a year cost one calendar walk plus a constant-time lookup per member.
 */
export function checkinDaysBetween(
  start: Day,
  end: Day,
  rule: CheckinDayRule,
  overrides: CalendarOverrides = NO_OVERRIDES,
): CheckinDays {
  const first = epochDay(start);
  const length = Math.max(0, epochDay(end) - first + 1);
  const flags = new Uint8Array(length);
  const prefix = new Int32Array(length + 1);
  const days: Day[] = [];
  for (let i = 0; i < length; i++) {
    const day = dayFromEpoch(first + i);
    const yes = isCheckinDay(day, rule, overrides);
    flags[i] = yes ? 1 : 0;
    prefix[i + 1] = prefix[i]! + flags[i]!;
    if (yes) days.push(day);
  }
  const missing = rule.kind === 'workdays' && length > 0 ? uncoveredYears(start, end) : [];
  return {
    start,
    end,
    days,
    uncoveredYears: missing,
    note: uncoveredNote(missing),
    has(day) {
      const i = epochDay(day) - first;
      return i >= 0 && i < length ? flags[i] === 1 : isCheckinDay(day, rule, overrides);
    },
    countBetween(from, to) {
      const a = Math.max(0, epochDay(from) - first);
      const b = Math.min(length - 1, epochDay(to) - first);
      return b < a ? 0 : prefix[b + 1]! - prefix[a]!;
    },
  };
}

/**
 * Why a day is off: a statutory holiday (工作日 rule), the branch's own day off, or simply
 * not one of the rule's weekdays (weekends).
 */
export interface DayOff {
  day: Day;
  weekday: number;
  why: 'holiday' | 'branch' | 'weekly';
  /** '国庆节' for a statutory holiday, else null. */
  name: string | null;
}

export interface NextDaysOptions {
  /** Also list the rule's ordinary days off (every weekend for 工作日). Default false. */
  includeWeekly?: boolean;
  /** How many days ahead to look. Default 400. */
  horizon?: number;
}

/** The next `n` days off from `from` (inclusive), for the `设置` listing. */
export function nextDaysOff(
  from: Day,
  n: number,
  rule: CheckinDayRule,
  overrides: CalendarOverrides = NO_OVERRIDES,
  { includeWeekly = false, horizon = 400 }: NextDaysOptions = {},
): DayOff[] {
  const out: DayOff[] = [];
  const first = epochDay(from);
  for (let i = 0; i < horizon && out.length < n; i++) {
    const day = dayFromEpoch(first + i);
    if (isCheckinDay(day, rule, overrides)) continue;
    const statutory = rule.kind === 'workdays' ? statutoryDay(day) : null;
    const why = overrides.daysOff.has(day) ? 'branch' : statutory?.kind === 'holiday' ? 'holiday' : 'weekly';
    if (why === 'weekly' && !includeWeekly) continue;
    out.push({
      day,
      weekday: weekdayOf(day),
      why,
      name: statutory?.kind === 'holiday' ? statutory.name : null,
    });
  }
  return out;
}

/** A check-in day the weekly pattern alone would not give: a 调休 make-up day or the branch's own. */
export interface ExtraWorkday {
  day: Day;
  weekday: number;
  why: 'makeup' | 'branch';
  /** The holiday a make-up day belongs to ('国庆节'), else null. */
  name: string | null;
}

/** The next `n` extra check-in days from `from` (inclusive): '10月10日（周六）国庆节调休上班'. */
export function nextExtraWorkdays(
  from: Day,
  n: number,
  rule: CheckinDayRule,
  overrides: CalendarOverrides = NO_OVERRIDES,
  horizon = 400,
): ExtraWorkday[] {
  const out: ExtraWorkday[] = [];
  const first = epochDay(from);
  for (let i = 0; i < horizon && out.length < n; i++) {
    const day = dayFromEpoch(first + i);
    if (!isCheckinDay(day, rule, overrides)) continue;
    const statutory = rule.kind === 'workdays' ? statutoryDay(day) : null;
    if (overrides.workdays.has(day) && !ruleSays(day, rule)) {
      out.push({ day, weekday: weekdayOf(day), why: 'branch', name: null });
    } else if (statutory?.kind === 'makeup') {
      out.push({ day, weekday: weekdayOf(day), why: 'makeup', name: statutory.name });
    }
  }
  return out;
}

const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'];

/**
 * Days off as one line, consecutive days with the same reason merged:
 * '10月1日至10月7日 国庆节、12月31日（周四）支部休息日'.
 */
export function describeDaysOff(list: readonly DayOff[]): string {
  const runs: { from: DayOff; to: DayOff }[] = [];
  for (const d of list) {
    const last = runs[runs.length - 1];
    if (
      last &&
      last.to.why === d.why &&
      last.to.name === d.name &&
      epochDay(d.day) === epochDay(last.to.day) + 1
    )
      last.to = d;
    else runs.push({ from: d, to: d });
  }
  return runs
    .map(({ from, to }) => {
      const span =
        from.day === to.day
          ? `${shortDay(from.day)}（周${WEEKDAY_NAMES[from.weekday - 1]}）`
          : `${shortDay(from.day)}至${shortDay(to.day)}`;
      const why = from.why === 'holiday' ? from.name : from.why === 'branch' ? '支部休息日' : '休息';
      return `${span}${span.endsWith('）') ? '' : ' '}${why}`;
    })
    .join('、');
}
