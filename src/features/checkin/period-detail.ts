import { and, between, eq } from 'drizzle-orm';
import type { ReportScope } from '../../core/feature.js';
import type { Period } from '../../domain/period.js';
import { longestStreak } from '../../domain/streak.js';
import type { Day } from '../../domain/time.js';
import { leavesOverlapping } from '../../core/leaves.js';
import type { Db } from '../../core/db.js';
import { membersDuring, type Member } from '../../core/members.js';
import { checkins } from './schema.js';
import type { CheckinReport } from './report.js';
import type { CheckinDays } from '../../domain/calendar.js';
import { branchCheckinDays, calendarOf } from './calendar.js';

/** One day's check-in figures: members who checked in ÷ members expected that day. */
export interface DailyRate {
  day: Day;
  expected: number;
  checked: number;
  /** 0..1; null when nobody was expected that day. */
  rate: number | null;
}

/** What the export sheets and the chart add to a period's check-in figures. */
export interface CheckinDetail {
  period: Period;
  through: Day;
  checkin: CheckinReport;
  /** Every check-in day from the period's start to `through` (days off are never expected). */
  daily: DailyRate[];
  /**
   * Each member's longest run of consecutive check-ins in the period, longest first: leave and
   * days off bridge a run without extending it, and a check-in on a day off does not count.
   */
  streaks: { memberId: number; name: string; longest: number }[];
  /** Up to five members with the most missed days (only those who missed any), most first. */
  mostMissed: { memberId: number; name: string; missed: number }[];
}

const MOST_MISSED = 5;

/** Daily rates, streaks and the most missed, for figures already counted. */
export function buildCheckinDetail(
  scope: Pick<ReportScope, 'db' | 'branch'>,
  checkin: CheckinReport,
): CheckinDetail {
  const { db, branch } = scope;
  const { period, through } = checkin;
  const people = through < period.start ? [] : membersDuring(db, branch.id, period.start, through);
  const cal = branchCheckinDays(calendarOf(db, branch.id), period.start, period.end);
  const days = checkedDays(db, branch.id, period.start, through, cal);
  const onLeave = leaveLookup(db, branch.id, period.start, through);
  const streaks = checkin.members
    .map((l) => ({
      memberId: l.memberId,
      name: l.name,
      longest: longestStreak(days.get(l.memberId) ?? [], (d) => !cal.has(d) || onLeave(l.memberId, d)),
    }))
    .sort((a, b) => b.longest - a.longest || a.memberId - b.memberId);
  const mostMissed = checkin.members
    .filter((l) => l.missed > 0)
    .sort((a, b) => b.missed - a.missed || a.memberId - b.memberId)
    .slice(0, MOST_MISSED)
    .map((l) => ({ memberId: l.memberId, name: l.name, missed: l.missed }));
  return {
    period,
    through,
    checkin,
    daily: dailyRates(
      people,
      days,
      onLeave,
      cal.days.filter((d) => d <= through),
    ),
    streaks,
    mostMissed,
  };
}

/** Per member, the check-in days in [start, end] they checked in (ascending). */
function checkedDays(db: Db, branchId: number, start: Day, end: Day, cal: CheckinDays): Map<number, Day[]> {
  const out = new Map<number, Day[]>();
  const rows = db
    .select({ memberId: checkins.memberId, day: checkins.day })
    .from(checkins)
    .where(and(eq(checkins.branchId, branchId), between(checkins.day, start, end)))
    .orderBy(checkins.day)
    .all();
  for (const r of rows) {
    if (!cal.has(r.day)) continue;
    const list = out.get(r.memberId);
    if (list) list.push(r.day);
    else out.set(r.memberId, [r.day]);
  }
  return out;
}

/** `(memberId, day) → on leave?` for the leaves overlapping [start, end]. */
function leaveLookup(
  db: Db,
  branchId: number,
  start: Day,
  end: Day,
): (memberId: number, day: Day) => boolean {
  const byMember = new Map<number, { startDay: Day; endDay: Day }[]>();
  for (const l of leavesOverlapping(db, branchId, start, end)) {
    byMember.set(l.memberId, [...(byMember.get(l.memberId) ?? []), l]);
  }
  return (memberId, day) =>
    byMember.get(memberId)?.some((l) => l.startDay <= day && day <= l.endDay) ?? false;
}

/**
 * The same rule as the period's rate, day by day: a member is expected on the days between joining
 * and leaving, except days on leave without a check-in; so the days' expected add up to the period's.
 */
function dailyRates(
  people: Member[],
  days: Map<number, Day[]>,
  onLeave: (memberId: number, day: Day) => boolean,
  checkinDays: readonly Day[],
): DailyRate[] {
  const checked = new Set<string>();
  for (const [memberId, list] of days) for (const d of list) checked.add(`${memberId}:${d}`);
  return checkinDays.map((day) => {
    let expected = 0;
    let count = 0;
    for (const m of people) {
      if (m.joinedDay > day || (m.leftDay !== null && m.leftDay <= day)) continue;
      if (checked.has(`${m.id}:${day}`)) {
        expected++;
        count++;
      } else if (!onLeave(m.id, day)) {
        expected++;
      }
    }
    return { day, expected, checked: count, rate: expected > 0 ? count / expected : null };
  });
}
