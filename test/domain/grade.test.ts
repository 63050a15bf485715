import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, GRADES, gradeOf, parseThresholds } from '../../src/domain/grade.js';

describe('grades', () => {
  it('a rate exactly on a threshold takes that grade (no floating-point slip), and nobody expected is —', () => {
    expect(gradeOf(19, 20, DEFAULT_THRESHOLDS)).toBe('优');
    expect(gradeOf(17, 20, DEFAULT_THRESHOLDS)).toBe('良');
    expect(gradeOf(7, 10, DEFAULT_THRESHOLDS)).toBe('平');
    expect(gradeOf(69, 100, DEFAULT_THRESHOLDS)).toBe('差');
    expect(gradeOf(0, 0, DEFAULT_THRESHOLDS)).toBe('—');
  });

  it('a higher rate never gets a worse grade', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (expected, x, y) => {
          const [lo, hi] = [Math.min(x, y, expected), Math.min(Math.max(x, y), expected)];
          const rank = (c: number) =>
            GRADES.indexOf(gradeOf(c, expected, DEFAULT_THRESHOLDS) as (typeof GRADES)[number]);
          expect(rank(hi)).toBeLessThanOrEqual(rank(lo));
        },
      ),
    );
  });

  it('thresholds are three decreasing percentages with at most one decimal', () => {
    expect(parseThresholds('95 85 70')).toEqual(DEFAULT_THRESHOLDS);
    expect(parseThresholds('90%，87.5%，50%')).toEqual({ excellent: 900, good: 875, pass: 500 });
    expect(parseThresholds('100/90/80')).toEqual({ excellent: 1000, good: 900, pass: 800 });
    for (const bad of [
      '95 85',
      '95 85 70 60',
      '70 85 95',
      '95 95 70',
      '101 85 70',
      '95 85 0',
      '95 85.25 70',
      'a b c',
    ]) {
      expect(() => parseThresholds(bad), bad).toThrow();
    }
  });
});
