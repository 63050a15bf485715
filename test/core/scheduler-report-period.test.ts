import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

async function tick(): Promise<string[]> {
  const before = h.adapter.sent.length;
  h.app.scheduler.runDue();
  await h.app.inbox.idle();
  return h.adapter.sent.slice(before).map((m) => m.text);
}

const claims = () =>
  (
    h.db.$client.prepare('SELECT job, period FROM job_runs ORDER BY id').all() as {
      job: string;
      period: string;
    }[]
  )
    .filter((r) => r.job === 'monthly' || r.job === 'weekly')
    .map((r) => `${r.job} ${r.period}`);

// DESIGN §5 "Scheduled report periods" through the real scheduler (issue 12).
describe('scheduled report periods', () => {
  it('月报 on the 2nd at 08:30 covers last month, once; the claim is keyed on the month covered', async () => {
    h = await branchWithSecretary('2026-11-10 08:00');
    expect(await h.ask('书记', '设置 月报 2日 08:30')).toContain('每月2日 08:30');
    await h.ask('书记', '设置 周报 关');
    await h.ask('书记', '打卡');
    h.setTime('2026-12-02 08:30');
    const posted = (await tick()).filter((t) => t.includes('月度汇报'));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('2026年11月 汇总');
    expect(posted[0]).toContain('统计 11月1日 至 11月30日，成员 1 人（支部 11月10日 起使用）');
    // November: 11-10..11-30 has 15 check-in days; one check-in.
    expect(posted[0]).toContain('打卡率 6.7%（实到 1 / 应到 15 人日');
    h.setTime('2026-12-03 09:00');
    expect((await tick()).filter((t) => t.includes('月度汇报'))).toEqual([]);
    expect(claims()).toEqual(['monthly 2026-11']);
  });

  it('周报 on Friday 17:00 covers this week up to Friday, once', async () => {
    h = await branchWithSecretary('2026-11-30 08:00');
    await h.say('张三', '大家好');
    expect(await h.ask('书记', '设置 周报 周五 17:00')).toContain('每周五 17:00');
    for (const day of ['11-30', '12-01', '12-02', '12-03', '12-04']) {
      h.setTime(`2026-${day} 08:00`);
      await h.ask('书记', '打卡');
      if (day !== '12-04') await h.ask('张三', '打卡');
    }
    h.setTime('2026-12-04 17:00');
    const posted = (await tick()).filter((t) => t.includes('每周汇总'));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('11-30 至 12-06 这一周 汇总');
    expect(posted[0]).toContain('统计 11月30日 至 12月4日');
    expect(posted[0]).toContain('打卡率 90.0%（实到 9 / 应到 10 人日');
    h.setTime('2026-12-05 10:00');
    expect((await tick()).filter((t) => t.includes('每周汇总'))).toEqual([]);
    expect(claims().filter((c) => c.startsWith('weekly'))).toEqual(['weekly 2026-W49']);
  });

  it('the default 周报 (Monday 09:00) and 月报 (1st 09:00) cover the last whole week and month', async () => {
    h = await branchWithSecretary('2026-10-26 08:00');
    await h.ask('书记', '打卡');
    h.setTime('2026-11-02 09:00');
    const posted = await tick();
    expect(posted.find((t) => t.includes('每周汇总'))).toContain('10-26 至 11-01 这一周');
    expect(posted.find((t) => t.includes('月度汇报'))).toContain('2026年10月 汇总');
    expect(claims()).toEqual(['weekly 2026-W44', 'monthly 2026-10']);
  });
});
