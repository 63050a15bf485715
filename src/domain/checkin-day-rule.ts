import { UserError } from './user-error.js';

/**
 * A branch's check-in-day rule (`设置 打卡日 …`, DESIGN §5): the official working days (the
 * default), every day, or listed weekdays (Monday = 1 … Sunday = 7). Statutory holidays and
 * 调休 apply to the working-day rule only: a branch that lists its weekdays has chosen them.
 */
export type CheckinDayRule =
  { kind: 'workdays' } | { kind: 'everyday' } | { kind: 'weekdays'; weekdays: readonly number[] };

export const DEFAULT_CHECKIN_DAY_RULE: CheckinDayRule = { kind: 'workdays' };

export const CHECKIN_DAY_RULE_HELP =
  '工作日（默认：周一至周五，按国家法定节假日放假、调休上班）、每天，或列出星期几，如 一至六、一三五、周一、三、五';

const WORKDAY_WORDS = new Set(['工作日', '法定工作日', '默认', '上班日', 'workdays', 'workday']);
const EVERYDAY_WORDS = new Set(['每天', '每日', '天天', '全部', '全天', 'everyday', 'daily']);
/** Weekday characters; '天' and '日' are both Sunday, digits 1–7 count from Monday. */
const WEEKDAY_CHARS = new Map<string, number>([
  ...[...'一二三四五六'].map((c, i) => [c, i + 1] as [string, number]),
  ['日', 7],
  ['天', 7],
  ['七', 7],
  ...[...'1234567'].map((c, i) => [c, i + 1] as [string, number]),
]);
const RANGE_MARKS = new Set(['至', '到', '-', '~', '—', '–']);
const LIST_MARKS = new Set(['、', ',', '，', '/', ';', '；', '和', '及']);
const NAMES = ['一', '二', '三', '四', '五', '六', '日'];

function bad(input: string, why = ''): UserError {
  return new UserError(`看不懂打卡日「${input.slice(0, 40)}」${why}。可以写：${CHECKIN_DAY_RULE_HELP}。`);
}

/**
 * Reads what a secretary typed after `设置 打卡日`: '工作日', '每天', '一至六', '一三五',
 * '一、三、五', '周一至周五', '星期一到星期六', '周一、三、五'. Throws UserError on anything else.
 */
export function parseCheckinDayRule(input: string): CheckinDayRule {
  const s = String(input).normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (!s) throw bad(input, '：没有写内容');
  if (WORKDAY_WORDS.has(s)) return { kind: 'workdays' };
  if (EVERYDAY_WORDS.has(s)) return { kind: 'everyday' };
  // The weekday words carry no information once we know it is a weekday list.
  const body = s.replace(/^每/, '').replace(/星期|礼拜|周/g, '');
  if (!body) throw bad(input);
  const days = new Set<number>();
  let i = 0;
  const chars = [...body];
  while (i < chars.length) {
    const c = chars[i]!;
    if (LIST_MARKS.has(c)) {
      i++;
      continue;
    }
    const from = WEEKDAY_CHARS.get(c);
    if (from === undefined) throw bad(input, `：「${c}」不是星期几`);
    if (i + 1 < chars.length && RANGE_MARKS.has(chars[i + 1]!)) {
      const to = WEEKDAY_CHARS.get(chars[i + 2] ?? '');
      if (to === undefined) throw bad(input, '：范围要写两头，例如 一至五');
      if (to < from) throw bad(input, '：范围请从周一往后写，例如 一至六');
      for (let d = from; d <= to; d++) days.add(d);
      i += 3;
    } else {
      days.add(from);
      i++;
    }
  }
  if (days.size === 0) throw bad(input);
  if (days.size === 7) return { kind: 'everyday' };
  return { kind: 'weekdays', weekdays: [...days].sort((a, b) => a - b) };
}

/**
 * The rule as replies and the `设置` listing show it, readable back by parseCheckinDayRule:
 * '工作日', '每天', '周一至周六', '周一、三、五', '周一至周三、五'.
 */
export function formatCheckinDayRule(rule: CheckinDayRule): string {
  if (rule.kind === 'workdays') return '工作日';
  if (rule.kind === 'everyday') return '每天';
  const parts: string[] = [];
  const days = [...new Set(rule.weekdays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    // Three or more in a row read better as a range: 一至三; two stay a list: 一、二.
    if (j - i >= 2) {
      parts.push(`${NAMES[days[i]! - 1]}至${NAMES[days[j]! - 1]}`);
      i = j + 1;
    } else {
      parts.push(NAMES[days[i]! - 1]!);
      i++;
    }
  }
  return `周${parts.join('、')}`;
}
