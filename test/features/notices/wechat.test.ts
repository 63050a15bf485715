import { afterEach, describe, expect, it } from 'vitest';
import { WechatWorld } from '../../helpers/wechaty-world.js';

let world: WechatWorld;
afterEach(async () => {
  await world?.stop();
});

describe('notices in a WeChat room (Wechaty mock puppet)', () => {
  it('the secretary posts a notice that @mentions the room; members answer 收到 without addressing the bot', async () => {
    world = await new WechatWorld().start();
    const posted = await world.ask(world.owner, '通知 截止 11-05 18:00 周五前交思想汇报');
    expect(posted).toContain('📢 第1号通知');
    expect(posted).toContain('周五前交思想汇报');
    const sent = world.puppet.sent[world.puppet.sent.length - 1]!;
    expect(sent.to).toBe('branch-1@chatroom');
    // Everyone from the roster sync at login, the sender aside.
    expect([...sent.mentionIds].sort()).toEqual(['wx-li', 'wx-wang', 'wx-zhang']);

    // A plain 收到 in the room (no @bot) answers the open notice.
    expect(await world.ask(world.zhang, '收到')).toBe('✅ 已收到第1号通知：张三（回执 1/3（33.3%））');
    expect(await world.ask(world.zhang, '收到')).toContain('确认过第1号通知');
    await world.say(world.li, '收到 1');

    const receipt = await world.ask(world.owner, '回执 1');
    expect(receipt).toContain('回执 2/3（66.7%）');
    expect(receipt).toContain('未回复 1 人：王五');
    expect(receipt).not.toContain('已读');
    expect(world.unexpectedErrors()).toEqual([]);
  });

  it('a 收到 with no open notice is ordinary chat in the room', async () => {
    world = await new WechatWorld().start();
    expect(await world.say(world.zhang, '收到')).toEqual([]);
    expect(world.count('notice_receipts')).toBe(0);
  });
});
