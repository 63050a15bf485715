import { addDays, type Day } from '../../domain/time.js';
import type { Db } from '../../core/db.js';
import { checkinsBetween } from './store.js';
import { leavesOverlapping } from '../../core/leaves.js';
import { currentMembers, type Member } from '../../core/members.js';

export interface MissingOnDay {
  /** In the branch, not checked in, not on leave. */
  missing: Member[];
  /** On leave and not checked in. */
  onLeave: Member[];
  checked: number;
  expected: number;
}

/** Who has not checked in on `day` among the branch's current members. */
export function missingOn(db: Db, branchId: number, day: Day): MissingOnDay {
  const checked = new Set(checkinsBetween(db, branchId, day, day).map((c) => c.memberId));
  const leave = new Set(leavesOverlapping(db, branchId, day, day).map((l) => l.memberId));
  const everyone = currentMembers(db, branchId).filter((m) => m.joinedDay <= day);
  const missing = everyone.filter((m) => !checked.has(m.id) && !leave.has(m.id));
  const onLeave = everyone.filter((m) => leave.has(m.id) && !checked.has(m.id));
  return { missing, onLeave, checked: checked.size, expected: everyone.length - onLeave.length };
}

/** Members missing on each of the `days` days ending with `day` (a pattern for the secretary, not the group). */
export function missingInARow(db: Db, branchId: number, day: Day, days: number): Member[] {
  const [latest, ...earlier] = Array.from(
    { length: days },
    (_, i) => missingOn(db, branchId, addDays(day, -i)).missing,
  );
  const earlierIds = earlier.map((list) => new Set(list.map((m) => m.id)));
  return latest!.filter((m) => earlierIds.every((ids) => ids.has(m.id)));
}
