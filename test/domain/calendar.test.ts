import fc from 'fast-check';
import { isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import {
  calendarOverrides,
  checkinDaysBetween,
  COVERED_YEARS,
  describeDaysOff,
  formatCheckinDayRule,
  holidayName,
  isCheckinDay,
  nextDaysOff,
  nextExtraWorkdays,
  parseCheckinDayRule,
  statutoryDay,
  uncoveredYears,
  type CheckinDayRule,
} from '../../src/domain/calendar.js';
import { addDays, eachDay, weekdayOf } from '../../src/domain/time.js';
import { UserError } from '../../src/domain/user-error.js';

const WORKDAYS: CheckinDayRule = { kind: 'workdays' };
const offIn = (start: string, end: string) => eachDay(start, end).filter((d) => !isCheckinDay(d, WORKDAYS));

/** Days 2000–2040 as 'YYYY-MM-DD'. */
const dayArb = fc.integer({ min: 0, max: 41 * 366 }).map((n) => addDays('2000-01-01', n));
const ruleArb: fc.Arbitrary<CheckinDayRule> = fc.oneof(
  fc.constant<CheckinDayRule>({ kind: 'workdays' }),
  fc.constant<CheckinDayRule>({ kind: 'everyday' }),
  fc
    .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 })
    .map((w): CheckinDayRule => ({ kind: 'weekdays', weekdays: w.sort((a, b) => a - b) })),
);
const overridesArb = fc
  .tuple(fc.array(dayArb, { maxLength: 20 }), fc.array(dayArb, { maxLength: 20 }))
  .map(([off, on]) => calendarOverrides(off, on));

