import { and, between, eq, sql } from 'drizzle-orm';
import type { Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { checkins } from './schema.js';

export type Checkin = typeof checkins.$inferSelect;

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
