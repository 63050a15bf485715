import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs, type Dayjs };

/** A calendar day as 'YYYY-MM-DD'. */
export type Day = string;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

const formats = new Map<string, Intl.DateTimeFormat>();

let lastLocal = { minute: NaN, tz: '', text: '' };

/**
 * Local 'YYYY-MM-DD HH:mm' of an instant. On the hot path of every message, so it uses one
 * cached Intl formatter per timezone (dayjs's tz plugin builds one per call), and the text of
 * the last minute asked for: a burst's messages (and one message's several calls) share it.
 */
function local(epochMs: number, tz: string): string {
  const minute = Math.floor(epochMs / 60_000);
  if (minute === lastLocal.minute && tz === lastLocal.tz) return lastLocal.text;
  lastLocal = { minute, tz, text: formatLocal(epochMs, tz) };
  return lastLocal.text;
}

function formatLocal(epochMs: number, tz: string): string {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(tz, f);
  }
  return f.format(epochMs);
}

/** The calendar day an instant falls on in the given timezone. */
export function dayOf(epochMs: number, tz: string): Day {
  return local(epochMs, tz).slice(0, 10);
}

/** 'HH:mm' of an instant in the given timezone. */
export function timeOf(epochMs: number, tz: string): string {
  return local(epochMs, tz).slice(11, 16);
}

/** Minutes since local midnight of an instant. */
export function minuteOfDay(epochMs: number, tz: string): number {
  const hhmm = timeOf(epochMs, tz);
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The instant a wall-clock time in `tz` denotes, e.g. ('2026-11-01', '08:00'). */
export function instantOf(day: Day, hhmm: string, tz: string): number {
  return dayjs.tz(`${day} ${hhmm}`, 'YYYY-MM-DD HH:mm', tz).valueOf();
}

export function isDay(s: string): boolean {
  return DAY_RE.test(s) && dayjs.utc(s).format('YYYY-MM-DD') === s;
}

const DAY_MS = 86_400_000;
const toEpochDay = (day: Day) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));
// The fields, not toISOString (a quarter of the cost): reports and streaks call it per day.
const fromEpochDay = (n: number): Day => {
  const d = new Date(n * DAY_MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())}`;
};

/** Days since 1970-01-01 of a calendar day: a plain integer key for tables and loops. */
export function epochDay(day: Day): number {
  return toEpochDay(day);
}

/** The calendar day `n` days after 1970-01-01. */
export function dayFromEpoch(n: number): Day {
  return fromEpochDay(n);
}

/** Weekday of a calendar day, Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
export function weekdayOf(day: Day): number {
  return ((((toEpochDay(day) + 3) % 7) + 7) % 7) + 1;
}

/** Day arithmetic on calendar dates (no timezone or DST involved); plain integers, as reports loop over it. */
export function addDays(day: Day, n: number): Day {
  return fromEpochDay(toEpochDay(day) + n);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: Day, b: Day): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Every day from start to end, inclusive. */
export function eachDay(start: Day, end: Day): Day[] {
  const out: Day[] = [];
  for (let n = toEpochDay(start), last = toEpochDay(end); n <= last; n++) out.push(fromEpochDay(n));
  return out;
}

/** '11月23日' for replies. */
export function shortDay(day: Day): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** Parses 'HH:mm' (also 'H:mm', '8点', '8点30') into minutes since midnight, or null. */
export function parseHhmm(s: string): number | null {
  const m = /^(\d{1,2})(?::|：|点)(\d{2})?分?$/.exec(s.trim()) ?? /^(\d{1,2})点?$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

export function formatHhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
