import { UserError } from '../../domain/user-error.js';
import { addMonths, monthLabel, monthOf, MONTHS_AHEAD, type Month } from '../../domain/dues.js';
import { parsePeriod } from '../../domain/period.js';
import type { Day } from '../../domain/time.js';

/** Arguments shared by the 党费 commands: months as users write them. */

/** How far back a standard or 上缴 may be dated: five years (a branch catching up its 台账). */
const MONTHS_BACK = 60;

/**
 * A month token: '2026-11', '2026/11', '2026年11月', '11月', optionally '从…' / '自…' / '…起'.
 * Undefined when the token is no month at all (a number, a word); throws UserError for a month
 * more than a year ahead or five years back.
 */
export function parseMonthToken(token: string, today: Day): Month | undefined {
  const s = token.replace(/^(?:从|自)/, '').replace(/(?:起|开始)$/, '');
  if (!/\d|月/.test(s) || /^\d+(?:\.\d+)?$/.test(s)) return undefined;
  let period;
  try {
    period = parsePeriod(s, today);
  } catch {
    return undefined;
  }
  if (period.kind !== 'month') return undefined;
  return checkMonth(monthOf(period.start), today);
}

/** Refuses a month too far ahead or back. */
export function checkMonth(month: Month, today: Day): Month {
  const now = monthOf(today);
  if (month > addMonths(now, MONTHS_AHEAD))
    throw new UserError(
      `${monthLabel(month)}超过一年以后，不能登记；最晚 ${monthLabel(addMonths(now, MONTHS_AHEAD))}。`,
    );
  if (month < addMonths(now, -MONTHS_BACK))
    throw new UserError(
      `${monthLabel(month)}是五年前，不能登记；最早 ${monthLabel(addMonths(now, -MONTHS_BACK))}。`,
    );
  return month;
}

const CN_DIGITS = new Map([...'一二三四五六七八九'].map((c, i) => [c, i + 1]));

/** '3个月', '三个月', '十二个月' → 3, 3, 12; undefined when the text is not that form. */
export function parseMonthCount(raw: string): number | undefined {
  const m = /^(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*个\s*月$/.exec(raw.trim());
  if (!m) return undefined;
  const word = m[1]!.replace('两', '二');
  let n: number;
  if (/^\d+$/.test(word)) n = Number(word);
  else if (word === '十') n = 10;
  else if (word.startsWith('十')) n = 10 + (CN_DIGITS.get(word[1]!) ?? 0);
  else if (word.length === 1) n = CN_DIGITS.get(word) ?? 0;
  else n = -1;
  if (n < 1 || n > MONTHS_AHEAD)
    throw new UserError(`一次可交 1–${MONTHS_AHEAD} 个月，「${raw.trim()}」不行。`);
  return n;
}
