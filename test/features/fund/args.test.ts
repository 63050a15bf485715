import { describe, expect, it } from 'vitest';
import { parseEntryNumbers, splitAmount } from '../../../src/features/fund/args.js';
import { UserError } from '../../../src/domain/user-error.js';

describe('splitAmount', () => {
  it.each([
    ['50 七一慰问', 5000, '七一慰问'],
    ['50 元 七一慰问', 5000, '七一慰问'],
    ['50元七一慰问', 5000, '七一慰问'],
    ['¥12.5慰问', 1250, '慰问'],
    ['五十元慰问', 5000, '慰问'],
    ['一百二十元五角', 12050, ''],
    ['三块五 给老王', 350, '给老王'],
  ])('splits %s into %i fen and「%s」', (raw, fen, rest) => {
    expect(splitAmount(raw)).toEqual({ amountFen: fen, rest });
  });

  it('does not cut an amount in the middle: 50元五角慰问 asks for a space instead of taking 50 元', () => {
    expect(() => splitAmount('50元五角慰问')).toThrow(/请加一个空格/);
    expect(() => splitAmount('50.555')).toThrow(/两位小数/);
    expect(() => splitAmount('')).toThrow(UserError);
  });
});

describe('parseEntryNumbers', () => {
  it.each([
    ['3 4 5', [3, 4, 5]],
    ['#3,#4', [3, 4]],
    ['3、4，5', [3, 4, 5]],
    ['3-5', [3, 4, 5]],
    ['第3号', [3]],
    ['＃7', [7]],
  ])('reads %s', (raw, numbers) => {
    expect(parseEntryNumbers(raw)).toEqual(numbers);
  });

  it.each(['abc', '5-3', '0', '1-100', '3.5', ''])('refuses %s', (raw) => {
    expect(() => parseEntryNumbers(raw)).toThrow(UserError);
  });
});
