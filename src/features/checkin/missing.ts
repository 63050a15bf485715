import { addDays, type Day } from '../../domain/time.js';
import type { Db } from '../../core/db.js';
import { checkinsBetween } from './store.js';
import { leavesOverlapping } from '../../core/leaves.js';
import { currentMembers, type Member } from '../../core/members.js';
import { calendarOf, isBranchCheckinDay, type BranchCalendar } from './calendar.js';

export interface MissingOnDay {
  /** In the branch, not checked in, not on leave (nobody on a day off). */
  missing: Member[];
  /** On leave and not checked in. */
  onLeave: Member[];
  checked: number;
  expected: number;
  /** A day off: nobody is expected and nobody is missing. */
  dayOff: boolean;
}

/** Who has not checked in on `day` among the branch's current members. */
export function missingOn(
  db: Db,
  branchId: number,
  day: Day,
  calendar: BranchCalendar = calendarOf(db, branchId),
): MissingOnDay {
  const checked = new Set(checkinsBetween(db, branchId, day, day).map((c) => c.memberId));
  if (!isBranchCheckinDay(calendar, day))
    return { missing: [], onLeave: [], checked: checked.size, expected: 0, dayOff: true };
  const leave = new Set(leavesOverlapping(db, branchId, day, day).map((l) => l.memberId));
  const everyone = currentMembers(db, branchId).filter((m) => m.joinedDay <= day);
  const missing = everyone.filter((m) => !checked.has(m.id) && !leave.has(m.id));
  const onLeave = everyone.filter((m) => leave.has(m.id) && !checked.has(m.id));
  return {
    missing,
    onLeave,
    checked: checked.size,
    expected: everyone.length - onLeave.length,
    dayOff: false,
  };
}

/**
 * Members missing on each of the last `days` check-in days ending with `day` (a pattern for the
 * secretary, not the group). Days off are skipped: a holiday week does not break "three in a
 * row", and nobody is missing on `day` itself when it is a day off.
 */
export function missingInARow(
  db: Db,
  branchId: number,
  day: Day,
  days: number,
  calendar: BranchCalendar = calendarOf(db, branchId),
): Member[] {
  if (!isBranchCheckinDay(calendar, day)) return [];
  const checkinDays: Day[] = [];
  // Look back at most a year: a rule with few check-in days still finds its last three.
  for (let d = day, i = 0; checkinDays.length < days && i < 366; d = addDays(d, -1), i++)
    if (isBranchCheckinDay(calendar, d)) checkinDays.push(d);
  const [latest, ...earlier] = checkinDays.map((d) => missingOn(db, branchId, d, calendar).missing);
  const earlierIds = earlier.map((list) => new Set(list.map((m) => m.id)));
  return latest!.filter((m) => earlierIds.every((ids) => ids.has(m.id)));
}
