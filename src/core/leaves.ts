import { and, eq, sql } from 'drizzle-orm';
import type { Day } from '../domain/time.js';
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
