import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod, PERIOD_HELP } from '../../src/domain/period.js';
import { UserError } from '../../src/domain/user-error.js';

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

describe('every form of DESIGN §4, on Monday 2026-11-23', () => {
  const today = '2026-11-23';
  it.each([
    ['今天', '2026-11-23..2026-11-23'],
    ['昨天', '2026-11-22..2026-11-22'],
    ['前天', '2026-11-21..2026-11-21'],
    ['本周', '2026-11-23..2026-11-29'],
    ['上周', '2026-11-16..2026-11-22'],
    ['本月', '2026-11-01..2026-11-30'],
    ['这个月', '2026-11-01..2026-11-30'],
    ['上月', '2026-10-01..2026-10-31'],
    ['上个月', '2026-10-01..2026-10-31'],
    ['本季度', '2026-10-01..2026-12-31'],
    ['上季度', '2026-07-01..2026-09-30'],
    ['本年', '2026-01-01..2026-12-31'],
    ['今年', '2026-01-01..2026-12-31'],
    ['去年', '2025-01-01..2025-12-31'],
    ['2026-10', '2026-10-01..2026-10-31'],
    ['11月', '2026-11-01..2026-11-30'],
    ['十一月', '2026-11-01..2026-11-30'],
    ['十二月', '2025-12-01..2025-12-31'], // the most recent December not in the future
    ['12月', '2025-12-01..2025-12-31'],
    ['一月', '2026-01-01..2026-01-31'],
    ['2026年11月', '2026-11-01..2026-11-30'],
    ['2026/11', '2026-11-01..2026-11-30'],
    ['2026-11-05', '2026-11-05..2026-11-05'],
    ['2026/11/05', '2026-11-05..2026-11-05'],
    ['11-05', '2026-11-05..2026-11-05'],
    ['11月5日', '2026-11-05..2026-11-05'],
    ['11-24', '2025-11-24..2025-11-24'], // tomorrow's date names last year's
    ['2026-Q3', '2026-07-01..2026-09-30'],
    ['2026q3', '2026-07-01..2026-09-30'],
    ['2026年第三季度', '2026-07-01..2026-09-30'],
    ['2026年第3季度', '2026-07-01..2026-09-30'],
    ['第四季度', '2026-10-01..2026-12-31'],
    ['2026', '2026-01-01..2026-12-31'],
    ['2026年', '2026-01-01..2026-12-31'],
    ['11-01至11-15', '2026-11-01..2026-11-15'],
    ['11-01~11-15', '2026-11-01..2026-11-15'],
    ['11-01～11-15', '2026-11-01..2026-11-15'],
    ['2026-11-01到2026-11-15', '2026-11-01..2026-11-15'],
    ['11-01 至 11-15', '2026-11-01..2026-11-15'],
    ['10月至11月', '2026-10-01..2026-11-30'],
    ['11-01至今', '2026-11-01..2026-11-23'],
    ['2025-12-25至2026-01-05', '2025-12-25..2026-01-05'],
    ['１１月', '2026-11-01..2026-11-30'],
  ])('%s', (input, expected) => {
    expect(span(input, today)).toBe(expected);
  });

  it('names a range by its days', () => {
    const p = parsePeriod('11-01至11-15', today);
    expect(p.kind).toBe('range');
    expect(p.label).toBe('2026年11月1日至11月15日');
    expect(p.key).toBe('2026-11-01~2026-11-15');
    expect(parsePeriod('2025-12-25至2026-01-05', today).label).toBe('2025年12月25日至2026年1月5日');
  });

  it('places a yearless month early in the year in the year before', () => {
    expect(span('11月', '2027-03-10')).toBe('2026-11-01..2026-11-30');
    expect(span('3月', '2027-03-01')).toBe('2027-03-01..2027-03-31');
    expect(span('12-01至12-15', '2027-01-10')).toBe('2026-12-01..2026-12-15');
  });

  it.each([
    ['11-15至11-01', '结束早于开始'],
    ['2026-11-15到2026-11-01', '结束早于开始'],
    ['2000-01-01至2026-01-01', '最长三年'],
    ['11-01至', '无法识别'],
    ['11-01至11-05至11-09', '无法识别'],
    ['十三月', '没有 13 月'],
    ['十十月', '无法识别'],
    ['13月', '没有 13 月'],
    ['2026-02-29', '不是有效日期'],
    ['1999', '超出范围'],
    ['__proto__', '无法识别'],
    ['constructor', '无法识别'],
    ['valueOf', '无法识别'],
    ['hasOwnProperty', '无法识别'],
    ['本月至constructor', '无法识别'],
    ['x'.repeat(100), '太长'],
  ])('refuses %j clearly, listing the accepted forms', (input, reason) => {
    expect(() => parsePeriod(input, today)).toThrow(UserError);
    expect(() => parsePeriod(input, today)).toThrow(reason);
  });

  it('unknown words name the accepted forms', () => {
    expect(() => parsePeriod('下个世纪', today)).toThrow(PERIOD_HELP);
  });

  it('lets nothing but UserError escape, and every period it returns is a real, ordered span', () => {
    const chars = [...'0123456789-/.年月日号至到~季度第Q一二三四五六七八九十本上今昨前去周 '];
    const check = (s: string) => {
      try {
        const p = parsePeriod(s, today);
        expect(p.start <= p.end).toBe(true);
        expect(p.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
      }
    };
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...chars), maxLength: 14 }), check), {
      numRuns: 3000,
    });
    fc.assert(fc.property(fc.string({ maxLength: 80 }), check), { numRuns: 500 });
  });
});
