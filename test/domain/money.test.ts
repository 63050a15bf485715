import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/domain/user-error.js';
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
    [MAX_FEN, '壹亿元整'],
  ])('writes %i fen in capitals as %s', (fen, text) => {
    expect(capitals(fen)).toBe(text);
  });
});
