import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/domain/dates.js';
import {
  addDays,
  dayFromEpoch,
  dayOf,
  epochDay,
  instantOf,
  minuteOfDay,
  timeOf,
} from '../../src/domain/time.js';
import { UserError } from '../../src/domain/user-error.js';

describe('days', () => {
  it('reads the ways members write a day', () => {
    const today = '2026-11-23';
    expect(parseDay('2026-11-20', today)).toBe('2026-11-20');
    expect(parseDay('2026/11/20', today)).toBe('2026-11-20');
    expect(parseDay('11-20', today)).toBe('2026-11-20');
    expect(parseDay('11月20日', today)).toBe('2026-11-20');
    expect(parseDay('11月20号', today)).toBe('2026-11-20');
    expect(parseDay('20日', today)).toBe('2026-11-20');
    expect(parseDay('昨天', today)).toBe('2026-11-22');
    expect(parseDay('明天', '2026-12-31')).toBe('2027-01-01');
  });

  it('day arithmetic agrees with the calendar across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-02', -400)).toBe('2025-09-28');
    fc.assert(
      fc.property(fc.integer({ min: -354_000, max: 2_900_000 }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10); // years 1000–9909
        expect(dayFromEpoch(n)).toBe(iso);
        expect(epochDay(iso)).toBe(n);
      }),
    );
  });

  it('refuses impossible dates', () => {
    expect(() => parseDay('2026-02-30', '2026-11-23')).toThrow('不是有效日期');
    expect(() => parseDay('下周三', '2026-11-23')).toThrow('无法识别的日期');
  });

  it('a day is taken in the branch timezone from the sent time', () => {
    const t = instantOf('2026-11-01', '07:59', 'Asia/Shanghai');
    expect(dayOf(t, 'Asia/Shanghai')).toBe('2026-11-01');
    expect(dayOf(t, 'UTC')).toBe('2026-10-31');
    expect(timeOf(t, 'Asia/Shanghai')).toBe('07:59');
    expect(minuteOfDay(t, 'Asia/Shanghai')).toBe(7 * 60 + 59);
  });
});

describe('parseDay against prototype words (issue 13: 请假 __proto__, 补卡 valueOf)', () => {
  it.each(['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty'])(
    'refuses %s with UserError',
    (word) => {
      expect(() => parseDay(word, '2026-11-23')).toThrow(UserError);
      expect(() => parseDay(word, '2026-11-23')).toThrow('无法识别的日期');
    },
  );
});
