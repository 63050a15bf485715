import { and, eq, sql } from 'drizzle-orm';
import { addDays, type Day } from '../domain/time.js';
import { prepared, type Db } from './db.js';
import { leaves } from './schema.js';

/** Leave (请假) is a fact about a member that every feature's attendance respects. */
export type Leave = typeof leaves.$inferSelect;

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

/** One member's leaves overlapping [start, end]. A plain statement: every 打卡 reads it for its streak. */
export function memberLeaves(db: Db, memberId: number, start: Day, end: Day): Leave[] {
  return prepared(db, 'memberLeaves', () =>
    db.$client.prepare<[number, Day, Day], Leave>(
      `SELECT id, branch_id AS branchId, member_id AS memberId, start_day AS startDay, end_day AS endDay, reason,
              created_at AS createdAt
         FROM leaves WHERE member_id = ? AND start_day <= ? AND end_day >= ?`,
    ),
  ).all(memberId, end, start);
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
