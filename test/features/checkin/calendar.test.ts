import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';
import { addDays, eachDay } from '../../../src/domain/time.js';
import { isCheckinDay } from '../../../src/domain/calendar.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Runs the scheduler at the harness's clock; the messages it posted. */
async function tick() {
  const before = h.adapter.sent.length;
  h.app.scheduler.runDue();
  await h.app.inbox.idle();
  return h.adapter.sent.slice(before);
}

const WORKDAYS = { kind: 'workdays' } as const;

describe('the working-day calendar, wired (issue 12)', () => {
  // The month the README works by hand. 国庆 2026: 10-01..10-07 off, Saturday 10-10 worked:
  // 18 check-in days. 书记 misses 10-20 and 10-21 and checks in on 10-03 (a holiday) anyway;
  // 张三 is on leave 10-12..10-14 and misses 10-30; 李四 joins on 10-19 and misses 10-26.
  //   书记 18 expected, 16 checked; 张三 18 − 3 = 15 expected, 14 checked; 李四 10 expected, 9 checked
  //   → 39 / 43 = 90.7 %, 缺勤 4, 请假 3, 休息日打卡 1.
  it('October 2026 by hand: 18 check-in days, leave and a late joiner, 39/43 = 90.7%', async () => {
    h = await branchWithSecretary('2026-09-30 08:00');
    await h.say('张三', '大家好');
    const days = eachDay('2026-10-01', '2026-10-31');
    const checkinDays = days.filter((d) => isCheckinDay(d, WORKDAYS));
    expect(checkinDays).toHaveLength(18);
    expect(checkinDays).toContain('2026-10-10');
    for (const day of days) {
      h.setTime(`${day} 08:00`);
      if (day === '2026-10-09') await h.ask('张三', '请假 10-12 至 10-14 出差');
      if (!checkinDays.includes(day)) continue;
      if (!['2026-10-20', '2026-10-21'].includes(day)) await h.ask('书记', '打卡');
      if (!['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-30'].includes(day))
        await h.ask('张三', '打卡');
      if (day >= '2026-10-19' && day !== '2026-10-26') await h.ask('李四', '打卡');
    }
    h.setTime('2026-10-03 10:00');
    expect(await h.ask('书记', '打卡')).toContain(
      '休息日打卡已记录（10:00）。今天是休息日（国庆节），不计入打卡率',
    );
    h.setTime('2026-11-02 10:00');
    const summary = await h.ask('书记', '汇总 2026-10');
    expect(summary).toContain('打卡率 90.7%（实到 39 / 应到 43 人日；请假 3 人日不计）');
    expect(summary).toContain('迟到 0 次，补卡 0 次，缺勤 4 人日');
    expect(summary).toContain('打卡日 18 天（休息日 13 天不计）');
    expect(summary).toContain('休息日打卡 1 次（已记录，不计入打卡率）');
    expect(summary).toContain('书记 16/0/2/0');
    expect(summary).toContain('张三 14/0/1/3');
    expect(summary).toContain('李四 9/0/1/0');
    expect(summary).not.toContain('⚠️');
    // The 台账 marks the holiday check-in as such.
    await h.say('书记', '导出 2026-10 csv');
    const file = h.adapter.sent.at(-1)!.file!;
    const csv = readFileSync(file.path, 'utf8');
    expect(csv.split('\n').filter((l) => l.includes('休息日打卡'))).toHaveLength(1);
    expect(csv).toMatch(/2026-10-03,书记,[^\n]*休息日打卡/);
  });

  it('国庆: no reminder and nobody missing on a holiday; the 调休 Saturday is a check-in day', async () => {
    h = await branchWithSecretary('2026-09-30 08:00');
    await h.say('张三', '大家好');
    h.setTime('2026-10-01 08:00');
    expect(await h.ask('书记', '未打卡')).toContain('10月1日 是休息日（国庆节），不用打卡，没有未打卡的成员');
    expect(await h.ask('张三', '补卡 9-29')).toContain('已补'); // a workday: fine
    expect(await h.ask('书记', '设置 日报 开')).toContain('日报');
    h.setTime('2026-10-01 22:00');
    const holiday = await tick();
    expect(holiday.filter((m) => m.text.startsWith('⏰') || m.private)).toEqual([]);
    expect(holiday.filter((m) => m.text.includes('日报'))).toEqual([]); // no 日报 on a day off
    h.setTime('2026-10-08 09:00');
    expect(await h.ask('张三', '补卡 10-06')).toContain('是休息日（国庆节），不用打卡，也无需补卡');
    h.setTime('2026-10-10 22:00');
    const saturday = await tick();
    const reminders = saturday.filter((m) => m.text.startsWith('⏰'));
    expect(reminders).toHaveLength(1);
    expect(saturday.filter((m) => m.text.includes('今日打卡日报'))).toHaveLength(1); // the 调休 Saturday
    expect(reminders[0]!.text).toContain('10月10日 还有 2 人未打卡');
    h.setTime('2026-10-11 09:30');
    expect(await h.ask('书记', '未打卡')).toContain('是休息日，不用打卡');
  });

  it('春节 2026: 2-15..2-23 off, Saturdays 2-14 and 2-28 worked: 16 check-in days in February', async () => {
    h = await branchWithSecretary('2026-02-01 08:00');
    h.setTime('2026-02-14 08:00');
    expect(await h.ask('书记', '打卡')).toContain('打卡成功');
    h.setTime('2026-02-17 08:00');
    expect(await h.ask('书记', '打卡')).toContain('休息日（春节）');
    h.setTime('2026-03-02 10:00');
    const summary = await h.ask('书记', '汇总 2026-02');
    expect(summary).toContain('打卡日 16 天（休息日 12 天不计）');
    expect(summary).toContain('实到 1 / 应到 16 人日');
  });

  it('设置 打卡日 / 休息日 / 上班日: the rule and the next days off; overrides win; 取消 undoes', async () => {
    h = await branchWithSecretary('2026-09-20 10:00');
    expect(await h.ask('书记', '设置')).toContain(
      '打卡日：工作日；接下来的休息日：9月25日至9月27日 中秋、10月1日至10月7日 国庆节；另需打卡：9月20日（周日）国庆节调休上班、10月10日（周六）国庆节调休上班',
    );
    h.setTime('2026-12-01 10:00');
    expect(await h.ask('书记', '设置')).toMatch(/打卡日：工作日；.*2027/);
    expect(await h.ask('书记', '设置 休息日 12-31')).toContain('已设 12月31日（周四） 为支部休息日');
    expect(await h.ask('书记', '设置')).toContain('12月31日（周四）支部休息日');
    expect(await h.ask('书记', '设置 上班日 2027-01-02')).toContain('为支部上班日');
    h.setTime('2026-12-31 08:00');
    expect(await h.ask('书记', '打卡')).toContain('休息日（支部休息日）');
    h.setTime('2027-01-02 08:00');
    expect(await h.ask('书记', '打卡')).toContain('打卡成功');
    h.setTime('2026-12-31 09:00');
    expect(await h.ask('书记', '设置 休息日 取消 12-31')).toContain('已取消支部休息日：12月31日');
    expect(await h.ask('书记', '未打卡')).toContain('全员已打卡');
    expect(await h.ask('书记', '设置 打卡日 一至六')).toContain('打卡日已设为：周一至六');
    expect(await h.ask('书记', '设置 打卡日 周八')).toContain('看不懂打卡日');
    expect(await h.ask('书记', '设置 打卡日 每天')).toContain('打卡日已设为：每天');
  });

  it('before the window closes today is progress: 我的 at 07:00 and 汇总 本周 on Monday 07:00', async () => {
    h = await branchWithSecretary('2026-11-02 07:00');
    await h.say('张三', '大家好');
    await h.ask('书记', '打卡');
    const me = await h.ask('张三', '我的');
    expect(me).toContain('今日：未打卡');
    expect(me).toContain('本月打卡 0 天，迟到 0 次，请假 0 天，缺勤 0 天');
    const week = await h.ask('书记', '汇总 本周');
    expect(week).not.toContain('0.0%');
    expect(week).not.toMatch(/缺勤 [1-9]|缺勤最多/);
    expect(week).toContain('今日 已打卡 1/2（打卡时间结束后计入；本期还没有计入的打卡日）');
    h.setTime('2026-11-02 09:00');
    expect(await h.ask('张三', '我的')).toContain('缺勤 1 天');
    expect(await h.ask('书记', '汇总 本周')).toContain('打卡率 50.0%（实到 1 / 应到 2 人日');
  });

  it('a period in a year the holiday data does not cover says so', async () => {
    h = await branchWithSecretary('2027-01-04 10:00');
    await h.ask('书记', '打卡');
    const summary = await h.ask('书记', '汇总 本月');
    expect(summary).toMatch(/⚠️ .*2027/);
    expect(addDays('2027-01-04', 0)).toBe('2027-01-04');
  });
});
