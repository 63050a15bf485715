import { afterEach, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../src/domain/period.js';
import { buildStudyReport } from '../../../src/features/study/report.js';
import { at, branchWithSecretary, TZ, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const report = (period: string, today = '2026-12-31') => {
  const p = parsePeriod(period, today);
  return buildStudyReport(h.db, 1, p, p.end < today ? p.end : today, { tz: TZ, now: at(`${today} 12:00`) });
};

/** Sign-ins on both sides of midnight between September and October (a month and a quarter edge). */
async function aroundQuarterEdge(): Promise<void> {
  h = await branchWithSecretary('2026-09-30 20:00');
  await h.ask('李四', '打卡'); // 李四 joins the branch
  h.setTime('2026-09-30 23:50');
  await h.ask('张三', '学习签到 《党章》 30分钟');
  h.setTime('2026-09-30 23:55');
  await h.ask('书记', '发起学习 二十大报告 60分钟');
  h.setTime('2026-10-01 00:05');
  await h.ask('李四', '学习签到'); // the session opened on 9-30; the sign-in is on 10-01
  h.setTime('2026-10-01 00:06');
  await h.ask('书记', '结束学习');
  h.setTime('2026-10-01 00:10');
  await h.ask('张三', '学习签到 《党章》 45分钟');
}

describe('study totals by period', () => {
  it('a sign-in counts in the month and quarter of the day it was sent', async () => {
    await aroundQuarterEdge();
    const totals = (p: string) => {
      const r = report(p);
      return [r.personTimes, r.minutes, r.sessionTimes, r.selfStudyTimes];
    };
    expect(totals('2026-09')).toEqual([1, 30, 0, 1]);
    expect(totals('2026-Q3')).toEqual([1, 30, 0, 1]);
    expect(totals('2026-10')).toEqual([2, 105, 1, 1]);
    expect(totals('2026-Q4')).toEqual([2, 105, 1, 1]);
    expect(totals('2026')).toEqual([3, 135, 1, 2]);
    expect(totals('2026-11')).toEqual([0, 0, 0, 0]);
  });

  it('per member, per course and the sessions opened in the period', async () => {
    await aroundQuarterEdge();
    const year = report('2026');
    expect(year.members.map((m) => [m.name, m.times, m.minutes, m.sessions, m.selfStudy])).toEqual([
      ['书记', 0, 0, 0, 0],
      ['李四', 1, 60, 1, 0],
      ['张三', 2, 75, 0, 2],
    ]);
    expect(year.courses).toEqual([
      { course: '党章', times: 2, minutes: 75, members: 1 },
      { course: '二十大报告', times: 1, minutes: 60, members: 1 },
    ]);
    expect(year.noStudy.map((m) => m.name)).toEqual(['书记']);
    // The session belongs to the quarter it was opened in.
    expect(
      report('2026-Q3').sessions.map((s) => [s.number, s.topic, s.signedIn, s.expected, s.state]),
    ).toEqual([[1, '二十大报告', 1, 3, 'closed']]);
    expect(report('2026-Q4').sessions).toEqual([]);
  });

  it('a period still running is counted up to today', async () => {
    await aroundQuarterEdge();
    expect(report('本季度', '2026-10-01').personTimes).toBe(2);
  });
});

describe('the study section of 汇总 and the line in 我的', () => {
  it('汇总 shows person-times, minutes, sessions with attendance, courses and who did not study', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    await h.ask('书记', '发起学习 二十大报告 截止 21:00 60分钟');
    await h.ask('张三', '学习签到');
    await h.ask('赵六', '打卡');
    h.setTime('2026-11-02 21:30');
    await h.ask('李四', '学习签到');
    h.setTime('2026-11-03 09:00');
    await h.ask('李四', '学习签到 《党章》 一个半小时');
    await h.ask('书记', '结束学习');
    const text = await h.ask('书记', '汇总 本月');
    const section = text.split('\n').filter((l) => /学习|课程|第1期/.test(l));
    expect(section).toEqual([
      '📚 学习 3 人次，合计 210 分钟（3.5 小时）；参加集体学习 1 人次，自学 2 人次',
      '集体学习 1 场（签到/应到）：',
      '　第1期「二十大报告」11月2日 1/4 人（截止后签到 1 人记为自学）',
      '课程：《二十大报告》 2 人次 120 分钟；《党章》 1 人次 90 分钟',
      '每人学习（分钟/集体学习/自学）：张三 60/1/0、李四 150/0/2',
      '未参加学习 2 人：书记、赵六',
    ]);
  });

  it('我的 adds this month’s study minutes', async () => {
    h = await branchWithSecretary('2026-10-31 20:00');
    await h.ask('张三', '学习签到 党章 30分钟'); // last month
    h.setTime('2026-11-02 20:00');
    await h.ask('张三', '学习签到 党章 40分钟');
    await h.ask('张三', '学习签到 二十大报告 半小时');
    expect(await h.ask('张三', '我的')).toContain('本月学习 70 分钟，2 次（集体学习 0 次，自学 2 次）');
  });
});
