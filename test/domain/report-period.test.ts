import { describe, expect, it } from 'vitest';
import { reportPeriod, type ReportCadence } from '../../src/domain/period.js';
import { addDays, eachDay, weekdayOf } from '../../src/domain/time.js';

const at = (h: number, m = 0) => h * 60 + m;
const covers = (cadence: ReportCadence, day: string, minutes?: number) => {
  const r = reportPeriod(cadence, day, minutes);
  return `${r.period.start}..${r.through}${r.whole ? ' whole' : ''}`;
};

describe('scheduled report periods (DESIGN §5)', () => {
  it('a 月报 on the 1st or 2nd covers last month; the README example 月报 2日 08:30 covers November', () => {
    expect(covers('monthly', '2026-12-01', at(8, 30))).toBe('2026-11-01..2026-11-30 whole');
    expect(covers('monthly', '2026-12-02', at(8, 30))).toBe('2026-11-01..2026-11-30 whole');
    expect(reportPeriod('monthly', '2026-12-02', at(8, 30)).span).toBe('2026年11月1日至11月30日');
    expect(covers('monthly', '2026-01-01', at(9))).toBe('2025-12-01..2025-12-31 whole');
  });

  it('a 月报 late in the month covers the month so far', () => {
    expect(covers('monthly', '2026-11-28', at(17))).toBe('2026-11-01..2026-11-28');
    expect(reportPeriod('monthly', '2026-11-28', at(17)).span).toBe('2026年11月1日至11月28日');
  });

  it('every day of month: days 1–15 give last month, 16 onwards this month (at noon)', () => {
    for (const [month, days] of [
      ['2026-11', 30],
      ['2026-12', 31],
      ['2026-02', 28],
      ['2028-02', 29],
    ] as const) {
      for (const day of eachDay(`${month}-01`, `${month}-${days}`)) {
        const r = reportPeriod('monthly', day);
        const d = Number(day.slice(8));
        // The due instant (noon) is before the midpoint exactly when d − 0.5 < days / 2.
        expect(r.whole, day).toBe(d - 0.5 < days / 2);
        if (r.whole) expect(r.period.end).toBe(addDays(`${month}-01`, -1));
        else expect([r.period.start, r.through]).toEqual([`${month}-01`, day]);
      }
    }
  });

  it('a 周报 on Friday 17:00 covers this week up to Friday; on Monday, last week', () => {
    expect(covers('weekly', '2026-11-27', at(17))).toBe('2026-11-23..2026-11-27');
    expect(covers('weekly', '2026-11-23', at(9))).toBe('2026-11-16..2026-11-22 whole');
    expect(reportPeriod('weekly', '2026-11-23', at(9)).period.key).toBe('2026-W47');
  });

  it('every weekday: Monday–Wednesday and Thursday morning give last week, the rest this week', () => {
    for (const day of eachDay('2026-11-23', '2026-11-29')) {
      const wd = weekdayOf(day);
      for (const minutes of [at(0), at(11, 59), at(12), at(23, 59)]) {
        const r = reportPeriod('weekly', day, minutes);
        const firstHalf = wd < 4 || (wd === 4 && minutes < at(12));
        expect(r.whole, `${day} ${minutes}`).toBe(firstHalf);
        expect(r.period.start).toBe(firstHalf ? '2026-11-16' : '2026-11-23');
        expect(r.through).toBe(firstHalf ? '2026-11-22' : day);
      }
    }
  });

  it('a quarterly report in the quarter’s first month covers the last quarter, across a year edge too', () => {
    expect(covers('quarterly', '2026-10-01', at(9))).toBe('2026-07-01..2026-09-30 whole');
    expect(covers('quarterly', '2027-01-05', at(9))).toBe('2026-10-01..2026-12-31 whole');
    expect(reportPeriod('quarterly', '2027-01-05', at(9)).period.key).toBe('2026-Q4');
    // Every day a quarterly schedule can name (1–28 of January, April, July, October).
    for (const m of ['01', '04', '07', '10'])
      for (let d = 1; d <= 28; d++)
        expect(reportPeriod('quarterly', `2026-${m}-${String(d).padStart(2, '0')}`).whole).toBe(true);
  });

  it('a quarterly report in the quarter’s last month covers the quarter so far', () => {
    expect(covers('quarterly', '2026-12-20', at(9))).toBe('2026-10-01..2026-12-20');
    expect(covers('quarterly', '2026-11-16', at(13))).toBe('2026-10-01..2026-11-16');
    expect(covers('quarterly', '2026-11-15', at(13))).toBe('2026-07-01..2026-09-30 whole');
  });
});
