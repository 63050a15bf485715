import { UserError } from './user-error.js';
import { parseDay } from './dates.js';
import { findDurations, normalizeTitle } from './study.js';
import { addDays, formatHhmm, instantOf, shortDay, timeOf, dayOf, type Day } from './time.js';

export interface SessionOpenInput {
  topic: string;
  /** The instant after which a sign-in no longer counts for the session; null: until 结束学习. */
  deadlineAt: number | null;
  /** The session's planned length: what a sign-in without its own duration counts. */
  plannedMinutes: number | null;
}

export interface Now {
  at: number;
  today: Day;
  tz: string;
}

/** A deadline can be set at most this far ahead. */
const MAX_AHEAD_DAYS = 366;

const DATE =
  '\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?|\\d{1,2}[-/.月]\\d{1,2}[日号]?|今天|今日|明天|明日|后天|今晚|明晚';
const TIME = '\\d{1,2}(?::\\d{1,2}|点(?:半|\\d{1,2}分?|钟)?)';
// '截止 21:00', '截止 11-30 18:00', '截至明晚8点', '截止 明天'.
const KEYWORD_RE = new RegExp(`(?:截止|截至)(?:时间|到)?[\\s:]*(?<date>${DATE})?\\s*(?<time>${TIME})?`);
// Without the keyword only an unmistakable clock time counts: '21:00', '11-30 18:00'.
const BARE_RE =
  /(?<![\d:.-])(?:(?<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2})\s+)?(?<time>\d{1,2}:\d{2})(?![\d:])/;

/** Minutes since midnight of '21:00', '9点', '9点半', '9点05分'; null when not a time of day. */
function clockMinutes(s: string, evening: boolean): number | null {
  const m = /^(\d{1,2})(?::(\d{1,2})|点(?:(半)|(\d{1,2})分?|钟)?)$/.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[3] ? 30 : Number(m[2] ?? m[4] ?? 0);
  if (evening && h < 12) h += 12;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** 'X月X日 HH:mm', or just 'HH:mm' when the instant is today. */
export function formatDeadline(deadlineAt: number, now: Now): string {
  const day = dayOf(deadlineAt, now.tz);
  return day === now.today
    ? `今天 ${timeOf(deadlineAt, now.tz)}`
    : `${shortDay(day)} ${timeOf(deadlineAt, now.tz)}`;
}

/**
 * The deadline a secretary wrote. A time alone means today, or tomorrow when that time has
 * already passed today (opening at 22:00 with '截止 08:00' means the next morning). A date alone
 * means the end of that day. An explicit date and time in the past is refused. Throws UserError.
 */
export function resolveDeadline(date: string | undefined, time: string | undefined, now: Now): number {
  const evening = date === '今晚' || date === '明晚';
  const dayWord = date === '今晚' ? '今天' : date === '明晚' ? '明天' : date;
  const day = dayWord ? parseDay(dayWord, now.today) : now.today;
  let minutes = 23 * 60 + 59;
  if (time) {
    const m = clockMinutes(time, evening);
    if (m === null) throw new UserError(`无法识别的截止时间「${time}」，请写成 21:00 这样的时刻。`);
    minutes = m;
  }
  let deadline = instantOf(day, formatHhmm(minutes), now.tz);
  if (deadline <= now.at) {
    if (date) throw new UserError(`截止时间 ${shortDay(day)} ${formatHhmm(minutes)} 已经过去了。`);
    deadline = instantOf(addDays(now.today, 1), formatHhmm(minutes), now.tz);
  }
  if (day > addDays(now.today, MAX_AHEAD_DAYS)) throw new UserError(`截止时间最多设在一年以内。`);
  return deadline;
}

/**
 * Reads `发起学习 主题 [截止 HH:mm|日期 时间] [时长]`: a topic (required, in 《》 or plain words),
 * an optional deadline and an optional planned duration, in any order after the topic.
 * Throws UserError naming what is missing or wrong.
 */
export function parseSessionOpen(raw: string, now: Now): SessionOpenInput {
  let text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  let deadlineAt: number | null = null;
  const masked = text.replace(/《[^《》]*》/g, (t) => '□'.repeat(t.length));
  const m = KEYWORD_RE.exec(masked) ?? BARE_RE.exec(masked);
  if (m) {
    const { date, time } = m.groups ?? {};
    if (!date && !time)
      throw new UserError('「截止」后面请写时间，例如：截止 21:00、截止 11-30 18:00。', true);
    deadlineAt = resolveDeadline(date, time, now);
    text = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`;
  }
  const durations = findDurations(text);
  if (durations.length > 1) throw new UserError('请只写一个学习时长。', true);
  let plannedMinutes: number | null = null;
  const d = durations[0];
  if (d) {
    if (!d.result.ok) throw new UserError(d.result.error);
    plannedMinutes = d.result.value;
    text = `${text.slice(0, d.start)} ${text.slice(d.end)}`;
  }
  const topic = normalizeTitle(text);
  if (!topic.ok) throw new UserError(topic.error.replace('课程名', '学习主题'));
  if (!topic.value) throw new UserError('请写明学习主题。', true);
  return { topic: topic.value, deadlineAt, plannedMinutes };
}
