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
  // Prepared once: every 打卡 runs it, and building the query cost more than running it.
  prepared(db, 'insertCheckin', () =>
    db
      .insert(checkins)
      .values({
        branchId: sql.placeholder('branchId'),
        memberId: sql.placeholder('memberId'),
        day: sql.placeholder('day'),
        at: sql.placeholder('at'),
        late: sql.placeholder('late'),
        kind: sql.placeholder('kind'),
        note: sql.placeholder('note'),
        inboxId: sql.placeholder('inboxId'),
      })
      .prepare(),
  ).run({
    branchId: row.branchId,
    memberId: row.memberId,
    day: row.day,
    at: row.at,
    late: row.late ? 1 : 0,
    kind: row.kind,
    note: row.note ?? '',
    inboxId: row.inboxId ?? null,
  });
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
