import { INBOX_MESSAGES } from '../../helpers/harness.js';
import { afterEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { WechatWorld } from '../../helpers/wechaty-world.js';

let world: WechatWorld;
afterEach(async () => {
  await world?.stop();
});

describe('private chat with the WeChat bot', () => {
  it('帮助 is answered privately', async () => {
    world = await new WechatWorld().start();
    const reply = await world.ask(world.li, '帮助', { to: world.self });
    expect(reply).toContain('支部助手命令');
    expect(world.puppet.sent.at(-1)!.to).toBe('wx-li');
  });

  it('我的 is answered privately with the record from the member’s branch', async () => {
    world = await new WechatWorld().start();
    await world.say(world.zhang, '打卡');
    const reply = await world.ask(world.zhang, '我的', { to: world.self });
    expect(reply).toContain('👤 张三（第一党支部）');
    expect(reply).toContain('今日：已打卡');
    expect(world.puppet.sent.at(-1)!.to).toBe('wx-zhang');
  });

  it('a member in several branches is asked which, and answered for the one named', async () => {
    world = await new WechatWorld().start();
    const second = world.mocker.createRoom({
      id: 'branch-2@chatroom',
      topic: '第二党支部',
      ownerId: world.li.id,
      adminIdList: [],
      memberIdList: [world.self.id, world.li.id, world.zhang.id],
    });
    await world.say(world.zhang, '打卡', { to: second });
    const ask = await world.ask(world.zhang, '我的', { to: world.self });
    expect(ask).toContain('你在 2 个支部：第一党支部、第二党支部');
    expect(ask).toContain('我的 第一党支部');
    const answer = await world.ask(world.zhang, '我的 第二党支部', { to: world.self });
    expect(answer).toContain('👤 张三（第二党支部）');
    expect(answer).toContain('今日：已打卡');
    const first = await world.ask(world.zhang, '我的 第一党支部', { to: world.self });
    expect(first).toContain('👤 张三（第一党支部）');
    expect(first).toContain('今日：未打卡');
  });

  it('other commands sent privately are pointed to the group and change nothing', async () => {
    world = await new WechatWorld().start();
    const reply = await world.ask(world.zhang, '打卡', { to: world.self });
    expect(reply).toBe('请在支部群里发送命令；私聊只支持「我的」「帮助」。');
    expect(world.count('checkins')).toBe(0);
  });

  it('someone in no branch who asks 我的 is told to speak in the group first', async () => {
    world = await new WechatWorld().start();
    const stranger = world.mocker.createContact({ id: 'wx-stranger', name: '路人' });
    expect(await world.ask(stranger, '我的', { to: world.self })).toContain('还没有找到你所在的支部');
  });

  it('a 公众号 writing to the bot gets no answer', async () => {
    world = await new WechatWorld().start();
    const account = world.mocker.createContact({
      id: 'gh_pay',
      name: '微信支付',
      type: types.Contact.Official,
    });
    expect(await world.say(account, '收款到账 50.00 元', { to: world.self })).toEqual([]);
    expect(world.count(INBOX_MESSAGES)).toBe(0);
  });
});
