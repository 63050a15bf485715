import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Runs what is due at the harness's clock and returns the messages it posted. */
async function tick() {
  const before = h.adapter.sent.length;
  h.app.scheduler.runDue();
  await h.app.inbox.idle();
  return h.adapter.sent.slice(before).map((m) => ({
    text: m.text,
    to: m.chatId,
    private: m.private ?? false,
    mentions: m.mentions?.map((x) => x.name),
  }));
}

const watchdog = (posted: Awaited<ReturnType<typeof tick>>) =>
  posted.filter((m) => m.text.includes('三会一课提醒'));

describe('三会一课 jobs', () => {
  it('the watchdog tells the secretaries privately on the 1st what is owed, exactly once a month', async () => {
    h = await branchWithSecretary('2026-10-01 08:00');
    await h.ask('张三', '我的');
    await h.ask('书记', '设置 书记 张三');
    h.setTime('2026-10-10 09:00');
    await h.ask('书记', '发起会议 支委会 10-10 15:00');
    h.setTime('2026-10-10 16:00');
    await h.ask('书记', '结束会议 1');
    await h.ask('书记', '发起会议 党课 11-20 15:00 党校');
    await h.ask('书记', '发起会议 党小组会 10-30 15:00');

    h.setTime('2026-11-01 08:59');
    expect(watchdog(await tick())).toEqual([]);
    h.setTime('2026-11-01 09:00');
    const notes = watchdog(await tick());
    expect(notes.map((m) => [m.to, m.private])).toEqual([
      ['书记', true],
      ['张三', true],
    ]);
    expect(notes[0]!.text).toBe(
      [
        '🏛️ 第一党支部 三会一课提醒（按《支部工作条例》）：',
        '❗ 10月未召开：党小组会、主题党日',
        '📌 11月（至 11月30日）应召开：支委会、党小组会、主题党日',
        '📌 第四季度（至 12月31日）应召开：支部党员大会、党课（已安排 11月20日 15:00）',
        '📌 2026年（至 12月31日）应召开：组织生活会、民主评议',
        '⚠️ 第3号会议（党小组会）（10月30日 15:00）还没有「结束会议 3」，结束后才计入。',
      ].join('\n'),
    );
    // Exactly once: not again the same month, not after a restart.
    h.setTime('2026-11-01 09:30');
    expect(watchdog(await tick())).toEqual([]);
    await h.restart();
    h.setTime('2026-11-01 10:00');
    expect(watchdog(await tick())).toEqual([]);
    expect(h.count("job_runs WHERE job = 'meeting-watch'")).toBe(1);
    // The next month's note is due on Dec 1.
    h.setTime('2026-12-01 09:00');
    const december = watchdog(await tick());
    expect(december).toHaveLength(2);
    expect(december[0]!.text).toContain('❗ 11月未召开：支委会、党小组会、主题党日');
  });

  it('a branch that never called a meeting gets no watchdog note', async () => {
    h = await branchWithSecretary('2026-10-01 08:00');
    h.setTime('2026-11-01 09:00');
    expect(watchdog(await tick())).toEqual([]);
  });

  it('the morning reminder @mentions those expected today who have neither signed in nor asked for leave', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    for (const name of ['张三', '李四', '王五']) await h.ask(name, '我的');
    await h.ask('书记', '发起会议 党课 11-20 15:00 党校');
    await h.ask('书记', '发起会议 支委会 11-21 15:00');
    await h.ask('张三', '会议请假 1 出差');
    await h.ask('王五', '请假 11-20 下乡');
    h.setTime('2026-11-20 08:00');
    const posted = (await tick()).filter((m) => m.text.startsWith('⏰ 今天'));
    expect(posted).toEqual([
      {
        text: '⏰ 今天 15:00 第1号会议（党课），地点：党校，请准时参加。14:30 起发送「参会 1」签到；不能参加请发「会议请假 1 原因」。',
        to: 'g1',
        private: false,
        mentions: ['书记', '李四'],
      },
    ]);
    h.setTime('2026-11-20 09:00');
    expect((await tick()).filter((m) => m.text.startsWith('⏰ 今天'))).toEqual([]);
    expect(await h.ask('书记', '设置 会议提醒 07:30')).toBe('⚙️ 会议提醒：每天 07:30');
  });
});
