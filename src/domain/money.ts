import Nzh from 'nzh';
import { UserError } from './user-error.js';

/**
 * Money is integer fen (分) end to end. This module turns what members type into fen and fen
 * into what people read: figures ('12,000.00 元') and capitals ('壹万贰仟元整').
 */

/**
 * The largest single amount anything accepts: 1,000,000 元 (一百万元). A branch's care fund holds
 * thousands; anything near 1 亿 is a typo or an attack on the ledger, not money.
 */
export const MAX_FEN = 100_000_000;
const MAX_INPUT = 40;

export type AmountResult = { ok: true; fen: number } | { ok: false; reason: string };

const fail = (reason: string): AmountResult => ({ ok: false, reason });

/** An exact decimal: num / scale, scale a power of ten. */
interface Decimal {
  num: bigint;
  scale: bigint;
}

type Unit = 'yuan' | 'jiao' | 'fen';
const UNIT_WORDS: Record<string, Unit> = {
  元: 'yuan',
  块: 'yuan',
  圆: 'yuan',
  角: 'jiao',
  毛: 'jiao',
  分: 'fen',
};
const UNIT_FEN: Record<Unit, bigint> = { yuan: 100n, jiao: 10n, fen: 1n };
const UNIT_RANK: Record<Unit, number> = { yuan: 3, jiao: 2, fen: 1 };

const CN_DIGITS: Record<string, bigint> = {
  零: 0n,
  〇: 0n,
  一: 1n,
  壹: 1n,
  幺: 1n,
  二: 2n,
  贰: 2n,
  两: 2n,
  兩: 2n,
  三: 3n,
  叁: 3n,
  四: 4n,
  肆: 4n,
  五: 5n,
  伍: 5n,
  六: 6n,
  陆: 6n,
  七: 7n,
  柒: 7n,
  八: 8n,
  捌: 8n,
  九: 9n,
  玖: 9n,
};
const CN_SMALL: Record<string, bigint> = { 十: 10n, 拾: 10n, 百: 100n, 佰: 100n, 千: 1000n, 仟: 1000n };
const CN_BIG: Record<string, bigint> = { 万: 10_000n, 萬: 10_000n, 亿: 100_000_000n, 億: 100_000_000n };
const MULTIPLIERS: Record<string, bigint> = {
  亿: 100_000_000n,
  億: 100_000_000n,
  百: 100n,
  佰: 100n,
  千: 1000n,
  仟: 1000n,
  万: 10_000n,
  萬: 10_000n,
};

const CN_CLASS = '零〇一壹幺二贰两兩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億点點';
const TOKEN = new RegExp(
  `(?:(\\d[\\d,]*(?:\\.\\d+)?)([百佰千仟万萬亿億])?|([${CN_CLASS}]+))([元块圆角毛分])?`,
  'y',
);

/**
 * Parses an amount in yuan as members write it — '50', '50元', '50块', '¥50.5', '５０', '五十元',
 * '一百二十元五角', '三块五', '1.5万', '壹佰贰拾元伍角', '12,000.00 元' — into fen.
 * Never throws: bad input (empty, zero, negative, more than two decimals, not a number, above
 * 1 亿元) gives `{ ok: false, reason }` with a reason a member understands.
 */
export function parseAmount(input: string): AmountResult {
  if (typeof input !== 'string') return fail('请写明金额。');
  let s = input.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (!s) return fail('请写明金额，例如 50 或 五十元。');
  if (s.length > MAX_INPUT) return fail('金额写得太长了，请写成 50、50.5 或 五十元 这样。');
  if (/^[-−负]/.test(s)) return fail('金额不能是负数。');
  s = s
    .replace(/^(?:¥|rmb|cny|人民币)/, '')
    .replace(/块钱/g, '块')
    .replace(/(?<=[元圆块角毛分])[整正]$/, '');
  if (!s) return fail('请写明金额，例如 50 或 五十元。');
  const odd = oddNotation(s);
  if (odd) return fail(odd);

  const parts: { value: Decimal; unit: Unit | null }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < s.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(s);
    if (!m || m.index !== start) return notANumber(input);
    let value: Decimal | string;
    if (m[1] !== undefined) {
      value = arabic(m[1]);
      const mult = m[2] ? MULTIPLIERS[m[2]]! : 1n;
      if (typeof value !== 'string') value = { num: value.num * mult, scale: value.scale };
    } else {
      value = chinese(m[3]!);
    }
    if (typeof value === 'string') return fail(value);
    parts.push({ value, unit: m[4] ? UNIT_WORDS[m[4]]! : null });
  }
  return combine(parts, input);
}

/** Ways of writing a number that are not money, named so the member knows what to change. */
function oddNotation(s: string): string | null {
  if (/\d(?:\.\d*)?e[+-]?\d/.test(s)) return '金额不能用科学计数法（如 1e3），请直接写 1000 这样的数。';
  if (/^0[xob]/.test(s)) return '金额请写十进制数字，例如 16，不能用 0x 之类的写法。';
  if (/\d[-+*/×÷=^]+[\d零一二三四五六七八九十]/.test(s)) return '金额不能写算式，请写算好的数，例如 2。';
  if (/infinity|nan/.test(s)) return '金额必须是具体的数，例如 50。';
  return null;
}

function notANumber(input: string): AmountResult {
  return fail(`看不懂金额「${input.trim().slice(0, MAX_INPUT)}」，请写成 50、50.5、¥50 或 五十元。`);
}

