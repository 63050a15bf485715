import { addDays, type Day } from './time.js';

/**
 * Consecutive checked-in days ending today (or yesterday, when today has no check-in yet).
 * Days on leave neither break nor extend a streak.
 */
export function streak(
  checkedDays: ReadonlySet<Day>,
  onLeave: (day: Day) => boolean,
  today: Day,
  floor: Day,
): number {
  let day = checkedDays.has(today) ? today : addDays(today, -1);
  let count = 0;
  while (day >= floor) {
    if (checkedDays.has(day)) count++;
    else if (!onLeave(day)) break;
    day = addDays(day, -1);
  }
  return count;
}

/** The longest run of consecutive checked-in days (leave days bridge a run). */
export function longestStreak(days: readonly Day[], onLeave: (day: Day) => boolean): number {
  const sorted = [...new Set(days)].sort();
  let best = 0;
  let run = 0;
  let prev: Day | undefined;
  for (const day of sorted) {
    let bridged = prev !== undefined;
    for (let d = prev ? addDays(prev, 1) : day; prev && d < day; d = addDays(d, 1)) {
      if (!onLeave(d)) bridged = false;
    }
    run = bridged ? run + 1 : 1;
    best = Math.max(best, run);
    prev = day;
  }
  return best;
}
