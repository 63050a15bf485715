import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/domain/user-error.js';
import { splitAmountAndNote } from '../../src/domain/amount-note.js';
import { parsePlainInteger, parsePlainNumber } from '../../src/domain/plain-number.js';
import {
  amountOrThrow,
  capitals,
  formatFen,
  formatYuan,
  MAX_FEN,
  parseAmount,
} from '../../src/domain/money.js';

const fenOf = (s: string) => {
  const r = parseAmount(s);
  return r.ok ? r.fen : r.reason;
};

/** Lower-case numerals from the capitals, e.g. 壹佰贰拾元伍角 → 一百二十元五角. */
const lower = (s: string) =>
  s.replace(
    /[壹贰叁肆伍陆柒捌玖拾佰仟]/g,
    (c) => '一二三四五六七八九十百千'['壹贰叁肆伍陆柒捌玖拾佰仟'.indexOf(c)]!,
  );

const AMOUNT_CHARS = [
  ...'0123456789.,-¥￥元块钱圆角毛分整零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点 ５０a',
];

describe('parseAmount', () => {
  it.each([
    ['50', 5000],
    ['50元', 5000],
    ['50块', 5000],
    ['50块钱', 5000],
    ['¥50.5', 5050],
    ['￥50.50', 5050],
    ['５０', 5000],
    ['五十元', 5000],
    ['五十元整', 5000],
    ['一百二十元五角', 12050],
    ['三块五', 350],
    ['五毛五', 55],
    ['一百零二', 10200],
    ['一百二', 12000],
    ['一万二', 1_200_000],
    ['两千', 200_000],
    ['十二点五元', 1250],
    ['1.5万', 1_500_000],
    ['12,000.00 元', 1_200_000],
    ['壹佰贰拾元伍角', 12050],
    ['伍拾元整', 5000],
    ['壹元零伍分', 105],
    ['0.01', 1],
    ['1,000,000', 100_000_000],
    ['一百万元', 100_000_000],
    ['¥0.5', 50],
  ])('reads %s as %i fen', (input, fen) => {
    expect(fenOf(input)).toBe(fen);
  });

  it.each([
    ['0', '大于 0'],
    ['零元', '大于 0'],
    ['-50', '负数'],
    ['负五十', '负数'],
    ['50.555', '两位小数'],
    ['0.001', '两位小数'],
    ['abc', '看不懂'],
    ['五五', '看不懂'],
    ['50元五十', '看不懂'],
    ['1,00', '千位分隔符'],
    ['', '请写明金额'],
    ['100000000.01', '金额过大'],
    ['一百亿', '金额过大'],
    ['1亿', '金额过大'],
    ['1.5亿元', '金额过大'],
    ['1000000.01', '金额过大'],
    ['1e20', '科学计数法'],
    ['5e2', '科学计数法'],
    ['1e3元', '科学计数法'],
    ['1.5E3', '科学计数法'],
    ['5-3', '算式'],
    ['5+3', '算式'],
    ['2*3元', '算式'],
    ['0x10', '十进制'],
    ['0b101', '十进制'],
    ['50.123', '两位小数'],
    ['Infinity', '具体的数'],
    ['NaN', '具体的数'],
    ['__proto__', '看不懂'],
    ['constructor', '看不懂'],
    ['valueOf', '看不懂'],
  ])('refuses %s with a reason', (input, reason) => {
    const r = parseAmount(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('never throws, and anything it accepts is a positive whole number of fen within the cap', () => {
    const check = (s: string) => {
      const r = parseAmount(s);
      if (r.ok) {
        expect(Number.isSafeInteger(r.fen)).toBe(true);
        expect(r.fen).toBeGreaterThan(0);
        expect(r.fen).toBeLessThanOrEqual(MAX_FEN);
      } else {
        expect(r.reason.length).toBeGreaterThan(0);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 60 }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...AMOUNT_CHARS), maxLength: 16 }), check), {
      numRuns: 3000,
    });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), check), { numRuns: 500 });
  });

  it('amountOrThrow lets no exception but UserError escape', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...AMOUNT_CHARS), maxLength: 16 }), (s) => {
        try {
          const fen = amountOrThrow(s);
          expect(fen).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every amount it formats: figures, capitals and lower-case numerals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), (fen) => {
        expect(fenOf(formatFen(fen))).toBe(fen);
        expect(fenOf(formatYuan(fen).replace(/,/g, ''))).toBe(fen);
        expect(fenOf(`¥${formatYuan(fen)}`)).toBe(fen);
        expect(fenOf(capitals(fen))).toBe(fen);
        expect(fenOf(lower(capitals(fen)))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads whole yuan as 100 fen each, in figures and with 元/块', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_FEN / 100 }),
        fc.constantFrom('', '元', '块', '块钱', '元整'),
        (yuan, unit) => {
          expect(fenOf(`${yuan}${unit}`)).toBe(yuan * 100);
        },
      ),
    );
  });

  it('refuses amounts above the cap, zero and negatives however they are written', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_FEN + 1, max: MAX_FEN * 100 }), (fen) => {
        expect(parseAmount(formatFen(fen)).ok).toBe(false);
        expect(parseAmount(capitals(fen)).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), (fen) => {
        expect(parseAmount(`-${formatYuan(fen)}`).ok).toBe(false);
        expect(parseAmount(`负${capitals(fen)}`).ok).toBe(false);
      }),
    );
    expect(parseAmount('0.00').ok).toBe(false);
  });
});