/** Adds up '一百二十元' '五角' '三分'; a bare digit after 元/角 is the next unit ('三块五'). */
function combine(parts: { value: Decimal; unit: Unit | null }[], input: string): AmountResult {
  if (parts.length === 0) return notANumber(input);
  let fen = 0n;
  let last: Unit | null = null;
  for (const [i, part] of parts.entries()) {
    let unit = part.unit;
    if (unit === null) {
      if (i === 0 && parts.length === 1) unit = 'yuan';
      else if (last === 'yuan') unit = 'jiao';
      else if (last === 'jiao') unit = 'fen';
      else return notANumber(input);
      if (i > 0 && i !== parts.length - 1) return notANumber(input);
    }
    if (last !== null && UNIT_RANK[unit] >= UNIT_RANK[last]) return notANumber(input);
    const { num, scale } = part.value;
    if (unit !== 'yuan' && (scale !== 1n || num > 9n)) return notANumber(input);
    if (unit === 'yuan' && scale !== 1n && parts.length > 1) return notANumber(input);
    const scaled = num * UNIT_FEN[unit];
    if (scaled % scale !== 0n) return fail('金额最多精确到分（两位小数）。');
    fen += scaled / scale;
    last = unit;
  }
  if (fen === 0n) return fail('金额必须大于 0。');
  if (fen > BigInt(MAX_FEN)) return fail(`金额过大：单笔最多 ${formatFen(MAX_FEN)}。`);
  return { ok: true, fen: Number(fen) };
}

/** '12,000.50' → 1200050 / 100; thousands separators must group by three. */
function arabic(text: string): Decimal | string {
  const [intPart = '', frac = ''] = text.split('.');
  if (intPart.includes(',') && !/^\d{1,3}(,\d{3})+$/.test(intPart))
    return '千位分隔符的位置不对，请写成 12,000 或 12000。';
  const digits = intPart.replace(/,/g, '') + frac;
  return { num: BigInt(digits), scale: 10n ** BigInt(frac.length) };
}

/** Chinese numerals, lower-case or capitals, with '点' for decimals: '一百二十', '一万二', '十二点五'. */
function chinese(text: string): Decimal | string {
  const bad = `看不懂数字「${text}」。`;
  const [intText = '', fracText, extra] = text.split(/[点點]/);
  if (extra !== undefined || !intText) return bad;
  let num = 0n;
  let scale = 1n;
  if (fracText !== undefined) {
    if (!fracText) return bad;
    for (const ch of fracText) {
      const d = CN_DIGITS[ch];
      if (d === undefined) return bad;
      num = num * 10n + d;
      scale *= 10n;
    }
  }
  const whole = chineseInteger(intText);
  if (whole === undefined) return bad;
  return { num: whole * scale + num, scale };
}

function chineseInteger(text: string): bigint | undefined {
  let total = 0n;
  let section = 0n;
  let digit: bigint | null = null;
  let lastSmall = 10_000n;
  let lastBig = 10n ** 16n;
  let lastUnit: bigint | null = null;
  let sawZero = false;
  for (const ch of text) {
    const d = CN_DIGITS[ch];
    const small = CN_SMALL[ch];
    const big = CN_BIG[ch];
    if (d !== undefined) {
      if (digit !== null) return undefined; // '五五': digits need a unit between them
      if (d === 0n) sawZero = true;
      else digit = d;
    } else if (small !== undefined) {
      if (small >= lastSmall) return undefined;
      // '十五' means 15; '百' or '千' alone is not a number anyone writes.
      if (digit === null && !(small === 10n && section === 0n)) return undefined;
      section += (digit ?? 1n) * small;
      digit = null;
      lastSmall = small;
      lastUnit = small;
      sawZero = false;
    } else if (big !== undefined) {
      if (big >= lastBig) return undefined;
      const sec = section + (digit ?? 0n);
      if (sec === 0n) return undefined;
      total += sec * big;
      section = 0n;
      digit = null;
      lastSmall = 10_000n;
      lastBig = big;
      lastUnit = big;
      sawZero = false;
    } else {
      return undefined;
    }
  }
  if (digit !== null) {
    // '一百二' is 120 and '一万二' 12,000 (spoken shorthand); '一百零二' is 102.
    section += !sawZero && lastUnit !== null && lastUnit >= 100n ? digit * (lastUnit / 10n) : digit;
  }
  const value = total + section;
  if (value === 0n && !sawZero) return undefined;
  return value;
}

/** Like parseAmount, but throws UserError (and nothing else) on bad input. */
export function amountOrThrow(input: string): number {
  const result = parseAmount(input);
  if (!result.ok) throw new UserError(result.reason);
  return result.fen;
}

/** Figures with thousands separators and two decimals: 1200000 → '12,000.00 元'. */
export function formatFen(fen: number): string {
  return `${formatYuan(fen)} 元`;
}

/** Like formatFen without the unit: '12,000.00', '-5.50'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The amount in capitals as on a receipt: 5000 → '伍拾元整', 12050 → '壹佰贰拾元伍角',
 * 105 → '壹元零伍分', 10001000 → '壹拾万零壹拾元整'. Negative amounts get a leading '负'.
 * nzh writes them; it takes a decimal string, written here without trailing zeros so that it
 * adds 整 exactly to whole yuan.
 */
export function capitals(fen: number): string {
  if (fen < 0) return `负${capitals(-fen)}`;
  const whole = Math.floor(fen / 100);
  const cents = Math.trunc(fen) % 100;
  if (whole === 0 && cents === 0) return '零元整';
  const text = cents === 0 ? `${whole}` : `${whole}.${String(cents).padStart(2, '0')}`.replace(/0$/, '');
  return Nzh.cn.toMoney(text, { outSymbol: false });
}
