import { and, between, eq, sql } from 'drizzle-orm';
import type { Day } from '../../domain/time.js';
import { prepared, type Db } from '../../core/db.js';
import { checkins } from './schema.js';

export type Checkin = typeof checkins.$inferSelect;

// Every 打卡 looks up the member's day, inserts, and counts the day for its tally: plain
// statements, since drizzle's placeholder filling and row mapping cost more than these queries.

export function findCheckin(db: Db, branchId: number, memberId: number, day: Day): Checkin | undefined {
  const row = prepared(db, 'findCheckin', () =>
    db.$client.prepare<[number, number, Day], Omit<Checkin, 'late'> & { late: number }>(
      `SELECT id, branch_id AS branchId, member_id AS memberId, day, at, late, kind, note, inbox_id AS inboxId
         FROM checkins WHERE branch_id = ? AND member_id = ? AND day = ?`,
    ),
  ).get(branchId, memberId, day);
  return row && { ...row, late: row.late === 1 };
}

/** Inserts the check-in unless the member already has one that day; true when it did. */
export function insertCheckin(db: Db, row: typeof checkins.$inferInsert): boolean {
  return (
    prepared(db, 'insertCheckin', () =>
      db.$client.prepare<[number, number, Day, number, number, string, string, number | null]>(
        `INSERT INTO checkins (branch_id, member_id, day, at, late, kind, note, inbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
    ).run(
      row.branchId,
      row.memberId,
      row.day,
      row.at,
      row.late ? 1 : 0,
      row.kind,
      row.note ?? '',
      row.inboxId ?? null,
    ).changes === 1
  );
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
    db.$client
      .prepare<[number, Day], number>('SELECT count(*) FROM checkins WHERE branch_id = ? AND day = ?')
      .pluck(),
  ).get(branchId, day)!;
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
    db.$client
      .prepare<[number, number, Day, Day], Day>(
        'SELECT day FROM checkins WHERE branch_id = ? AND member_id = ? AND day BETWEEN ? AND ? ORDER BY day',
      )
      .pluck(),
  ).all(branchId, memberId, start, end);
}
