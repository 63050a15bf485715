import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setSetting } from '../../../src/core/settings.js';
import {
  formatCheckinDayRule,
  isCheckinDay,
  calendarOverrides,
  type CheckinDayRule,
} from '../../../src/domain/calendar.js';
import { monthPeriod } from '../../../src/domain/period.js';
import { eachDay, type Day } from '../../../src/domain/time.js';
import { calendarOf } from '../../../src/features/checkin/calendar.js';
import { buildCheckinDetail } from '../../../src/features/checkin/period-detail.js';
import { buildCheckinReport, memberCheckinLine } from '../../../src/features/checkin/report.js';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

// Properties of the wired calendar (issue 12) over October 2026 (国庆 and its 调休 Saturday),
// on the real database: random rules, overrides, join days, leave and check-ins.
let h: Harness;
const NAMES = ['书记', '张三', '李四', '王五'];
let ids: number[] = [];
beforeAll(async () => {
  h = await branchWithSecretary('2026-09-20 08:00');
  for (const n of NAMES.slice(1)) await h.say(n, '大家好');
  ids = NAMES.map(
    (n) => (h.db.$client.prepare('SELECT id FROM members WHERE name = ?').get(n) as { id: number }).id,
  );
});
afterAll(async () => h?.stop());

const OCT = eachDay('2026-10-01', '2026-10-31');
const dayArb = fc.constantFrom(...OCT);
const ruleArb: fc.Arbitrary<CheckinDayRule> = fc.oneof(
  fc.constant({ kind: 'workdays' } as const),
  fc.constant({ kind: 'everyday' } as const),
  fc
    .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
    .map((weekdays) => ({ kind: 'weekdays', weekdays: weekdays.sort() }) as const),
);
const caseArb = fc.record({
  rule: ruleArb,
  daysOff: fc.uniqueArray(dayArb, { maxLength: 5 }),
  extra: fc.uniqueArray(dayArb, { maxLength: 5 }),
  joined: fc.array(fc.constantFrom('2026-09-25', ...OCT), { minLength: 4, maxLength: 4 }),
  checkins: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 3 }), dayArb), {
    maxLength: 80,
    selector: ([m, d]) => `${m}:${d}`,
  }),
  leaves: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), dayArb, fc.integer({ min: 0, max: 6 })), {
    maxLength: 3,
  }),
});

it('no rate above 100 %, a day off never counted, overrides win; 我的 and 汇总 agree', () => {
  const sql = h.db.$client;
  fc.assert(
    fc.property(caseArb, (c) => {
      sql.exec('DELETE FROM checkins; DELETE FROM leaves;');
      // A day in both lists is a day off (calendar.ts); keep the lists apart as the settings do.
      const extra = c.extra.filter((d) => !c.daysOff.includes(d));
      setSetting(h.db, 1, 'checkinDays', formatCheckinDayRule(c.rule));
      setSetting(h.db, 1, 'daysOff', c.daysOff.join(','));
      setSetting(h.db, 1, 'extraWorkdays', extra.join(','));
      ids.forEach((id, i) =>
        sql.prepare('UPDATE members SET joined_day = ? WHERE id = ?').run(c.joined[i], id),
      );
      const checked = new Set<string>();
      for (const [m, d] of c.checkins) {
        if (d < c.joined[m]!) continue;
        checked.add(`${m}:${d}`);
        sql
          .prepare(
            "INSERT INTO checkins (branch_id, member_id, day, at, late, kind, note) VALUES (1, ?, ?, 0, 0, 'normal', '')",
          )
          .run(ids[m], d);
      }
      const leave = new Set<string>();
      for (const [m, start, len] of c.leaves) {
        const end = eachDay(start, '2026-10-31')[Math.min(len, eachDay(start, '2026-10-31').length - 1)]!;
        for (const d of eachDay(start, end)) leave.add(`${m}:${d}`);
        sql
          .prepare(
            'INSERT INTO leaves (branch_id, member_id, start_day, end_day, reason, created_at) VALUES (1, ?, ?, ?, ?, 0)',
          )
          .run(ids[m], start, end, 'x');
      }
      const overrides = calendarOverrides(c.daysOff, extra);
      const isDay = (d: Day) => isCheckinDay(d, c.rule, overrides);
      const period = monthPeriod(2026, 10);
      const report = buildCheckinReport(h.db, 1, period, '2026-10-31')!;

      // An oracle written the slow way: day by day, member by member.
      let expectedSum = 0;
      let checkedSum = 0;
      for (const [i, line] of report.members.map((l) => [ids.indexOf(l.memberId), l] as const)) {
        const days = OCT.filter((d) => d >= c.joined[i]! && isDay(d));
        const has = (d: Day) => checked.has(`${i}:${d}`);
        const expected = days.filter((d) => has(d) || !leave.has(`${i}:${d}`)).length;
        const got = days.filter(has).length;
        expect(line.expected).toBe(expected);
        expect(line.checked).toBe(got);
        expect(line.checked).toBeLessThanOrEqual(line.expected);
        const member = sql.prepare('SELECT * FROM members WHERE id = ?').get(line.memberId) as Record<
          string,
          unknown
        >;
        const mine = memberCheckinLine(
          h.db,
          {
            id: line.memberId,
            branchId: 1,
            joinedDay: member.joined_day,
            leftDay: member.left_day,
            name: line.name,
          } as never,
          period,
          '2026-10-31',
        )!;
        expect([mine.expected, mine.checked, mine.leave, mine.missed]).toEqual([
          line.expected,
          line.checked,
          line.leave,
          line.missed,
        ]);
        expectedSum += expected;
        checkedSum += got;
      }
      expect([report.expected, report.checked]).toEqual([expectedSum, checkedSum]);
      if (report.rate !== null) expect(report.rate).toBeLessThanOrEqual(1);
      const daily = buildCheckinDetail({ db: h.db, branch: { id: 1 } as never }, report).daily;
      // A day off is never a day of the rate; overrides win over the rule.
      expect(daily.map((d) => d.day)).toEqual(OCT.filter(isDay));
      for (const d of c.daysOff) expect(daily.some((x) => x.day === d)).toBe(false);
      for (const d of extra) expect(daily.some((x) => x.day === d)).toBe(true);
      expect(daily.reduce((a, d) => a + d.expected, 0)).toBe(report.expected);
      for (const d of daily) if (d.rate !== null) expect(d.rate).toBeLessThanOrEqual(1);
      expect(calendarOf(h.db, 1).rule).toEqual(
        c.rule.kind === 'weekdays' && c.rule.weekdays.length === 7 ? { kind: 'everyday' } : c.rule,
      );
    }),
    { numRuns: 40 },
  );
});
