import { UserError } from './user-error.js';
import { parseDay } from './dates.js';
import { monthPeriod, quarterPeriod, yearPeriod, type Period } from './period.js';
import { addDays, formatHhmm, instantOf, type Day } from './time.js';

/**
 * 三会一课: the meeting types of the 《中国共产党支部工作条例（试行）》 and how often each is due.
 * 支委会, 党小组会 and 主题党日 monthly; 支部党员大会 and 党课 quarterly; 组织生活会 and 民主评议 yearly.
 */
export const MEETING_KINDS = [
  'general',
  'committee',
  'group',
  'lecture',
  'themeDay',
  'lifeMeeting',
  'review',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export type MeetingCadence = 'month' | 'quarter' | 'year';

export interface MeetingType {
  kind: MeetingKind;
  name: string;
  aliases: string[];
  cadence: MeetingCadence;
  /** Who is expected: every member, or the branch committee (书记 and 委员) for a 支委会. */
  attendees: 'all' | 'committee';
}

/** In the order of the 条例's cadence: monthly, quarterly, yearly. */
export const MEETING_TYPES: readonly MeetingType[] = [
  {
    kind: 'committee',
    name: '支委会',
    aliases: ['支委会议', '支部委员会'],
    cadence: 'month',
    attendees: 'committee',
  },
  { kind: 'group', name: '党小组会', aliases: ['党小组会议', '小组会'], cadence: 'month', attendees: 'all' },
  {
    kind: 'themeDay',
    name: '主题党日',
    aliases: ['主题党日活动', '党日活动'],
    cadence: 'month',
    attendees: 'all',
  },
  {
    kind: 'general',
    name: '支部党员大会',
    aliases: ['党员大会', '支部大会', '党员会'],
    cadence: 'quarter',
    attendees: 'all',
  },
  { kind: 'lecture', name: '党课', aliases: [], cadence: 'quarter', attendees: 'all' },
  { kind: 'lifeMeeting', name: '组织生活会', aliases: [], cadence: 'year', attendees: 'all' },
  { kind: 'review', name: '民主评议', aliases: ['民主评议党员'], cadence: 'year', attendees: 'all' },
];

// A Map, so that user text such as '__proto__' or 'constructor' finds nothing.
const BY_WORD = new Map<string, MeetingType>(
  MEETING_TYPES.flatMap((t) => [t.name, ...t.aliases].map((w): [string, MeetingType] => [w, t])),
);
const BY_KIND = new Map<string, MeetingType>(MEETING_TYPES.map((t) => [t.kind, t]));

export function meetingTypeOf(kind: MeetingKind): MeetingType {
  return BY_KIND.get(kind)!;
}

export const TYPE_LIST = MEETING_TYPES.map((t) => t.name).join('、');

/** The type a secretary wrote; UserError listing the types otherwise. */
export function findMeetingType(word: string): MeetingType {
  const found = BY_WORD.get(word.trim());
  if (!found) throw new UserError(`没有「${word.trim()}」这种会议。会议类型：${TYPE_LIST}。`, true);
  return found;
}

export const CADENCE_NAME: Record<MeetingCadence, string> = {
  month: '每月',
  quarter: '每季度',
  year: '每年',
};

/** The cadence period (month, quarter or year) holding `day`. */
export function cadencePeriodOf(cadence: MeetingCadence, day: Day): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (cadence === 'month') return monthPeriod(y, m);
  if (cadence === 'quarter') return quarterPeriod(y, Math.floor((m - 1) / 3) + 1);
  return yearPeriod(y);
}

/** The cadence periods overlapping [start, end], in order. */
export function cadencePeriods(cadence: MeetingCadence, start: Day, end: Day): Period[] {
  const out: Period[] = [];
  for (
    let p = cadencePeriodOf(cadence, start);
    p.start <= end;
    p = cadencePeriodOf(cadence, addDays(p.end, 1))
  )
    out.push(p);
  return out;
}

/** One type's record over a span: cadence periods owed and those in which it was held. */
export interface Compliance {
  kind: MeetingKind;
  name: string;
  cadence: MeetingCadence;
  /** Cadence periods overlapping the span (from the day the branch began) — 应开. */
  due: number;
  /** Of those, periods with at least one meeting of the type held — 完成. */
  done: number;
  /** Meetings of the type held within the span itself. */
  held: number;
  /** The last owed period runs past the span's end, so it may still be met. */
  running: boolean;
  /** Owed periods with no meeting held. */
  missed: Period[];
}

/**
 * 完成/应开 per type for [start, through]. A period counts as owed when it overlaps the span and
 * ends on or after `since` (the day the branch began to use zhibu); a held meeting anywhere in
 * the period up to `through` meets it (a 党课 in October meets the fourth quarter in November's
 * 汇总 too).
 */
export function compliance(
  held: readonly { kind: MeetingKind; day: Day }[],
  span: { start: Day; through: Day; since: Day },
): Compliance[] {
  return MEETING_TYPES.map((t) => {
    const periods = cadencePeriods(t.cadence, span.start, span.through).filter((p) => p.end >= span.since);
    const days = held.filter((h) => h.kind === t.kind).map((h) => h.day);
    const missed = periods.filter((p) => !days.some((d) => d >= p.start && d <= p.end && d <= span.through));
    return {
      kind: t.kind,
      name: t.name,
      cadence: t.cadence,
      due: periods.length,
      done: periods.length - missed.length,
      held: days.filter((d) => d >= span.start && d <= span.through).length,
      running: periods.length > 0 && periods.at(-1)!.end > span.through,
      missed,
    };
  });
}

