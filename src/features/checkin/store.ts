import { and, between, eq, sql } from 'drizzle-orm';
import { addDays, type Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { leaves } from '../../core/schema.js';
import { checkins } from './schema.js';

export type Checkin = typeof checkins.$inferSelect;
export type Leave = typeof leaves.$inferSelect;

export function findCheckin(db: Db, branchId: number, memberId: number, day: Day): Checkin | undefined {
  return prepared(db, 'findCheckin', () =>
    db
      .select()
      .from(checkins)
      .where(
        and(
          eq(checkins.branchId, sql.placeholder('branch')),
          eq(checkins.memberId, sql.placeholder('member')),
          eq(checkins.day, sql.placeholder('day')),
        ),
      )
      .prepare(),
  ).get({ branch: branchId, member: memberId, day });
}

export function insertCheckin(db: Db, row: typeof checkins.$inferInsert): void {
  db.insert(checkins).values(row).run();
}

/** Appends to the note of an existing check-in (a second 打卡 the same day is not counted). */
export function appendNote(db: Db, id: number, note: string): void {
  db.update(checkins)
    .set({
      note: sql`CASE WHEN ${checkins.note} = '' THEN ${note} ELSE ${checkins.note} || '；' || ${note} END`,
    })
    .where(eq(checkins.id, id))
    .run();
}

export function countCheckinsOn(db: Db, branchId: number, day: Day): number {
  return prepared(db, 'countCheckinsOn', () =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(checkins)
      .where(and(eq(checkins.branchId, sql.placeholder('branch')), eq(checkins.day, sql.placeholder('day'))))
      .prepare(),
  ).get({ branch: branchId, day })!.n;
}

export function checkinsBetween(db: Db, branchId: number, start: Day, end: Day): Checkin[] {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.branchId, branchId), between(checkins.day, start, end)))
    .orderBy(checkins.day, checkins.at)
    .all();
}

/** The days a member checked in within [start, end], in order. */
export function memberCheckinDays(db: Db, branchId: number, memberId: number, start: Day, end: Day): Day[] {
  return prepared(db, 'memberCheckinDays', () =>
    db
      .select({ day: checkins.day })
      .from(checkins)
      .where(
        and(
          eq(checkins.branchId, sql.placeholder('branch')),
          eq(checkins.memberId, sql.placeholder('member')),
          between(checkins.day, sql.placeholder('start'), sql.placeholder('end')),
        ),
      )
      .orderBy(checkins.day)
      .prepare(),
  )
    .all({ branch: branchId, member: memberId, start, end })
    .map((r) => r.day);
}

export function insertLeave(db: Db, row: typeof leaves.$inferInsert): Leave {
  return db.insert(leaves).values(row).returning().get();
}

/** Leaves of a branch overlapping [start, end]. */
export function leavesOverlapping(db: Db, branchId: number, start: Day, end: Day): Leave[] {
  return db
    .select()
    .from(leaves)
    .where(
      and(
        eq(leaves.branchId, branchId),
        sql`${leaves.startDay} <= ${end}`,
        sql`${leaves.endDay} >= ${start}`,
      ),
    )
    .all();
}

/** One member's leaves overlapping [start, end]. */
export function memberLeaves(db: Db, memberId: number, start: Day, end: Day): Leave[] {
  return prepared(db, 'memberLeaves', () =>
    db
      .select()
      .from(leaves)
      .where(
        and(
          eq(leaves.memberId, sql.placeholder('member')),
          sql`${leaves.startDay} <= ${sql.placeholder('end')}`,
          sql`${leaves.endDay} >= ${sql.placeholder('start')}`,
        ),
      )
      .prepare(),
  ).all({ member: memberId, start, end });
}

/**
 * Withdraws one member's leave on the days [from, to]: leaves inside it are deleted, those
 * straddling it are cut back (one across it becomes two). Returns the days withdrawn, as spans.
 */
export function withdrawLeave(db: Db, memberId: number, from: Day, to: Day): { start: Day; end: Day }[] {
  const removed: { start: Day; end: Day }[] = [];
  for (const leave of memberLeaves(db, memberId, from, to)) {
    const start = leave.startDay > from ? leave.startDay : from;
    const end = leave.endDay < to ? leave.endDay : to;
    removed.push({ start, end });
    db.delete(leaves).where(eq(leaves.id, leave.id)).run();
    const { id: _id, ...rest } = leave;
    if (leave.startDay < start)
      db.insert(leaves)
        .values({ ...rest, endDay: addDays(start, -1) })
        .run();
    if (leave.endDay > end)
      db.insert(leaves)
        .values({ ...rest, startDay: addDays(end, 1) })
        .run();
  }
  return removed.sort((a, b) => (a.start < b.start ? -1 : 1));
}
