import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../core/db.js';
import { branchSettings } from '../../core/schema.js';
import {
  calendarOverrides,
  checkinDaysBetween,
  holidayName,
  isCheckinDay,
  parseCheckinDayRule,
  type CalendarOverrides,
  type CheckinDayRule,
  type CheckinDays,
} from '../../domain/calendar.js';
import { parseWindow } from '../../domain/checkin-window.js';
import { addDays, isDay, minuteOfDay, shortDay, type Day } from '../../domain/time.js';

/**
 * A branch's check-in calendar as stored in its settings (DESIGN §5 "Check-in days"): the rule
 * (`checkinDays`, default 工作日) and its own overrides (`daysOff`, `extraWorkdays`: comma lists
 * of days). The pure rules are src/domain/calendar.ts; this reads them out of the settings.
 */
export interface BranchCalendar {
  rule: CheckinDayRule;
  overrides: CalendarOverrides;
}

export const CALENDAR_KEYS = ['checkinDays', 'daysOff', 'extraWorkdays'] as const;

/** A stored comma list of days; anything that is not a day is ignored. */
export function dayList(stored: string | undefined): Day[] {
  return (stored ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(isDay)
    .sort();
}

/** From a settings object (a command's or a job's `ctx.settings`). */
export function calendarFromSettings(settings: Record<string, string | undefined>): BranchCalendar {
  let rule: CheckinDayRule;
  try {
    rule = parseCheckinDayRule(settings.checkinDays || '工作日');
  } catch {
    // A stored value is always one we parsed; should it ever not be, fall back to the default.
    rule = { kind: 'workdays' };
  }
  return {
    rule,
    overrides: calendarOverrides(dayList(settings.daysOff), dayList(settings.extraWorkdays)),
  };
}

/** Straight from the database, for code that has no settings object (the reply merger, the chart). */
export function calendarOf(db: Db, branchId: number): BranchCalendar {
  const rows = db
    .select({ key: branchSettings.key, value: branchSettings.value })
    .from(branchSettings)
    .where(and(eq(branchSettings.branchId, branchId), inArray(branchSettings.key, [...CALENDAR_KEYS])))
    .all();
  return calendarFromSettings(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

export function isBranchCheckinDay(cal: BranchCalendar, day: Day): boolean {
  return isCheckinDay(day, cal.rule, cal.overrides);
}

/**
 * Ranges computed lately, by calendar and span: a check-in's streak looks back 400 days, and at
 * the 08:00 burst every check-in of a branch asks for the same range (a quarter of the handling
 * time before this cache).
 */
const recentRanges = new Map<string, CheckinDays>();
const MAX_RECENT = 256;

/** The check-in days of [start, end], computed once per report and shared by every member. */
export function branchCheckinDays(cal: BranchCalendar, start: Day, end: Day): CheckinDays {
  const key = [
    JSON.stringify(cal.rule),
    [...cal.overrides.daysOff].join(','),
    [...cal.overrides.workdays].join(','),
    start,
    end,
  ].join('|');
  let days = recentRanges.get(key);
  if (!days) {
    if (recentRanges.size >= MAX_RECENT) recentRanges.clear();
    days = checkinDaysBetween(start, end, cal.rule, cal.overrides);
    recentRanges.set(key, days);
  }
  return days;
}

/** Why `day` is off, in a few words: '国庆节', '支部休息日', '休息日'. */
export function dayOffReason(cal: BranchCalendar, day: Day): string {
  if (cal.overrides.daysOff.has(day)) return '支部休息日';
  return (cal.rule.kind === 'workdays' && holidayName(day)) || '休息日';
}

/** '10月1日是休息日（国庆节），不用打卡' — the sentence a day off gets instead of figures. */
export function dayOffSentence(cal: BranchCalendar, day: Day): string {
  const why = dayOffReason(cal, day);
  return `${shortDay(day)} 是${why === '休息日' ? '休息日' : `休息日（${why}）`}，不用打卡`;
}

/**
 * DESIGN §5 "When a day counts": the last day whose check-in window has closed as of `at`. Today
 * counts once the window has ended; before that today is progress, never an absence.
 */
export function lastCountedDay(
  settings: Record<string, string | undefined>,
  at: number,
  tz: string,
  today: Day,
): Day {
  let end = 9 * 60;
  try {
    end = parseWindow(settings.checkinWindow ?? '05:00-09:00').end;
  } catch {
    // keep the default window's end
  }
  return minuteOfDay(at, tz) >= end ? today : addDays(today, -1);
}
