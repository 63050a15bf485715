/**
 * Pure rules for study sign-ins (在线教育签到): durations and course titles as members type them.
 * Nothing here throws: every parser returns a result, so any text a member sends gets an answer.
 */

/** One sign-in never counts for more than a day of study. */
export const MAX_STUDY_MINUTES = 24 * 60;
export const MAX_TITLE = 60;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_NUM = '[零〇一二两三四五六七八九十百]+';
const NUM = `(?:\\d+(?:\\.\\d+)?|${CN_NUM})`;

/** A Chinese integer up to 999 ('十五', '一百二十', '两'), or null. */
export function parseChineseInt(s: string): number | null {
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = 1000;
  for (const ch of s) {
    if (ch === '百' || ch === '十') {
      const unit = ch === '百' ? 100 : 10;
      if (unit >= lastUnit) return null;
      total += (digit ?? (unit === 10 && total === 0 ? 1 : NaN)) * unit;
      if (Number.isNaN(total)) return null;
      digit = null;
      lastUnit = unit;
    } else {
      if (digit !== null && digit !== 0) return null;
      digit = CN_DIGITS[ch]!;
    }
  }
  return total + (digit ?? 0);
}

function toNumber(s: string): number | null {
  if (/^\d/.test(s)) return Number(s);
  return parseChineseInt(s);
}

// Hours: '1小时', '1.5小时', '一个半小时', '两个钟头', '2h', '2 hours'; optionally followed by minutes
// ('1小时30分钟', '1h30m', '1小时30'). Minutes alone: '30分钟', '30分', '90min', '二十分钟'.
// Also '半小时', '一刻钟'. The unit groups tell the evaluation below what was matched.
const DURATION_RE = new RegExp(
  [
    `(?<hnum>${NUM})\\s*(?<hunit>个半小时|个半钟头|个半钟|个小时|个钟头|个钟|小时|钟头|hours?(?![a-z])|hrs?(?![a-z])|h(?![a-z]))` +
      `(?:\\s*(?:又|零)?\\s*(?<tnum>${NUM})\\s*(?<tunit>分钟|分(?![\\u3400-\\u9fff])|minutes?(?![a-z])|mins?(?![a-z])|m(?![a-z])|(?=\\s|$)))?`,
    `(?<half>半个?(?:小时|钟头|钟))`,
    `(?<qnum>${NUM})\\s*刻钟`,
    `(?<mnum>${NUM})\\s*(?<munit>分钟|分(?![\\u3400-\\u9fff])|minutes?(?![a-z])|mins?(?![a-z])|m(?![a-z]))`,
  ].join('|'),
  'gi',
);

export interface DurationMatch {
  start: number;
  end: number;
  /** The parsed minutes, or why the text that looks like a duration is not acceptable. */
  result: Parsed<number>;
}

function evaluate(groups: Record<string, string | undefined>): Parsed<number> | null {
  let minutes: number;
  const { hnum, hunit, tnum, tunit, half, qnum, mnum, munit } = groups;
  if (half) {
    minutes = 30;
  } else if (hnum && hunit) {
    const h = toNumber(hnum);
    if (h === null) return null;
    minutes = h * 60 + (hunit.startsWith('个半') ? 30 : 0);
    if (tnum) {
      const t = toNumber(tnum);
      if (t === null) return null;
      // '一小时三十' is fine, but a Chinese numeral with a bare '分' reads like '十分' (very).
      if (tunit === '分' && !/^\d/.test(tnum)) return null;
      minutes += t;
    }
  } else if (qnum) {
    const q = toNumber(qnum);
    if (q === null) return null;
    minutes = q * 15;
  } else if (mnum && munit) {
    if (munit === '分' && !/^\d/.test(mnum)) return null;
    const m = toNumber(mnum);
    if (m === null) return null;
    minutes = m;
  } else {
    return null;
  }
  if (!Number.isFinite(minutes) || minutes > MAX_STUDY_MINUTES) {
    return { ok: false, error: `学习时长最多 ${MAX_STUDY_MINUTES / 60} 小时。` };
  }
  const rounded = Math.round(minutes);
  if (rounded < 1) return { ok: false, error: '学习时长至少 1 分钟。' };
  return { ok: true, value: rounded };
}

/**
 * Every duration in `text` with its position. Text inside 《》 is not searched, so a title
 * like 《一小时读懂党史》 is not a duration. A duration written with a minus sign is reported as
 * an error rather than read as positive.
 */
