import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';

const span = (input: string, today: string) => {
  const p = parsePeriod(input, today);
  return `${p.start}..${p.end}`;
};

describe('periods', () => {
  it('weeks start on Monday, also across a year edge', () => {
    expect(span('本周', '2026-11-23')).toBe('2026-11-23..2026-11-29'); // a Monday
    expect(span('本周', '2026-11-29')).toBe('2026-11-23..2026-11-29'); // a Sunday
    expect(span('上周', '2026-11-23')).toBe('2026-11-16..2026-11-22');
    expect(span('本周', '2027-01-01')).toBe('2026-12-28..2027-01-03');
    expect(parsePeriod('本周', '2027-01-01').key).toBe('2026-W53');
  });

  it('months, including 上月 in January and February in a leap year', () => {
    expect(span('本月', '2026-11-23')).toBe('2026-11-01..2026-11-30');
    expect(span('上月', '2026-01-15')).toBe('2025-12-01..2025-12-31');
    expect(span('2028-02', '2026-11-23')).toBe('2028-02-01..2028-02-29');
    expect(span('2026年10月', '2026-11-23')).toBe('2026-10-01..2026-10-31');
  });

  it('quarters and years at their edges', () => {
    expect(span('本季度', '2026-12-31')).toBe('2026-10-01..2026-12-31');
    expect(span('上季度', '2026-01-01')).toBe('2025-10-01..2025-12-31');
    expect(span('2026-Q3', '2026-11-23')).toBe('2026-07-01..2026-09-30');
    expect(span('本年', '2026-11-23')).toBe('2026-01-01..2026-12-31');
    expect(span('去年', '2026-11-23')).toBe('2025-01-01..2025-12-31');
  });

  it('days, relative and absolute; an empty input means this month', () => {
    expect(span('今天', '2026-03-01')).toBe('2026-03-01..2026-03-01');
    expect(span('昨天', '2026-03-01')).toBe('2026-02-28..2026-02-28');
    expect(span('2026-11-05', '2026-11-23')).toBe('2026-11-05..2026-11-05');
    expect(span('', '2026-11-23')).toBe('2026-11-01..2026-11-30');
  });

  it('rejects what is not a period, naming the accepted forms', () => {
    for (const bad of ['下个世纪', '2026-13', '2026-02-30', '2026-Q5', '0001', '本月吧']) {
      expect(() => parsePeriod(bad, '2026-11-23'), bad).toThrow(/时段|年份/);
    }
  });
});
