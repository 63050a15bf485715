import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('membership from the first line', () => {
  it('a member whose first message is refused is still a member, and 未打卡 names them', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', '未打卡')).toContain('需要书记权限');
    expect(await h.ask('书记', '未打卡')).toContain('张三');
  });

  it('a refused command changes nothing but the speaker being known', async () => {
    h = await branchWithSecretary();
    const before = h.count('checkins');
    expect(await h.ask('李四', '补卡 2099-01-01')).toMatch(/补卡|日期/);
    expect(h.count('checkins')).toBe(before);
    expect(h.count("members WHERE name = '李四'")).toBe(1);
  });
});

describe('leaving', () => {
  it('a late message sent before a member left does not bring them back; speaking again does', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.say('张三', '打卡');
    const sent = h.clock.now();
    h.setTime('2026-11-04 09:00');
    await h.adapter.sink!({
      type: 'member-left',
      platform: 'fake',
      eventId: 'left-1',
      chatId: h.chat,
      at: h.clock.now(),
      members: [{ userId: '张三', name: '张三' }],
    });
    await h.app.inbox.idle();
    const left = () => h.count("members WHERE name = '张三' AND left_day IS NOT NULL");
    expect(left()).toBe(1);
    // Delivered now, sent on the 2nd (before leaving): still counted for that day, not a rejoin.
    await h.say('张三', '你好', { sentAt: sent + 60_000 });
    expect(left()).toBe(1);
    await h.say('张三', '我又回来了');
    expect(left()).toBe(0);
  });
});
