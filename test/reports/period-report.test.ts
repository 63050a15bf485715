import { afterEach, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { buildPeriodReport, type PeriodReport } from '../../src/reports/period-report.js';
import { summaryMessage } from '../../src/reports/summary-text.js';
import { buildCheckinDetail } from '../../src/features/checkin/period-detail.js';
import type { CheckinReport } from '../../src/features/checkin/report.js';
import type { StudyReport } from '../../src/features/study/report.js';
import type { FundPeriodFigures } from '../../src/features/fund/period-figures.js';
import { reportScope, type Harness } from '../helpers/harness.js';
import { seededMonth } from '../helpers/seed-month.js';

let h: Harness;
afterEach(async () => h?.stop());

const scope = (today = '2026-11-05') => reportScope(h, today);

/** The report's figures by feature, typed for the assertions. */
function figures(r: PeriodReport) {
  const of = (name: string) => r.sections.find((s) => s.name === name)?.figures;
  const checkin = of('checkin') as CheckinReport;
  return {
    ...buildCheckinDetail(scope(), checkin),
    study: of('study') as StudyReport | undefined,
    fund: of('fund') as FundPeriodFigures | undefined,
  };
}

describe('buildPeriodReport', () => {
  it('holds the month’s rate, per-member counts, daily rates, streaks, study and fund figures', async () => {
    h = await seededMonth();
    const report = buildPeriodReport(scope(), parsePeriod('本月', '2026-11-05'))!;
    const r = { ...report, ...figures(report) };
    expect(r.branch.name).toBe('第一党支部');
    expect(r.period.key).toBe('2026-11');
    expect(r.through).toBe('2026-11-05');
    expect(r.checkin).toMatchObject({ expected: 9, checked: 8, late: 1, makeup: 1, leave: 2, missed: 1 });
    expect(r.checkin.rate).toBeCloseTo(8 / 9);
    const byName = Object.fromEntries(r.checkin.members.map((l) => [l.name, l]));
    expect(byName['张三']).toMatchObject({ expected: 2, checked: 1, leave: 2, missed: 1 });
    expect(byName['李四']).toMatchObject({ expected: 3, checked: 3, late: 1 });
    // Check-in days only (issue 12): Sunday 11-01 is a day off and has no daily rate.
    expect(r.daily.map((d) => `${d.day.slice(8)} ${d.checked}/${d.expected}`)).toEqual([
      '02 2/2',
      '03 2/2',
      '04 2/2',
      '05 2/3',
    ]);
    expect(r.daily.reduce((a, d) => a + d.expected, 0)).toBe(r.checkin.expected);
    expect(r.streaks.map((s) => `${s.name} ${s.longest}`)).toEqual(['书记 4', '李四 3', '张三 1']);
    expect(r.mostMissed).toEqual([expect.objectContaining({ name: '张三', missed: 1 })]);
    expect(r.study).toMatchObject({ personTimes: 2, minutes: 75 });
    expect(r.fund).toMatchObject({
      raisedFen: 5000,
      pendingFen: 1250,
      paidFen: 2000,
      balanceFen: 3000,
      closingBalanceFen: 3000,
      chainOk: true,
    });
  });

  it('is undefined for a period that has not started, and leaves out study and fund a branch never used', async () => {
    h = await seededMonth();
    expect(buildPeriodReport(scope(), parsePeriod('2026-12', '2026-11-05'))).toBeUndefined();
    const october = figures(buildPeriodReport(scope(), parsePeriod('2026-10', '2026-11-05'))!);
    expect(october.checkin.members).toEqual([]);
    expect(october.fund).toMatchObject({ raisedFen: 0, closingBalanceFen: 0, balanceFen: 3000 });
  });

  it('leaves 汇总’s text as it was', async () => {
    h = await seededMonth();
    const text = summaryMessage(scope(), parsePeriod('本月', '2026-11-05'))!.text;
    expect(text).toContain('打卡率 88.9%（实到 8 / 应到 9 人日；请假 2 人日不计）');
  });
});