/** A 支部党员大会 is quorate when more than half of its 正式党员 attend (预备党员 have no vote). */
export function quorum(fullMembers: number, fullPresent: number): { needed: number; met: boolean } {
  return { needed: Math.floor(fullMembers / 2) + 1, met: fullPresent * 2 > fullMembers };
}

/** Sign-in opens this long before the start. */
export const SIGN_IN_EARLY_MS = 30 * 60_000;
/** A meeting can be called at most this far ahead. */
const MAX_AHEAD_DAYS = 366;
const MAX_PLACE = 50;
const MAX_TOPIC = 200;

export interface MeetingLaunch {
  type: MeetingType;
  startsAt: number;
  day: Day;
  place: string;
  topic: string;
}

export interface Now {
  at: number;
  today: Day;
  tz: string;
}

const DATE =
  '\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}[日号]?|\\d{1,2}[-/.月]\\d{1,2}[日号]?|今天|今日|明天|明日|后天';
const CLOCK = '\\d{1,2}(?::\\d{1,2}|点(?:半|\\d{1,2}分?|钟)?)';
const WHEN_RE = new RegExp(
  `^(?:(?<date>${DATE})\\s*)?(?:(?<half>上午|早上|中午|下午|晚上)\\s*)?(?<clock>${CLOCK})(?=\\s|$)`,
);

/** Minutes since midnight of '15:00', '3点', '3点半', '3点05分' with 下午/晚上 adding 12 hours. */
function clockMinutes(clock: string, half: string | undefined): number | null {
  const m = /^(\d{1,2})(?::(\d{1,2})|点(?:(半)|(\d{1,2})分?|钟)?)$/.exec(clock);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[3] ? 30 : Number(m[2] ?? m[4] ?? 0);
  if ((half === '下午' || half === '晚上') && h < 12) h += 12;
  if (half === '中午' && h < 11) h += 12;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/**
 * Reads `<类型> <时间> [地点] [议题 …]`: the time is '11-20 15:00', '明天 15:00', '2026-11-20 15:00',
 * '11月20日下午3点' or '15:00' (today). The place is the first word after the time (or what
 * follows '地点'); the topic is what follows '议题', or the remaining words. Throws UserError.
 */
export function parseMeetingLaunch(raw: string, now: Now): MeetingLaunch {
  const text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!text) throw new UserError(`请写会议类型和时间。会议类型：${TYPE_LIST}。`, true);
  const space = text.indexOf(' ');
  const type = findMeetingType(space === -1 ? text : text.slice(0, space));
  const rest = space === -1 ? '' : text.slice(space + 1);
  const when = WHEN_RE.exec(rest);
  if (!when) throw new UserError('请写会议开始时间，例如：11-20 15:00、明天 15:00、2026-11-20 15:00。', true);
  const { date, half, clock } = when.groups!;
  const minutes = clockMinutes(clock!, half);
  if (minutes === null) throw new UserError(`「${clock}」不是有效的时刻，请写成 15:00 这样。`);
  const day = date ? parseDay(date, now.today) : now.today;
  if (day > addDays(now.today, MAX_AHEAD_DAYS)) throw new UserError('会议最多提前一年安排。');
  const startsAt = instantOf(day, formatHhmm(minutes), now.tz);
  // The start minute itself still counts: calling '15:00' at 15:00:40 is not in the past.
  if (startsAt + 60_000 <= now.at)
    throw new UserError(`会议时间 ${day} ${formatHhmm(minutes)} 已经过去了，请写将来的时间。`);
  const { place, topic } = placeAndTopic(rest.slice(when[0].length).trim());
  return { type, startsAt, day, place, topic };
}

function placeAndTopic(s: string): { place: string; topic: string } {
  let place = '';
  let topic = '';
  const keyword = /(?:^|\s)议题[:：]?\s*/.exec(s);
  if (keyword) {
    place = s.slice(0, keyword.index).trim();
    topic = s.slice(keyword.index + keyword[0].length).trim();
  } else {
    const words = s.split(' ').filter(Boolean);
    place = words[0] ?? '';
    topic = words.slice(1).join(' ');
  }
  place = place.replace(/^地点[:：]?\s*/, '').trim();
  if (place.length > MAX_PLACE)
    throw new UserError(`地点太长（${place.length} 字），请控制在 ${MAX_PLACE} 字以内。`);
  if (topic.length > MAX_TOPIC)
    throw new UserError(`议题太长（${topic.length} 字），请控制在 ${MAX_TOPIC} 字以内。`);
  return { place, topic };
}

/** Reads a meeting number ('3', '第3号', '#3'); null when empty. Throws UserError otherwise. */
export function parseMeetingNumber(raw: string): number | null {
  const s = raw.normalize('NFKC').trim();
  if (!s) return null;
  const m = /^(?:第|#|No\.?)?\s*(\d{1,6})\s*(?:号|次|场)?(?:会议)?$/i.exec(s);
  if (!m || Number(m[1]) < 1) throw new UserError(`「${s}」不是会议编号，请写数字，例如 3。`, true);
  return Number(m[1]);
}

/** Splits '3 原因…' into the number and the text after it (text may be empty). */
export function splitNumberAndText(raw: string): { number: number | null; text: string } {
  const s = raw.normalize('NFKC').trim();
  const m = /^(?:第|#)?(\d{1,6})(?:号|次|场)?(?:会议)?(?:\s+|$)/.exec(s);
  if (!m) return { number: null, text: s };
  return { number: Number(m[1]), text: s.slice(m[0].length).trim() };
}
