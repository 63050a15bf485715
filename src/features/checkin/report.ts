import { and, between, eq, sql } from 'drizzle-orm';
import type { Period } from '../../domain/period.js';
import { periodThrough } from '../../domain/period.js';
import type { CheckinDays } from '../../domain/calendar.js';
import { addDays, eachDay, type Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { leavesOverlapping, memberLeaves } from '../../core/leaves.js';
import { rosterOf, type Member, type Roster } from '../../core/members.js';
import { branchCheckinDays, calendarOf, type BranchCalendar } from './calendar.js';
import { checkins } from './schema.js';

export interface MemberCheckinLine {
  memberId: number;
  name: string;
  /** Check-in days the member was expected (in the branch, not on leave, or checked in anyway). */
  expected: number;
  /** Check-ins on check-in days (a check-in on a day off is kept but counts in no rate). */
  checked: number;
  late: number;
  makeup: number;
  missed: number;
  /** Check-in days on leave without a check-in. */
  leave: number;
  /** Check-ins on days off (休息日打卡): recorded, shown, never in a rate. */
  offDay: number;
}

export interface CheckinReport {
  period: Period;
  /**
   * Last day counted: the period's end, or the last day whose check-in window has closed while
   * the period is still running (before the window closes, today is progress, not an absence).
   */
  through: Day;
  members: MemberCheckinLine[];
  expected: number;
  checked: number;
  late: number;
  makeup: number;
  leave: number;
  missed: number;
  offDay: number;
  /** checked ÷ expected, 0..1; null when nobody was expected. */
  rate: number | null;
  /** Check-in days in [period.start, through]. */
  checkinDays: number;
  /** Today while its check-in window is open (or today is a day off): progress, not yet counted. */
  progress?: { day: Day; checked: number; expected: number; dayOff: string | null };
  /** The calendar's note when a year in the period is not covered by the holiday data, else null. */
  note: string | null;
}

/**
 * Check-in figures of a branch for a period, counted up to `today` (the last counted day): a member
 * is expected on the check-in days from the day they joined until the day they left; a check-in
 * day on leave without a check-in is not expected; days off are never expected and a check-in on
 * one is counted apart (`offDay`). The check-in days are computed once for the whole report.
 */
export function buildCheckinReport(
  db: Db,
  branchId: number,
  period: Period,
  today: Day,
  calendar: BranchCalendar = calendarOf(db, branchId),
  roster: Roster = rosterOf(db, branchId),
): CheckinReport | undefined {
  const through = periodThrough(period, today);
  if (through < addDays(period.start, -1)) return undefined;
  const days = branchCheckinDays(calendar, period.start, period.end);
  const note = days.note;
  // Members up to the day after the last counted one: while today's window is open, today's
  // members are listed (with nothing expected yet) rather than an empty table.
  const next = addDays(through, 1);
  const people = roster(period.start, next < period.end ? next : period.end);
  if (through < period.start) {
    const zero = { n: 0, late: 0, makeup: 0, off: 0 };
    return summed(
      period,
      through,
      people.map((m) => lineFor(m, period, through, days, zero, undefined)),
      0,
      note,
    );
  }
  // Two grouped queries through the (branch, day) index, each reading only its own days: the
  // check-in days as runs of consecutive days (a month is four or five runs), then the days off
  // (usually few rows). Nothing is read twice, and no query grows with the length of the period.
  const counted = eachDay(period.start, through);
  const runs: [Day, Day][] = [];
  for (const d of counted) {
    if (!days.has(d)) continue;
    const last = runs.at(-1);
    if (last && last[1] === addDays(d, -1)) last[1] = d;
    else runs.push([d, d]);
  }
  const off = counted.filter((d) => !days.has(d));
  // Raw (array) rows: better-sqlite3 builds them faster than objects (2,000 members a query).
  type Row = [memberId: number, n: number, late: number, makeup: number];
  const onCheckinDays = prepared(db, 'checkinCountsOnRuns', () =>
    db.$client
      .prepare<[string, number], Row>(
        `SELECT member_id, count(*), sum(late), sum(kind = 'makeup')
           FROM json_each(?) r CROSS JOIN checkins c INDEXED BY checkins_branch_day_cover
          WHERE c.branch_id = ? AND c.day BETWEEN json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]')
          GROUP BY member_id`,
      )
      .raw(),
  ).all(JSON.stringify(runs), branchId);
  const onDaysOff = prepared(db, 'checkinCountsOnDaysOff', () =>
    db.$client
      .prepare<[number, string], [memberId: number, n: number]>(
        `SELECT member_id, count(*) FROM checkins INDEXED BY checkins_branch_day_cover
          WHERE branch_id = ? AND day IN (SELECT value FROM json_each(?)) GROUP BY member_id`,
      )
      .raw(),
  ).all(branchId, JSON.stringify(off));
  const counts = new Map<number, { n: number; late: number; makeup: number; off: number }>();
  for (const [memberId, n, late, makeup] of onCheckinDays) counts.set(memberId, { n, late, makeup, off: 0 });
  for (const [memberId, n] of onDaysOff) {
    const c = counts.get(memberId);
    if (c) c.off = n;
    else counts.set(memberId, { n: 0, late: 0, makeup: 0, off: n });
  }
  const leaveDays = leaveDaysWithoutCheckin(db, branchId, period.start, through);
  const none = { n: 0, late: 0, makeup: 0, off: 0 };
  const lines = people.map((m) =>
    lineFor(m, period, through, days, counts.get(m.id) ?? none, leaveDays.get(m.id)),
  );
  return summed(period, through, lines, days.countBetween(period.start, through), note);
}

function summed(
  period: Period,
  through: Day,
  lines: MemberCheckinLine[],
  checkinDays: number,
  note: string | null,
): CheckinReport {
  const sum = (k: keyof MemberCheckinLine) => lines.reduce((a, l) => a + (l[k] as number), 0);
  const expected = sum('expected');
  const checked = sum('checked');
  return {
    period,
    through,
    members: lines,
    expected,
    checked,
    late: sum('late'),
    makeup: sum('makeup'),
    leave: sum('leave'),
    missed: sum('missed'),
    offDay: sum('offDay'),
    rate: expected > 0 ? checked / expected : null,
    checkinDays,
    note,
  };
}

/** One member's line: what 我的 shows, without counting the whole branch (same rules). */
export function memberCheckinLine(
  db: Db,
  member: Member,
  period: Period,
  today: Day,
  calendar: BranchCalendar = calendarOf(db, member.branchId),
): MemberCheckinLine | undefined {
  const through = periodThrough(period, today);
  if (through < period.start) return undefined;
  const cal = branchCheckinDays(calendar, period.start, through);
  const rows = prepared(db, 'memberPeriodCheckins', () =>
    db
      .select({ day: checkins.day, late: checkins.late, kind: checkins.kind })
      .from(checkins)
      .where(
        and(
          eq(checkins.branchId, sql.placeholder('branch')),
          eq(checkins.memberId, sql.placeholder('member')),
          between(checkins.day, sql.placeholder('start'), sql.placeholder('end')),
        ),
      )
      .prepare(),
  ).all({ branch: member.branchId, member: member.id, start: period.start, end: through });
  const onDays = rows.filter((d) => cal.has(d.day));
  const checked = new Set(rows.map((d) => d.day));
  const leave = new Set<Day>();
  for (const l of memberLeaves(db, member.id, period.start, through)) {
    const from = l.startDay > period.start ? l.startDay : period.start;
    const to = l.endDay < through ? l.endDay : through;
    for (const day of eachDay(from, to)) if (!checked.has(day)) leave.add(day);
  }
  const counts = {
    n: onDays.length,
    late: onDays.filter((d) => d.late).length,
    makeup: onDays.filter((d) => d.kind === 'makeup').length,
    off: rows.length - onDays.length,
  };
  return lineFor(member, period, through, cal, counts, leave);
}

/** A member's figures from their check-in counts and the leave days without a check-in. */
function lineFor(
  m: Member,
  period: Period,
  through: Day,
  days: CheckinDays,
  c: { n: number; late: number; makeup: number; off: number },
  leaveDays: Set<Day> | undefined,
): MemberCheckinLine {
  const from = m.joinedDay > period.start ? m.joinedDay : period.start;
  const lastDay = m.leftDay && addDays(m.leftDay, -1) < through ? addDays(m.leftDay, -1) : through;
  const span = from <= lastDay ? days.countBetween(from, lastDay) : 0;
  let leave = 0;
  for (const d of leaveDays ?? []) if (d >= from && d <= lastDay && days.has(d)) leave++;
  const expected = span - leave;
  // Never above expected: a check-in outside the member's span (after leaving) adds nothing.
  const checked = Math.min(c.n, expected);
  return {
    memberId: m.id,
    name: m.name,
    expected,
    checked,
    late: c.late,
    makeup: c.makeup,
    missed: Math.max(0, expected - checked),
    leave,
    offDay: c.off,
  };
}

/** Per member, the days in [start, end] they were on leave and did not check in. */
function leaveDaysWithoutCheckin(db: Db, branchId: number, start: Day, end: Day): Map<number, Set<Day>> {
  const out = new Map<number, Set<Day>>();
  const leaves = leavesOverlapping(db, branchId, start, end);
  if (leaves.length === 0) return out;
  // Only the leave days themselves are looked up (a few rows), not those members' whole period.
  const spans = leaves.map((l): [number, Day, Day] => [
    l.memberId,
    l.startDay > start ? l.startDay : start,
    l.endDay < end ? l.endDay : end,
  ]);
  const checked = new Set(
    prepared(db, 'checkinsOnLeaveDays', () =>
      db.$client
        .prepare<[string, number], string>(
          `SELECT c.member_id || ':' || c.day FROM json_each(?) l CROSS JOIN checkins c
            WHERE c.branch_id = ? AND c.member_id = json_extract(l.value, '$[0]')
              AND c.day BETWEEN json_extract(l.value, '$[1]') AND json_extract(l.value, '$[2]')`,
        )
        .pluck(),
    ).all(JSON.stringify(spans), branchId),
  );
  for (const [memberId, from, to] of spans) {
    const days = out.get(memberId) ?? new Set<Day>();
    for (const day of eachDay(from, to)) if (!checked.has(`${memberId}:${day}`)) days.add(day);
    out.set(memberId, days);
  }
  return out;
}