describe('the State Council calendar for 2026 (国办发明电〔2025〕7号, as bundled by chinese-days)', () => {
  it('元旦: 1月1日–3日 off, Sunday 1月4日 a make-up workday', () => {
    expect(offIn('2026-01-01', '2026-01-04')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(holidayName('2026-01-01')).toBe('元旦');
    expect(weekdayOf('2026-01-04')).toBe(7);
    expect(statutoryDay('2026-01-04')).toEqual({ kind: 'makeup', name: '元旦' });
  });

  it('春节: 2月15日–23日 off (nine days), Saturdays 2月14日 and 2月28日 worked', () => {
    expect(offIn('2026-02-14', '2026-02-28')).toEqual(eachDay('2026-02-15', '2026-02-23'));
    for (const d of ['2026-02-14', '2026-02-28']) {
      expect(weekdayOf(d)).toBe(6);
      expect(isCheckinDay(d, WORKDAYS)).toBe(true);
    }
    expect(holidayName('2026-02-17')).toBe('春节');
  });

  it('国庆: 10月1日–7日 off, Sunday 9月20日 and Saturday 10月10日 worked', () => {
    expect(offIn('2026-09-28', '2026-10-11')).toEqual([
      ...eachDay('2026-10-01', '2026-10-07'),
      '2026-10-11', // an ordinary Sunday
    ]);
    expect(weekdayOf('2026-10-10')).toBe(6);
    expect(isCheckinDay('2026-10-10', WORKDAYS)).toBe(true);
    expect(isCheckinDay('2026-09-20', WORKDAYS)).toBe(true);
    expect(holidayName('2026-10-01')).toBe('国庆节');
    expect(statutoryDay('2026-10-10')).toEqual({ kind: 'makeup', name: '国庆节' });
    // Counted by hand: 22 weekdays, minus 1, 2, 5, 6, 7 October, plus Saturday the 10th.
    expect(checkinDaysBetween('2026-10-01', '2026-10-31', WORKDAYS).days.length).toBe(18);
  });

  it('has 248 working days in 2026 (261 weekdays − 19 holidays on weekdays + 6 make-up days)', () => {
    const year = checkinDaysBetween('2026-01-01', '2026-12-31', WORKDAYS);
    expect(year.days.length).toBe(248);
    expect(year.uncoveredYears).toEqual([]);
    expect(year.note).toBeNull();
  });

  it('agrees with chinese-days’ own isWorkday on every covered day', () => {
    const first = COVERED_YEARS[0]!;
    const last = COVERED_YEARS[COVERED_YEARS.length - 1]!;
    expect(first).toBe(2004);
    expect(last).toBeGreaterThanOrEqual(2026);
    for (const d of eachDay(`${first}-01-01`, `${last}-12-31`)) {
      if (isCheckinDay(d, WORKDAYS) !== isWorkday(d)) expect.fail(d);
    }
  });
});

describe('years the data does not cover', () => {
  it('count Monday–Friday and say so', () => {
    expect(uncoveredYears('2026-12-01', '2027-01-31')).toEqual([2027]);
    expect(uncoveredYears('2003-06-01', '2004-01-31')).toEqual([2003]);
    const jan = checkinDaysBetween('2027-01-01', '2027-01-31', WORKDAYS);
    expect(jan.days.every((d) => weekdayOf(d) <= 5)).toBe(true);
    expect(jan.days.length).toBe(21);
    expect(jan.uncoveredYears).toEqual([2027]);
    expect(jan.note).toBe('2027年的法定节假日安排尚未收录，按周一至周五计算。');
  });

  it('do not matter to a rule that lists its own weekdays', () => {
    expect(checkinDaysBetween('2027-01-01', '2027-01-31', { kind: 'everyday' }).note).toBeNull();
  });
});

describe('rules and overrides (properties)', () => {
  it('a branch day off is never a check-in day; a branch workday always is, whatever the rule', () => {
    fc.assert(
      fc.property(ruleArb, overridesArb, (rule, o) => {
        for (const d of o.daysOff) expect(isCheckinDay(d, rule, o)).toBe(false);
        for (const d of o.workdays) if (!o.daysOff.has(d)) expect(isCheckinDay(d, rule, o)).toBe(true);
      }),
    );
  });

  it('每天 is every day; a weekday list matches exactly those weekdays', () => {
    fc.assert(
      fc.property(dayArb, ruleArb, (day, rule) => {
        if (rule.kind === 'everyday') expect(isCheckinDay(day, rule)).toBe(true);
        if (rule.kind === 'weekdays')
          expect(isCheckinDay(day, rule)).toBe(rule.weekdays.includes(weekdayOf(day)));
      }),
      { numRuns: 2000 },
    );
  });

  it('a range holds exactly the days isCheckinDay accepts, and no sub-range counts more days than it has', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({ min: 0, max: 120 }),
        ruleArb,
        overridesArb,
        fc.integer({ min: -10, max: 130 }),
        fc.integer({ min: -10, max: 130 }),
        (start, len, rule, o, a, b) => {
          const end = addDays(start, len);
          const range = checkinDaysBetween(start, end, rule, o);
          expect(range.days).toEqual(eachDay(start, end).filter((d) => isCheckinDay(d, rule, o)));
          for (const d of eachDay(addDays(start, -3), addDays(end, 3)))
            expect(range.has(d)).toBe(isCheckinDay(d, rule, o));
          const [from, to] = [addDays(start, Math.min(a, b)), addDays(start, Math.max(a, b))];
          const inside = range.days.filter((d) => d >= from && d <= to).length;
          expect(range.countBetween(from, to)).toBe(inside);
          expect(inside).toBeLessThanOrEqual(eachDay(from, to).length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the check-in-day rule as secretaries write it', () => {
  it.each([
    ['工作日', { kind: 'workdays' }],
    ['每天', { kind: 'everyday' }],
    ['一至六', { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5, 6] }],
    ['一三五', { kind: 'weekdays', weekdays: [1, 3, 5] }],
    ['一、三、五', { kind: 'weekdays', weekdays: [1, 3, 5] }],
    ['周一至周五', { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }],
    ['星期一到星期六', { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5, 6] }],
    ['每周二、周四', { kind: 'weekdays', weekdays: [2, 4] }],
    ['一至日', { kind: 'everyday' }],
    ['周 一 至 周 五', { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }],
  ])('reads %s', (text, rule) => {
    expect(parseCheckinDayRule(text)).toEqual(rule);
  });

  it.each(['', '周末', '五至一', '一至', '__proto__', 'constructor', 'valueOf', 'toString', '8', '工作'])(
    'refuses %j with a Chinese reason',
    (text) => {
      expect(() => parseCheckinDayRule(text)).toThrow(UserError);
      expect(() => parseCheckinDayRule(text)).toThrow(/看不懂打卡日/);
    },
  );

  it('formats what it reads, and reads back what it formats', () => {
    expect(formatCheckinDayRule({ kind: 'weekdays', weekdays: [1, 2, 3, 4, 5, 6] })).toBe('周一至六');
    expect(formatCheckinDayRule({ kind: 'weekdays', weekdays: [1, 3, 5] })).toBe('周一、三、五');
    fc.assert(
      fc.property(ruleArb, (rule) => {
        expect(parseCheckinDayRule(formatCheckinDayRule(rule))).toEqual(rule);
      }),
    );
  });

  it('lets nothing but UserError escape', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'一二三四五六日天周星期至到、,-每 工作日x7'), maxLength: 12 }),
        (s) => {
          try {
            parseCheckinDayRule(s);
          } catch (err) {
            expect(err).toBeInstanceOf(UserError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the next days off, for 设置', () => {
  it('lists 中秋 and 国庆 from September 2026, with the make-up workdays apart', () => {
    const off = nextDaysOff('2026-09-01', 10, WORKDAYS);
    expect(off.map((d) => d.day)).toEqual([
      ...eachDay('2026-09-25', '2026-09-27'),
      ...eachDay('2026-10-01', '2026-10-07'),
    ]);
    expect(describeDaysOff(off)).toBe('9月25日至9月27日 中秋、10月1日至10月7日 国庆节');
    expect(nextExtraWorkdays('2026-09-01', 2, WORKDAYS).map((d) => [d.day, d.name])).toEqual([
      ['2026-09-20', '国庆节'],
      ['2026-10-10', '国庆节'],
    ]);
  });

  it('includes the branch’s own days off and, when asked, ordinary weekends', () => {
    const o = calendarOverrides(['2026-12-31'], ['2027-01-02']);
    const off = nextDaysOff('2026-12-28', 1, WORKDAYS, o);
    expect(describeDaysOff(off)).toBe('12月31日（周四）支部休息日');
    expect(nextDaysOff('2026-11-02', 2, WORKDAYS, o, { includeWeekly: true }).map((d) => d.day)).toEqual([
      '2026-11-07',
      '2026-11-08',
    ]);
    expect(nextExtraWorkdays('2026-12-28', 1, WORKDAYS, o)).toEqual([
      { day: '2027-01-02', weekday: 6, why: 'branch', name: null },
    ]);
    expect(nextDaysOff('2026-11-02', 5, { kind: 'everyday' })).toEqual([]);
  });
});