export function findDurations(text: string): DurationMatch[] {
  const masked = maskTitles(text);
  const out: DurationMatch[] = [];
  for (const m of masked.matchAll(DURATION_RE)) {
    const start = m.index;
    const before = masked.charAt(start - 1);
    const first = m[0].charAt(0);
    // Part of a longer number or word ('v2.5h', 'abc3m'), or of a longer Chinese numeral.
    if (/[0-9.a-z]/i.test(before) && /[0-9.]/.test(first)) continue;
    if (/[a-z]/i.test(before) && /[0-9]/.test(first)) continue;
    const result = evaluate(m.groups ?? {});
    if (!result) continue;
    // '-30分钟' is a negative duration; '1-2小时' is a range whose end is read as the duration.
    const negative =
      (before === '-' || before === '−') && !/[0-9a-z\u3400-\u9fff]/i.test(masked.charAt(start - 2));
    out.push({
      start: negative ? start - 1 : start,
      end: start + m[0].length,
      result: negative ? { ok: false, error: '学习时长不能是负数。' } : result,
    });
  }
  return out;
}

/** Replaces the inside of each 《…》 with placeholders of the same length, so indices still match. */
function maskTitles(text: string): string {
  return text.replace(/《[^《》]*》/g, (t) => '□'.repeat(t.length));
}

/**
 * A text that is exactly one duration ('30分钟', '一个半小时', '90min') → its minutes (1..1440),
 * an error for a duration out of range, or null when the text is not a duration.
 */
export function parseDuration(text: string): Parsed<number> | null {
  const s = text.normalize('NFKC').trim();
  const found = findDurations(s);
  if (found.length !== 1) return null;
  const [m] = found as [DurationMatch];
  return m.start === 0 && m.end === s.length ? m.result : null;
}

/**
 * Tidies a course title: spaces collapsed, separators at the ends dropped, a title that is one
 * 《…》 stored without the brackets (so 《党章》 and 党章 are one course). Empty means none.
 */
export function normalizeTitle(raw: string): Parsed<string> {
  let s = raw
    .normalize('NFKC')
    .replace(/《\s*》/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,，、;；:：。.!！~\-—]+|[\s,，、;；:：。.!！~\-—]+$/g, '');
  const whole = /^《([^《》]+)》$/.exec(s);
  if (whole) s = whole[1]!.trim();
  // An unclosed bracket is a typo, not part of the name.
  if ((s.match(/《/g)?.length ?? 0) !== (s.match(/》/g)?.length ?? 0)) s = s.replace(/[《》]/g, '').trim();
  if (s.length > MAX_TITLE)
    return { ok: false, error: `课程名太长（${s.length} 字），请控制在 ${MAX_TITLE} 字以内。` };
  return { ok: true, value: s };
}

/** How a course is shown: in 《》 unless it already has them. */
export function displayTitle(title: string): string {
  return title.includes('《') ? title : `《${title}》`;
}

export interface StudyInput {
  /** A session picked by its number ('学习签到 2', '学习签到 第2期'). */
  sessionNo: number | null;
  course: string;
  minutes: number | null;
}

const SESSION_NO = /^(?:第|#)?(\d{1,6})(?:期|场|号)?$/;

/**
 * Reads what follows 学习签到: an optional session number first, then a course (in 《》 or plain
 * words) and a duration in any order. Never throws; `error` says what a member must fix.
 */
export function parseStudyInput(raw: string): Parsed<StudyInput> {
  let text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  let sessionNo: number | null = null;
  const firstToken = text.split(' ')[0] ?? '';
  const no = SESSION_NO.exec(firstToken);
  if (no) {
    sessionNo = Number(no[1]);
    if (sessionNo < 1) return { ok: false, error: `没有第 ${no[1]} 期学习。` };
    text = text.slice(firstToken.length).trim();
  }
  const durations = findDurations(text);
  if (durations.length > 1) {
    return {
      ok: false,
      error: `写了 ${durations.length} 个时长（${durations.map((d) => text.slice(d.start, d.end)).join('、')}），请只写一个。`,
    };
  }
  let minutes: number | null = null;
  const d = durations[0];
  if (d) {
    if (!d.result.ok) return d.result;
    minutes = d.result.value;
    text = `${text.slice(0, d.start)} ${text.slice(d.end)}`;
  }
  const title = normalizeTitle(text);
  if (!title.ok) return title;
  return { ok: true, value: { sessionNo, course: title.value, minutes } };
}

/** '90 分钟'. */
export function formatMinutes(minutes: number): string {
  return `${minutes} 分钟`;
}

/** Minutes as hours with at most one decimal: 90 → '1.5', 120 → '2'. */
export function formatHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 10) / 10);
}
