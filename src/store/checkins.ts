import { and, between, eq, sql } from 'drizzle-orm';
import type { Day } from '../domain/time.js';
import type { Db } from './db.js';
import { checkins, leaves } from './schema.js';

export type Checkin = typeof checkins.$inferSelect;
export type Leave = typeof leaves.$inferSelect;

export function findCheckin(db: Db, branchId: number, memberId: number, day: Day): Checkin | undefined {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.branchId, branchId), eq(checkins.memberId, memberId), eq(checkins.day, day)))
    .get();
}

export function insertCheckin(db: Db, row: typeof checkins.$inferInsert): Checkin {
  return db.insert(checkins).values(row).returning().get();
}

/** Appends to the note of an existing check-in (a second 打卡 the same day is not counted). */
export function appendNote(db: Db, id: number, note: string): void {
  db.update(checkins)
    .set({ note: sql`CASE WHEN ${checkins.note} = '' THEN ${note} ELSE ${checkins.note} || '；' || ${note} END` })
    .where(eq(checkins.id, id))
    .run();
}

export function countCheckinsOn(db: Db, branchId: number, day: Day): number {
  return db.select({ n: sql<number>`count(*)` }).from(checkins).where(and(eq(checkins.branchId, branchId), eq(checkins.day, day))).get()?.n ?? 0;
}

export function checkinsBetween(db: Db, branchId: number, start: Day, end: Day): Checkin[] {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.branchId, branchId), between(checkins.day, start, end)))
    .orderBy(checkins.day, checkins.at)
    .all();
}

/** The days a member checked in within [start, end]. */
export function memberCheckinDays(db: Db, memberId: number, start: Day, end: Day): Checkin[] {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.memberId, memberId), between(checkins.day, start, end)))
    .orderBy(checkins.day)
    .all();
}

export function insertLeave(db: Db, row: typeof leaves.$inferInsert): Leave {
  return db.insert(leaves).values(row).returning().get();
}

/** Leaves of a branch (or one member) overlapping [start, end]. */
export function leavesOverlapping(db: Db, branchId: number, start: Day, end: Day, memberId?: number): Leave[] {
  return db
    .select()
    .from(leaves)
    .where(
      and(
        eq(leaves.branchId, branchId),
        sql`${leaves.startDay} <= ${end}`,
        sql`${leaves.endDay} >= ${start}`,
        memberId === undefined ? undefined : eq(leaves.memberId, memberId),
      ),
    )
    .all();
}
