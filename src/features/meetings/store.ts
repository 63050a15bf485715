import { and, asc, between, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { members } from '../../core/schema.js';
import { meetingAttendance, meetings, memberStandings } from './schema.js';

export type Meeting = typeof meetings.$inferSelect;
export type AttendanceRow = typeof meetingAttendance.$inferSelect;
export type Standing = 'full' | 'probationary';

/** Calls a meeting with the branch's next number (1, 2, 3…; numbers are never reused). */
export function insertMeeting(db: Db, row: Omit<typeof meetings.$inferInsert, 'number' | 'id'>): Meeting {
  const last = db
    .select({ n: sql<number | null>`max(${meetings.number})` })
    .from(meetings)
    .where(eq(meetings.branchId, row.branchId))
    .get()?.n;
  return db
    .insert(meetings)
    .values({ ...row, number: (last ?? 0) + 1 })
    .returning()
    .get();
}

export function findMeeting(db: Db, branchId: number, number: number): Meeting | undefined {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), eq(meetings.number, number)))
    .get();
}

/** Meetings neither ended nor cancelled, by start. */
export function pendingMeetings(db: Db, branchId: number): Meeting[] {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), isNull(meetings.endedAt), isNull(meetings.cancelledAt)))
    .orderBy(asc(meetings.startsAt), asc(meetings.number))
    .all();
}

export function recentMeetings(db: Db, branchId: number, limit: number): Meeting[] {
  return db
    .select()
    .from(meetings)
    .where(eq(meetings.branchId, branchId))
    .orderBy(desc(meetings.number))
    .limit(limit)
    .all()
    .reverse();
}

/** Meetings (cancelled ones too) starting on a day within [start, end], by start. */
export function meetingsBetween(db: Db, branchId: number, start: Day, end: Day): Meeting[] {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), between(meetings.day, start, end)))
    .orderBy(asc(meetings.startsAt), asc(meetings.number))
    .all();
}

export function usesMeetings(db: Db, branchId: number): boolean {
  return (
    db
      .select({ one: sql<number>`1` })
      .from(meetings)
      .where(eq(meetings.branchId, branchId))
      .limit(1)
      .get() !== undefined
  );
}

export function updateMeeting(db: Db, id: number, set: Partial<typeof meetings.$inferInsert>): void {
  db.update(meetings).set(set).where(eq(meetings.id, id)).run();
}

export function attendanceRows(db: Db, meetingId: number): AttendanceRow[] {
  // A plain statement in raw (array) mode: better-sqlite3 builds arrays at half the cost of
  // objects, and a meeting of 2,000 is read by every report that lists it.
  type Raw = [number, AttendanceRow['status'], number, string, number | null, string | null];
  const rows = prepared(db, 'meetingAttendanceRows', () =>
    db.$client
      .prepare<[number], Raw>(
        `SELECT member_id, status, at, reason, makeup_at, makeup_note
           FROM meeting_attendance WHERE meeting_id = ?`,
      )
      .raw(),
  ).all(meetingId) as unknown as Raw[];
  return rows.map(([memberId, status, at, reason, makeupAt, makeupNote]) => ({
    meetingId,
    memberId,
    status,
    at,
    reason,
    makeupAt,
    makeupNote,
  }));
}

/** An ended meeting's frozen attendance: who was present or absent, and the few with details. */
export interface FrozenAttendance {
  present: number[];
  absent: number[];
  leave: { memberId: number; reason: string }[];
  makeups: { memberId: number; at: number; note: string }[];
}

/**
 * Read grouped in SQL from the (meeting, status, member) index: a meeting of 2,000 comes back as
 * two id lists and the few rows with details, instead of 2,000 rows (rows are what reading costs,
 * and every report reads each meeting of its period).
 */
export function frozenAttendance(db: Db, meetingId: number): FrozenAttendance {
  const groups = prepared(db, 'meetingAttendanceGroups', () =>
    db.$client.prepare<[number], { status: string; ids: string }>(
      `SELECT status, group_concat(member_id) AS ids
         FROM meeting_attendance WHERE meeting_id = ? AND status != 'leave' GROUP BY status`,
    ),
  ).all(meetingId);
  type Detail = {
    memberId: number;
    status: string;
    reason: string;
    makeupAt: number | null;
    makeupNote: string | null;
  };
  const details = prepared(db, 'meetingAttendanceDetails', () =>
    db.$client.prepare<[number, number], Detail>(
      `SELECT member_id AS memberId, status, reason, makeup_at AS makeupAt, makeup_note AS makeupNote
         FROM meeting_attendance WHERE meeting_id = ? AND status = 'leave'
       UNION ALL
       SELECT member_id, status, reason, makeup_at, makeup_note
         FROM meeting_attendance WHERE meeting_id = ? AND makeup_at IS NOT NULL AND status != 'leave'`,
    ),
  )
    .all(meetingId, meetingId)
    .sort((a, b) => a.memberId - b.memberId);
  // Index order already, but SQL promises no order for group_concat: sorting sorted ids is cheap.
  const ids = (status: string) => {
    const group = groups.find((g) => g.status === status);
    return group
      ? group.ids
          .split(',')
          .map(Number)
          .sort((x, y) => x - y)
      : [];
  };
  return {
    present: ids('present'),
    absent: ids('absent'),
    leave: details
      .filter((r) => r.status === 'leave')
      .map((r) => ({ memberId: r.memberId, reason: r.reason })),
    makeups: details
      .filter((r) => r.makeupAt !== null)
      .map((r) => ({ memberId: r.memberId, at: r.makeupAt!, note: r.makeupNote ?? '' })),
  };
}

export function findAttendance(db: Db, meetingId: number, memberId: number): AttendanceRow | undefined {
  return db
    .select()
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, memberId)))
    .get();
}

/** Writes a member's status at a meeting (a sign-in replaces an earlier 会议请假). */
export function putAttendance(db: Db, row: typeof meetingAttendance.$inferInsert): void {
  db.insert(meetingAttendance)
    .values(row)
    .onConflictDoUpdate({
      target: [meetingAttendance.meetingId, meetingAttendance.memberId],
      set: { status: row.status, at: row.at, reason: row.reason ?? '' },
    })
    .run();
}

export function recordMakeup(db: Db, meetingId: number, memberId: number, at: number, note: string): void {
  db.update(meetingAttendance)
    .set({ makeupAt: at, makeupNote: note })
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, memberId)))
    .run();
}

export function standingOf(db: Db, memberId: number): Standing {
  return (
    db
      .select({ s: memberStandings.standing })
      .from(memberStandings)
      .where(eq(memberStandings.memberId, memberId))
      .get()?.s ?? 'full'
  );
}

export function setStanding(db: Db, memberId: number, standing: Standing, setBy: number, at: number): void {
  db.insert(memberStandings)
    .values({ memberId, standing, setBy, setAt: at })
    .onConflictDoUpdate({ target: memberStandings.memberId, set: { standing, setBy, setAt: at } })
    .run();
}

/** Ids of the branch's 预备党员 (everyone else is 正式党员). */
export function probationaryIds(db: Db, branchId: number): Set<number> {
  return new Set(
    db
      .select({ id: memberStandings.memberId })
      .from(memberStandings)
      .innerJoin(members, eq(members.id, memberStandings.memberId))
      .where(and(eq(members.branchId, branchId), eq(memberStandings.standing, 'probationary')))
      .all()
      .map((r) => r.id),
  );
}
