import { formatFen } from './money.js';

/**
 * 党费 as pure rules: the monthly standard from a base and category by the 2008 中组部 rule
 * (《关于中国共产党党费收缴、使用和管理的规定》), months as 'YYYY-MM', and which months a
 * member's payments cover (oldest first; what is left over is credit towards the next month).
 */

export type Month = string;

export const DUES_CATEGORIES = ['在职', '离退休', '学生', '下岗', '低保', '农民'] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

/** Words a secretary may write for each category. A Map: no user word reaches a prototype. */
const CATEGORY_WORDS = new Map<string, DuesCategory>([
  ['在职', '在职'],
  ['在岗', '在职'],
  ['离退休', '离退休'],
  ['退休', '离退休'],
  ['离休', '离退休'],
  ['学生', '学生'],
  ['下岗', '下岗'],
  ['失业', '下岗'],
  ['低保', '低保'],
  ['农民', '农民'],
]);

export function parseCategory(word: string): DuesCategory | undefined {
  return CATEGORY_WORDS.get(word.replace(/党员$/, ''));
}

/** Monthly bases above this (fen: 200,000 元) are typos, not incomes. */
export const MAX_BASE_FEN = 20_000_000;
/** A directly set standard above this (fen: 10,000 元 a month) is a typo. */
export const MAX_STANDARD_FEN = 1_000_000;
const FLAT_FEN = 20;
const FARMER_MAX_FEN = 100;

export type StandardResult = { ok: true; monthlyFen: number; rule: string } | { ok: false; reason: string };

/** Bands as [upper bound of the base in fen (inclusive), rate in permille]. */
const BANDS: Record<'在职' | '离退休', [number, number, string][]> = {
  在职: [
    [300_000, 5, '3,000 元以下（含）'],
    [500_000, 10, '3,000–5,000 元（含）'],
    [1_000_000, 15, '5,000–10,000 元（含）'],
    [Infinity, 20, '10,000 元以上'],
  ],
  离退休: [
    [500_000, 5, '5,000 元以下（含）'],
    [Infinity, 10, '5,000 元以上'],
  ],
};

/** Fen, rounded half up: 6,000 元 × 1.5% = 90.00 元; 3,333.33 元 × 1% = 33.33 元. */
const permille = (fen: number, pm: number) => Math.round((fen * pm) / 1000);

/**
 * The monthly standard for a category. 在职 and 离退休: `baseFen` is the monthly income the
 * rule applies to. 学生、下岗、低保: 0.20 元 whatever the base. 农民: 0.20–1.00 元 a month, so
 * `baseFen` (if given) is that amount, not an income.
 */
export function standardFromBase(category: DuesCategory, baseFen: number | null): StandardResult {
  if (category === '学生' || category === '下岗' || category === '低保')
    return { ok: true, monthlyFen: FLAT_FEN, rule: `${category}党员每月 ${formatFen(FLAT_FEN)}` };
  if (category === '农民') {
    const fen = baseFen ?? FLAT_FEN;
    if (fen < FLAT_FEN || fen > FARMER_MAX_FEN)
      return {
        ok: false,
        reason: `农民党员每月交纳 0.20–1.00 元，请直接写这个金额，例如「0.5 农民」（这次是 ${formatFen(fen)}）。`,
      };
    return { ok: true, monthlyFen: fen, rule: `农民党员每月 0.20–1.00 元，按 ${formatFen(fen)}` };
  }
  if (baseFen === null || baseFen <= 0)
    return { ok: false, reason: `${category}党员请写明每月工资收入（税后），例如「6000 ${category}」。` };
  if (baseFen > MAX_BASE_FEN)
    return {
      ok: false,
      reason: `月收入 ${formatFen(baseFen)} 超出常理（上限 ${formatFen(MAX_BASE_FEN)}），请核对后再设；确有特殊情况请用「设置 党费 @某人 金额」直接设标准。`,
    };
  const [, pm, band] = BANDS[category].find(([upper]) => baseFen <= upper)!;
  const monthlyFen = Math.max(1, permille(baseFen, pm));
  return {
    ok: true,
    monthlyFen,
    rule: `${category}党员月收入 ${formatFen(baseFen)}，${band}档按 ${pm / 10}%`,
  };
}

// Months ------------------------------------------------------------------------------------

export const monthOf = (day: string): Month => day.slice(0, 7);

export function addMonths(month: Month, n: number): Month {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `a` to `b` inclusive (empty when b < a). */
export function monthsFrom(a: Month, b: Month): Month[] {
  const out: Month[] = [];
  for (let m = a; m <= b && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** '2026-11' → '2026年11月'. */
export const monthLabel = (m: Month) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** How far ahead anything may be dated or prepaid: a year. */
export const MONTHS_AHEAD = 12;

// Standards and coverage ---------------------------------------------------------------------

export interface Standard {
  fromMonth: Month;
  monthlyFen: number;
}

/**
 * The standard for `month`: the latest set from a month at or before it (in the order given,
 * which is the order they were set). Undefined before the first.
 */
export function standardFor(standards: readonly Standard[], month: Month): Standard | undefined {
  let found: Standard | undefined;
  for (const s of standards)
    if (s.fromMonth <= month && (!found || s.fromMonth >= found.fromMonth)) found = s;
  return found;
}

export interface Coverage {
  /** Months fully paid, oldest first, from the first month with a standard. */
  covered: Month[];
  /** The first month not covered. */
  next: Month;
  /** Paid beyond the covered months, towards `next`. */
  creditFen: number;
}

/**
 * Which months `paidFen` covers, oldest first from the first standard's month, never beyond
 * `lastMonth`: a month is covered once the money left reaches its standard.
 */
export function coverage(standards: readonly Standard[], paidFen: number, lastMonth: Month): Coverage {
  const first = standards.reduce<Month | undefined>(
    (min, s) => (min === undefined || s.fromMonth < min ? s.fromMonth : min),
    undefined,
  );
  const covered: Month[] = [];
  if (first === undefined) return { covered, next: lastMonth, creditFen: paidFen };
  let left = paidFen;
  let m = first;
  while (m <= lastMonth) {
    const due = standardFor(standards, m)!.monthlyFen;
    if (left < due) break;
    left -= due;
    covered.push(m);
    m = addMonths(m, 1);
  }
  return { covered, next: m, creditFen: left };
}

/** What the months [from, to] of the standards add up to (months before the first count 0). */
export function dueBetween(standards: readonly Standard[], from: Month, to: Month): number {
  return monthsFrom(from, to).reduce((sum, m) => sum + (standardFor(standards, m)?.monthlyFen ?? 0), 0);
}

/** The first month of the standards, if any. */
export function firstMonth(standards: readonly Standard[]): Month | undefined {
  return standards.reduce<Month | undefined>(
    (min, s) => (min === undefined || s.fromMonth < min ? s.fromMonth : min),
    undefined,
  );
}

/** Months owed up to and including `month`: from the first uncovered one (empty if paid up). */
export function owedThrough(standards: readonly Standard[], c: Coverage, month: Month): Month[] {
  const first = firstMonth(standards);
  if (first === undefined) return [];
  return monthsFrom(c.next > first ? c.next : first, month);
}
