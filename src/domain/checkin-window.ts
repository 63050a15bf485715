import { UserError } from './user-error.js';
import { formatHhmm, parseHhmm } from './time.js';

export interface CheckinWindow {
  start: number;
  end: number;
}

/** Parses '05:00-09:00' (also '5:00至9:00') into minutes since midnight. Throws UserError. */
export function parseWindow(s: string): CheckinWindow {
  const parts = s.split(/\s*(?:-|~|至|到)\s*/);
  const start = parts.length === 2 ? parseHhmm(parts[0]!) : null;
  const end = parts.length === 2 ? parseHhmm(parts[1]!) : null;
  if (start === null || end === null || start >= end) {
    throw new UserError(`打卡时间「${s}」无效，请写成 05:00-09:00（开始早于结束）`);
  }
  return { start, end };
}

export function formatWindow(w: CheckinWindow): string {
  return `${formatHhmm(w.start)}-${formatHhmm(w.end)}`;
}
