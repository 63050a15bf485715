import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Runs what is due at the harness's clock and returns the messages it posted. */
async function tick(): Promise<{ text: string; chatId: string; private?: boolean; mentions?: string[] }[]> {
  const before = h.adapter.sent.length;
  h.app.scheduler.runDue();
  await h.app.inbox.idle();
  return h.adapter.sent.slice(before).map((m) => ({
    text: m.text,
    chatId: m.chatId,
    private: m.private,
    mentions: m.mentions?.map((x) => x.name),
  }));
}

describe('scheduled posts', () => {
  it('the monthly report posts on the 1st at 09:00 with the right rate, exactly once, also after a restart', async () => {
    h = await branchWithSecretary('2026-10-01 07:00');
    // Every day a check-in day, so the arithmetic below is over calendar days (the default 工作日
    // would make 10-01..03 国庆 days off; see test/features/checkin/calendar.test.ts for that).
    await h.ask('书记', '设置 打卡日 每天');
    for (const day of ['01', '02', '03']) {
      h.setTime(`2026-10-${day} 08:00`);
      await h.ask('书记', '打卡');
      if (day !== '02') await h.ask('张三', '打卡');
    }
    await h.ask('张三', '请假 10-04 至 10-31 外出');
    h.setTime('2026-11-01 08:59');
    expect((await tick()).filter((m) => m.text.includes('月度汇报'))).toEqual([]);
    h.setTime('2026-11-01 09:00');
    const posted = (await tick()).filter((m) => m.text.includes('月度汇报'));
    expect(posted).toHaveLength(1);
    // 书记: 31 expected, 3 checked; 张三: 3 expected (4th–31st on leave), 2 checked → 5 / 34
    expect(posted[0]!.text).toContain('2026年10月 汇总');
    expect(posted[0]!.text).toContain('打卡率 14.7%（实到 5 / 应到 34 人日；请假 28 人日不计）');
    expect(await h.ask('书记', '汇总 2026-10')).toContain('打卡率 14.7%');
    expect(await tick()).toEqual([]);
    await h.restart();
    h.setTime('2026-11-01 09:05');
    expect(await tick()).toEqual([]);
  });

  it('after downtime each job posts once for its most recent period, and an ended day gets no reminder', async () => {
    h = await branchWithSecretary('2026-10-20 08:00');
    await h.ask('书记', '打卡');
    h.setTime('2026-11-03 10:00'); // down from Oct 20 to Tue Nov 3
    const posted = await tick();
    const kinds = posted.map((m) => m.text.split('\n')[0]);
    // The third quarter's report fell due on Oct 1, before this branch existed: none is owed.
    expect(kinds).toEqual(['🗓️ 每周汇总', '🗓️ 月度汇报', '📈 第一党支部 · 2026年10月每日打卡率']);
    expect(h.adapter.sent.at(-1)!.file?.path).toMatch(/\.png$/);
    expect(posted[0]!.text).toContain('10-26 至 11-01 这一周');
    expect(posted[1]!.text).toContain('2026年10月 汇总');
    expect(posted.some((m) => m.text.startsWith('⏰'))).toBe(false);
    expect(await tick()).toEqual([]);
  });

  it('the reminder @mentions members not checked in and not on leave; nothing when everyone has', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('书记', '打卡');
    await h.ask('张三', '我的');
    await h.ask('李四', '请假 今天 开会');
    await h.ask('王五', '我的');
    h.setTime('2026-11-02 20:00');
    const [reminder] = await tick();
    expect(reminder!.text).toBe(
      '⏰ 11月2日 还有 2 人未打卡，请记得发送「打卡」（请假请发「请假 今天 原因」）。',
    );
    expect(reminder!.mentions).toEqual(['张三', '王五']);
    h.setTime('2026-11-03 08:00');
    for (const name of ['书记', '张三', '李四', '王五']) await h.ask(name, '打卡');
    h.setTime('2026-11-03 20:00');
    expect(await tick()).toEqual([]);
  });

  it('members missing three days in a row are named to the secretary privately', async () => {
    // Three check-in days: Fri 11-06, then (the weekend is off, neither breaking nor counting) Mon
    // 11-09 and Tue 11-10. Before issue 12 the weekend counted and Sunday 11-01 was a missed day.
    h = await branchWithSecretary('2026-11-06 08:00');
    await h.ask('张三', '我的');
    for (const day of ['06', '09', '10']) {
      h.setTime(`2026-11-${day} 08:00`);
      await h.ask('书记', '打卡');
    }
    h.setTime('2026-11-10 20:00');
    const posted = await tick();
    const note = posted.find((m) => m.private);
    expect(note).toMatchObject({
      chatId: '书记',
      text: '🔔 第一党支部：张三 已连续 3 个打卡日未打卡（截至 11月10日），请了解情况。',
    });
    expect(posted.filter((m) => m.text.startsWith('⏰')).map((m) => m.mentions)).toEqual([['张三']]);
  });

  it('schedules are changed in chat and listed by 设置', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    expect(await h.ask('书记', '设置 提醒 20:30')).toBe('⚙️ 提醒：每天 20:30');
    expect(await h.ask('书记', '设置 日报 开')).toBe('⚙️ 日报：每天 21:30');
    expect(await h.ask('书记', '设置 周报 周五 17:00')).toBe('⚙️ 周报：每周五 17:00');
    expect(await h.ask('书记', '设置 月报 关')).toBe('⚙️ 月报：每月1日 09:00（已关闭）');
    expect(await h.ask('书记', '设置 月报 31日')).toContain('1 到 28');
    expect(await h.ask('书记', '设置 周报 明天')).toContain('无法识别「明天」');
    const listing = await h.ask('书记', '设置');
    expect(listing).toContain('提醒：每天 20:30');
    expect(listing).toContain('季报：每季度首月1日 09:30');
    h.setTime('2026-11-02 20:00');
    expect(await tick()).toEqual([]);
    h.setTime('2026-11-02 20:30');
    expect((await tick()).map((m) => m.text.slice(0, 1))).toEqual(['⏰']);
    h.setTime('2026-11-02 21:30');
    expect((await tick()).map((m) => m.text.split('\n')[0])).toEqual(['🗓️ 今日打卡日报']);
  });
});