describe('formatting', () => {
  it('shows figures with separators and two decimals', () => {
    expect(formatFen(1_200_000)).toBe('12,000.00 元');
    expect(formatFen(5)).toBe('0.05 元');
    expect(formatFen(-8800)).toBe('-88.00 元');
  });

  it.each([
    [5000, '伍拾元整'],
    [12050, '壹佰贰拾元伍角'],
    [105, '壹元零伍分'],
    [55, '伍角伍分'],
    [1000, '壹拾元整'],
    [10_001_000, '壹拾万零壹拾元整'],
    [100_050_000, '壹佰万零伍佰元整'],
    [1_200_000, '壹万贰仟元整'],
    [MAX_FEN, '壹佰万元整'],
    [10_000_000_000, '壹亿元整'],
    [0, '零元整'],
    [-12050, '负壹佰贰拾元伍角'],
  ])('writes %i fen in capitals as %s', (fen, text) => {
    expect(capitals(fen)).toBe(text);
  });
});

/** Pieces attackers and typists combine: exponents, units, operators, prototype words, huge numbers. */
const NASTY = [
  '1e20',
  'e',
  'E',
  '+',
  '-',
  '0x',
  '亿',
  '万',
  '元',
  '角',
  '分',
  '整',
  '¥',
  '.',
  ',',
  '５',
  '9'.repeat(30),
  '__proto__',
  'constructor',
  'valueOf',
  'toString',
  'Infinity',
  'NaN',
  ' ',
  '慰问',
  '七一',
  '\u0000',
  '💰',
];

