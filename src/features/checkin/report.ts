import { and, between, eq, inArray, sql } from 'drizzle-orm';
import type { Period } from '../../domain/period.js';
import { periodThrough } from '../../domain/period.js';
import { addDays, daysBetween, eachDay, type Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { leavesOverlapping, memberLeaves } from '../../core/leaves.js';
import { membersDuring, type Member } from '../../core/members.js';
import { checkins } from './schema.js';

export interface MemberCheckinLine {
  memberId: number;
  name: string;
  /** Days the member was expected (in the branch, not on leave, or checked in anyway). */
  expected: number;
  checked: number;
  late: number;
  makeup: number;
  missed: number;
  leave: number;
}

export interface CheckinReport {
  period: Period;
  /** Last day counted: the period's end, or today when the period is still running. */
  through: Day;
  members: MemberCheckinLine[];
  expected: number;
  checked: number;
  late: number;
  makeup: number;
  leave: number;
  missed: number;
  /** checked ÷ expected, 0..1; null when nobody was expected. */
  rate: number | null;
}

/**
 * Check-in figures of a branch for a period, counted up to `today`: a member is expected from
 * the day they joined until the day they left; a day on leave without a check-in is not expected.
 */
export function buildCheckinReport(
  db: Db,
  branchId: number,
  period: Period,
  today: Day,
): CheckinReport | undefined {
  const through = periodThrough(period, today);
  if (through < period.start) return undefined;
  const people = membersDuring(db, branchId, period.start, through);
  const counts = new Map(
    prepared(db, 'checkinCountsByMember', () =>
      db
        .select({
          memberId: checkins.memberId,
          n: sql<number>`count(*)`,
          late: sql<number>`count(*) FILTER (WHERE ${checkins.late})`,
        })
        .from(checkins)
        .where(
          and(
            eq(checkins.branchId, sql.placeholder('branch')),
            between(checkins.day, sql.placeholder('start'), sql.placeholder('end')),
          ),
        )
        .groupBy(checkins.memberId)
        .prepare(),
    )
      .all({ branch: branchId, start: period.start, end: through })
      .map((r) => [r.memberId, r]),
  );
  const makeups = new Map(
    prepared(db, 'makeupCountsByMember', () =>
      db
        .select({ memberId: checkins.memberId, n: sql<number>`count(*)` })
        .from(checkins)
        .where(
          and(
            eq(checkins.branchId, sql.placeholder('branch')),
            between(checkins.day, sql.placeholder('start'), sql.placeholder('end')),
            sql`kind = 'makeup'`,
          ),
        )
        .groupBy(checkins.memberId)
        .prepare(),
    )
      .all({ branch: branchId, start: period.start, end: through })
      .map((r) => [r.memberId, r.n]),
  );
  const leaveDays = leaveDaysWithoutCheckin(db, branchId, period.start, through);
  const lines = people.map((m) =>
    lineFor(
      m,
      period,
      through,
      { ...(counts.get(m.id) ?? { n: 0, late: 0 }), makeup: makeups.get(m.id) ?? 0 },
      leaveDays.get(m.id),
    ),
  );
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
    rate: expected > 0 ? checked / expected : null,
  };
}

/** One member's line: what 我的 shows, without counting the whole branch. */
export function memberCheckinLine(
  db: Db,
  member: Member,
  period: Period,
  today: Day,
): MemberCheckinLine | undefined {
  const through = periodThrough(period, today);
  if (through < period.start) return undefined;
  const days = prepared(db, 'memberPeriodCheckins', () =>
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
  const checked = new Set(days.map((d) => d.day));
  const leave = new Set<Day>();
  for (const l of memberLeaves(db, member.id, period.start, through)) {
    const from = l.startDay > period.start ? l.startDay : period.start;
    const to = l.endDay < through ? l.endDay : through;
    for (const day of eachDay(from, to)) if (!checked.has(day)) leave.add(day);
  }
  const counts = {
    n: days.length,
    late: days.filter((d) => d.late).length,
    makeup: days.filter((d) => d.kind === 'makeup').length,
  };
  return lineFor(member, period, through, counts, leave);
}

/** A member's figures from their check-in counts and the leave days without a check-in. */
function lineFor(
  m: Member,
  period: Period,
  through: Day,
  c: { n: number; late: number; makeup: number },
  leaveDays: Set<Day> | undefined,
): MemberCheckinLine {
  const from = m.joinedDay > period.start ? m.joinedDay : period.start;
  const lastDay = m.leftDay && addDays(m.leftDay, -1) < through ? addDays(m.leftDay, -1) : through;
  const span = from <= lastDay ? daysBetween(from, lastDay) + 1 : 0;
  const checked = Math.min(c.n, span);
  const leave = [...(leaveDays ?? [])].filter((d) => d >= from && d <= lastDay).length;
  const expected = span - leave;
  return {
    memberId: m.id,
    name: m.name,
    expected,
    checked,
    late: c.late,
    makeup: c.makeup,
    missed: Math.max(0, expected - checked),
    leave,
  };
}

/** Per member, the days in [start, end] they were on leave and did not check in. */
function leaveDaysWithoutCheckin(db: Db, branchId: number, start: Day, end: Day): Map<number, Set<Day>> {
  const out = new Map<number, Set<Day>>();
  const leaves = leavesOverlapping(db, branchId, start, end);
  if (leaves.length === 0) return out;
  const memberIds = [...new Set(leaves.map((l) => l.memberId))];
  const checked = new Set(
    db
      .select({ memberId: checkins.memberId, day: checkins.day })
      .from(checkins)
      .where(
        and(
          eq(checkins.branchId, branchId),
          inArray(checkins.memberId, memberIds),
          between(checkins.day, start, end),
        ),
      )
      .all()
      .map((r) => `${r.memberId}:${r.day}`),
  );
  for (const leave of leaves) {
    const days = out.get(leave.memberId) ?? new Set<Day>();
    const from = leave.startDay > start ? leave.startDay : start;
    const to = leave.endDay < end ? leave.endDay : end;
    for (const day of eachDay(from, to)) if (!checked.has(`${leave.memberId}:${day}`)) days.add(day);
    out.set(leave.memberId, days);
  }
  return out;
}
