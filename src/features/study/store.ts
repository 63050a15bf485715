import { and, asc, between, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { studySessions, studySignins } from './schema.js';

export type StudySession = typeof studySessions.$inferSelect;
export type StudySignin = typeof studySignins.$inferSelect;

/** Opens a session with the branch's next number (1, 2, 3…; numbers are never reused). */
export function insertSession(
  db: Db,
  row: Omit<typeof studySessions.$inferInsert, 'number' | 'id'>,
): StudySession {
  const last = db
    .select({ n: sql<number | null>`max(${studySessions.number})` })
    .from(studySessions)
    .where(eq(studySessions.branchId, row.branchId))
    .get()?.n;
  return db
    .insert(studySessions)
    .values({ ...row, number: (last ?? 0) + 1 })
    .returning()
    .get();
}

/** Sessions of a branch not yet closed by 结束学习 (including those past their deadline), by number. */
export function unclosedSessions(db: Db, branchId: number): StudySession[] {
  return db
    .select()
    .from(studySessions)
    .where(and(eq(studySessions.branchId, branchId), isNull(studySessions.closedAt)))
    .orderBy(asc(studySessions.number))
    .all();
}

export function findSessionByNumber(db: Db, branchId: number, number: number): StudySession | undefined {
  return db
    .select()
    .from(studySessions)
    .where(and(eq(studySessions.branchId, branchId), eq(studySessions.number, number)))
    .get();
}

export function findSessionById(db: Db, id: number): StudySession | undefined {
  return db.select().from(studySessions).where(eq(studySessions.id, id)).get();
}

/** The branch's most recently opened session. */
export function latestSession(db: Db, branchId: number): StudySession | undefined {
  return db
    .select()
    .from(studySessions)
    .where(eq(studySessions.branchId, branchId))
    .orderBy(desc(studySessions.number))
    .limit(1)
    .get();
}

export function closeSession(db: Db, id: number, closedBy: number, at: number): void {
  db.update(studySessions).set({ closedAt: at, closedBy }).where(eq(studySessions.id, id)).run();
}

/** Sessions opened on a day within [start, end]. */
export function sessionsBetween(db: Db, branchId: number, start: Day, end: Day): StudySession[] {
  return db
    .select()
    .from(studySessions)
    .where(and(eq(studySessions.branchId, branchId), between(studySessions.day, start, end)))
    .orderBy(asc(studySessions.number))
    .all();
}

export function findSessionSignin(db: Db, sessionId: number, memberId: number): StudySignin | undefined {
  return db
    .select()
    .from(studySignins)
    .where(and(eq(studySignins.sessionId, sessionId), eq(studySignins.memberId, memberId)))
    .get();
}

/** The member's self-study of `course` on `day`, if any (self-study counts once per day and course). */
export function findSelfStudy(
  db: Db,
  branchId: number,
  memberId: number,
  day: Day,
  course: string,
): StudySignin | undefined {
  return db
    .select()
    .from(studySignins)
    .where(
      and(
        eq(studySignins.branchId, branchId),
        eq(studySignins.memberId, memberId),
        eq(studySignins.day, day),
        eq(studySignins.course, course),
        isNull(studySignins.sessionId),
      ),
    )
    .get();
}

export function insertSignin(db: Db, row: Omit<typeof studySignins.$inferInsert, 'id'>): StudySignin {
  return db.insert(studySignins).values(row).returning().get();
}

/** Member ids signed in to a session. */
export function sessionSigners(db: Db, sessionId: number): Set<number> {
  // Plucked ids from a plain statement: every session sign-in's reply and every report reads them.
  const ids = prepared(db, 'sessionSigners', () =>
    db.$client.prepare<[number], number>('SELECT member_id FROM study_signins WHERE session_id = ?').pluck(),
  ).all(sessionId);
  return new Set(ids);
}

/** Member ids who signed in to a session after it closed (recorded as self-study). */
export function lateSigners(db: Db, sessionId: number): Set<number> {
  return new Set(
    db
      .select({ memberId: studySignins.memberId })
      .from(studySignins)
      .where(eq(studySignins.lateForSessionId, sessionId))
      .all()
      .map((r) => r.memberId),
  );
}

/** Sign-ins of a branch on days within [start, end], optionally of one member. */
export function signinsBetween(
  db: Db,
  branchId: number,
  start: Day,
  end: Day,
  memberId?: number,
): StudySignin[] {
  return db
    .select()
    .from(studySignins)
    .where(
      and(
        eq(studySignins.branchId, branchId),
        between(studySignins.day, start, end),
        memberId === undefined ? undefined : eq(studySignins.memberId, memberId),
      ),
    )
    .orderBy(asc(studySignins.day), asc(studySignins.at))
    .all();
}

/** Person-times and minutes of one member within [start, end]. */
export function memberStudyTotals(
  db: Db,
  branchId: number,
  memberId: number,
  start: Day,
  end: Day,
): { times: number; minutes: number; sessions: number; selfStudy: number } {
  const row = db
    .select({
      times: sql<number>`count(*)`,
      minutes: sql<number>`coalesce(sum(${studySignins.minutes}), 0)`,
      sessions: sql<number>`coalesce(sum(${studySignins.sessionId} IS NOT NULL), 0)`,
    })
    .from(studySignins)
    .where(
      and(
        eq(studySignins.branchId, branchId),
        eq(studySignins.memberId, memberId),
        between(studySignins.day, start, end),
      ),
    )
    .get();
  const times = row?.times ?? 0;
  const sessions = row?.sessions ?? 0;
  return { times, minutes: row?.minutes ?? 0, sessions, selfStudy: times - sessions };
}

/** Whether the branch has ever had a study sign-in or session. */
export function usesStudy(db: Db, branchId: number): boolean {
  const signin = db
    .select({ one: sql<number>`1` })
    .from(studySignins)
    .where(eq(studySignins.branchId, branchId))
    .limit(1)
    .get();
  if (signin) return true;
  return (
    db
      .select({ one: sql<number>`1` })
      .from(studySessions)
      .where(eq(studySessions.branchId, branchId))
      .limit(1)
      .get() !== undefined
  );
}