describe('amounts against exponents, units, prototype words and huge inputs', () => {
  it('parseAmount never throws and accepts nothing above the cap or with an exponent', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NASTY), { maxLength: 8 }), (pieces) => {
        const s = pieces.join('');
        const r = parseAmount(s);
        if (r.ok) {
          expect(r.fen).toBeLessThanOrEqual(MAX_FEN);
          expect(s.normalize('NFKC').toLowerCase()).not.toMatch(/\de|0x|infinity|nan/);
        }
      }),
      { numRuns: 3000 },
    );
    expect(parseAmount('9'.repeat(10_000)).ok).toBe(false);
  });

  it('splitAmountAndNote lets nothing but UserError escape and never half-reads a token', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NASTY), { maxLength: 8 }), (pieces) => {
        const raw = pieces.join('');
        try {
          const { amountFen, rest } = splitAmountAndNote(raw);
          expect(amountFen).toBeGreaterThan(0);
          expect(amountFen).toBeLessThanOrEqual(MAX_FEN);
          // A note glued to the amount never starts with what would continue a number.
          if (!/\s/.test(raw)) expect(rest).not.toMatch(/^(?:[eE][+-]?\d|[xX]|[-+*/]\d|亿)/);
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('splitAmountAndNote (捐款 / 支出)', () => {
  it.each([
    ['50 七一慰问', 5000, '七一慰问'],
    ['50 元 七一慰问', 5000, '七一慰问'],
    ['50元七一慰问', 5000, '七一慰问'],
    ['¥12.5慰问', 1250, '慰问'],
    ['五十元慰问', 5000, '慰问'],
    ['伍拾元整 慰问金', 5000, '慰问金'],
    ['1.5万 党员活动室', 1_500_000, '党员活动室'],
    ['５０', 5000, ''],
    ['5 万 助学', 5_000_000, '助学'],
    ['三块 五毛', 350, ''],
  ])('splits %s into %i fen and「%s」', (raw, fen, rest) => {
    expect(splitAmountAndNote(raw)).toEqual({ amountFen: fen, rest });
  });

  // Issue 13: these were recorded as 1.00 or 5.00 元 with the rest as a note.
  it.each([
    ['1e20', '科学计数法'],
    ['5e2', '科学计数法'],
    ['1e3元', '科学计数法'],
    ['1亿', '金额过大'],
    ['5 亿', '金额过大'],
    ['5-3', '算式'],
    ['0x10', '十进制'],
    ['50.123', '两位小数'],
    ['1e20 慰问', '科学计数法'],
    ['50e慰问', '请加一个空格'],
    ['50abc', '请加一个空格'],
    ['__proto__', '看不懂'],
    ['constructor 50', '看不懂'],
  ])('refuses %s, saying why', (raw, why) => {
    expect(() => splitAmountAndNote(raw)).toThrow(UserError);
    expect(() => splitAmountAndNote(raw)).toThrow(why);
  });
});

describe('plain numbers in settings', () => {
  it.each([
    ['10', 10],
    ['2.5', 2.5],
    ['０', 0],
    [' 7 ', 7],
    ['6000', 6000],
  ])('reads %j', (input, n) => {
    expect(parsePlainNumber(input)).toBe(n);
  });

  it.each([
    ['0x10', '十进制'],
    ['1e1', '科学计数法'],
    ['Infinity', '只能写数字'],
    ['', '请写明'],
    ['  ', '请写明'],
    ['-3', '之间'],
    ['1.234', '2 位小数'],
    ['10天', '只能写数字'],
    ['__proto__', '只能写数字'],
    ['1'.repeat(40), '太长'],
  ])('refuses %j', (input, why) => {
    expect(() => parsePlainNumber(input)).toThrow(UserError);
    expect(() => parsePlainNumber(input)).toThrow(why);
  });

  it('integers: whole numbers within bounds, named in the reply', () => {
    expect(parsePlainInteger('7', { min: 1, max: 30, name: '补卡天数' })).toBe(7);
    expect(() => parsePlainInteger('7.5', { name: '补卡天数' })).toThrow('补卡天数必须是整数');
    expect(() => parsePlainInteger('31', { min: 1, max: 30, name: '补卡天数' })).toThrow('1 到 30');
  });

  it('accepts exactly the plain decimals, and lets nothing but UserError escape', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789.-+eExXbInfity _'), maxLength: 12 }),
        (s) => {
          try {
            const n = parsePlainNumber(s, { min: -Infinity, max: Infinity, maxDecimals: 20 });
            expect(s.trim()).toMatch(/^-?\d+(\.\d+)?$/);
            expect(n).toBe(Number(s) + 0); // '-0' reads as 0
          } catch (err) {
            expect(err).toBeInstanceOf(UserError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
