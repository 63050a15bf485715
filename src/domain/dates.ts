import { UserError } from './user-error.js';
import { addDays, isDay, type Day } from './time.js';

const RELATIVE = new Map([
  ['今天', 0],
  ['今日', 0],
  ['昨天', -1],
  ['昨日', -1],
  ['前天', -2],
  ['明天', 1],
  ['明日', 1],
  ['后天', 2],
]);

/**
 * Parses a day a member typed: '2026-11-20', '2026/11/20', '11-20', '11月20日', '20日',
 * '今天', '昨天', '前天', '明天', '后天'. Year and month default to those of `today`.
 * Throws UserError when it is not a real date.
 */
export function parseDay(input: string, today: Day): Day {
  const s = input.trim().replace(/号$/, '日');
  // A Map: `'__proto__' in {…}` is true, and would have sent Object.prototype to addDays.
  const offset = RELATIVE.get(s);
  if (offset !== undefined) return addDays(today, offset);
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  let m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ??
    /^()(\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ??
    /^()()(\d{1,2})日$/.exec(s);
  if (!m) throw new UserError(`无法识别的日期「${input}」，请写成 2026-11-20、11-20 或 11月20日`);
  const y = m[1] ? Number(m[1]) : ty;
  const mo = m[2] ? Number(m[2]) : tm;
  const d = Number(m[3]);
  const day = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isDay(day)) throw new UserError(`「${input}」不是有效日期`);
  return day;
}
