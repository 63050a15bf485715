import { INBOX_MESSAGES } from '../../helpers/harness.js';
import { afterEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { WechatWorld, waitFor } from '../../helpers/wechaty-world.js';

/**
 * What real puppets deliver, run through real Wechaty on the mock puppet. Each payload names the
 * puppet source or issue it copies.
 */
let world: WechatWorld;
afterEach(async () => {
  await world?.stop();
});

const DASHES = '- - - - - - - - - - - - - - -';

describe('WeChat fidelity: mentions', () => {
  it("the owner's `@张三 打卡` does not check in the owner (padlocal atList = [张三])", async () => {
    world = await new WechatWorld().start();
    expect(await world.say(world.owner, '@张三\u2005打卡', { mentions: [world.zhang] })).toEqual([]);
    expect(await world.say(world.owner, '@张三\u2005请假 今天 生病', { mentions: [world.zhang] })).toEqual(
      [],
    );
    expect(world.count('checkins')).toBe(0);
    expect(world.count(INBOX_MESSAGES)).toBe(0);
  });

  it('@所有人 打卡 never runs as the sender: padlocal mentionIdList [notify@all], wechat4u text only', async () => {
    world = await new WechatWorld().start();
    // padlocal passes WeChat's atList through (message-parser-room.ts): @所有人 is "notify@all".
    expect(await world.say(world.owner, '@所有人\u2005打卡', { mentionIds: ['notify@all'] })).toEqual([]);
    // wechat4u searches members named 所有人 (parse-mention-id-list.js) and finds none.
    expect(await world.say(world.owner, '@所有人 打卡', { mentionIds: [] })).toEqual([]);
    expect(world.count('checkins')).toBe(0);
  });

  it("a member whose 群昵称 is the bot's name does not make `@支部助手 你好` addressed", async () => {
    world = await new WechatWorld().start();
    world.puppet.roomAliases['wx-li'] = '支部助手';
    // The client's atList names the member who was picked, not the bot.
    expect(await world.say(world.wang, '@支部助手\u2005你好', { mentions: [world.li] })).toEqual([]);
    // The bot itself picked: addressed, and an unknown word is answered.
    expect(await world.ask(world.wang, '@支部助手\u2005你好', { mentions: [world.self] })).toContain(
      '没有「你好」这个命令',
    );
  });

  it('a mention after the command is its argument: `设置 书记 @李四` still works', async () => {
    world = await new WechatWorld().start();
    expect(await world.ask(world.owner, '设置 书记 @李四\u2005', { mentions: [world.li] })).toContain(
      '已将 李四 设为书记',
    );
  });

  it('a 群公告 is never a command: padlocal lists every member, the bot included (puppet-padlocal#26)', async () => {
    world = await new WechatWorld().start();
    const everyone = [world.self, world.owner, world.zhang, world.li, world.wang];
    expect(await world.say(world.owner, '本周五下午3点开支部党员大会\n', { mentions: everyone })).toEqual([]);
    // Before padlocal 0.2.16 the list was ["announcement@all"].
    expect(await world.say(world.owner, '打卡\n', { mentionIds: ['announcement@all'] })).toEqual([]);
    expect(world.count(INBOX_MESSAGES)).toBe(0);
  });

  it('`\\u2060打卡` (a word joiner before the word) checks in', async () => {
    world = await new WechatWorld().start();
    expect(await world.ask(world.zhang, '\u2060打卡')).toContain('张三 打卡成功');
  });
});

describe('WeChat fidelity: system lines and the rate-limit signal', () => {
  it('room-as-talker system lines (puppet-wechat) are never a member', async () => {
    world = await new WechatWorld().start();
    for (const line of ['"书记"邀请"赵六"加入了群聊', '"张三" 拍了拍 "支部助手"', '收到红包，请在手机上查看'])
      expect(await world.say(world.room, line)).toEqual([]);
    expect(world.count(INBOX_MESSAGES)).toBe(0);
    const missing = await world.ask(world.owner, '未打卡');
    expect(missing).toContain('未打卡 4 人');
    expect(missing).not.toContain('第一党支部、');
  });

  it("a member's shared article or file named after the rate limit does not pause sending", async () => {
    world = await new WechatWorld().start();
    await world.say(world.zhang, '微信提示“操作过于频繁”怎么办？', { type: types.Message.Url });
    await world.say(world.li, 'API-RateLimit说明.pdf', { type: types.Message.Attachment });
    await world.say(world.wang, '操作过于频繁', { type: types.Message.Unknown });
    await world.say(world.wang, '操作过于频繁了吗大家');
    const started = Date.now();
    expect(await world.say(world.owner, '打卡')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('private placeholders from WeChat itself get no hint (web protocol transfer and 微信团队)', async () => {
    world = await new WechatWorld().start();
    // The transfer appmsg's des, as the web protocol shows it.
    expect(
      await world.say(world.li, '收到转账0.10元。如需收钱，请点此升级至最新版本', { to: world.self }),
    ).toEqual([]);
    const team = world.mocker.createContact({ id: 'weixin', name: '微信团队' });
    expect(await world.say(team, '欢迎你再次回到微信', { to: world.self })).toEqual([]);
    expect(world.count(INBOX_MESSAGES)).toBe(0);
  });
});

describe('WeChat fidelity: quote replies (引用)', () => {
  it("padlocal/wechat4u: `打卡` quoting the bot's reminder checks in, with the quote kept as context", async () => {
    world = await new WechatWorld().start();
    // message-parser-refermsg.ts in puppet-padlocal and puppet-wechat4u.
    const text = `「支部助手：⏰ 还没打卡的同志请尽快打卡」\n${DASHES}\n打卡`;
    expect(await world.ask(world.zhang, text)).toContain('张三 打卡成功');
    const row = world.db.$client.prepare(`SELECT payload FROM ${INBOX_MESSAGES}`).get() as {
      payload: string;
    };
    expect(JSON.parse(row.payload).quote).toEqual({
      authorName: '支部助手',
      authorId: 'bot-self',
      text: '⏰ 还没打卡的同志请尽快打卡',
    });
  });

  it('a command inside the quoted part never runs, and an @支部助手 there does not address the reply', async () => {
    world = await new WechatWorld().start();
    // wechat4u reads mentions from the whole text, so the bot is in the list (parse-mention-id-list.js).
    const text = `「张三：@支部助手\u2005请假 11-03 出差」\n${DASHES}\n好的`;
    expect(await world.say(world.li, text, { mentions: [world.self] })).toEqual([]);
    expect(world.count(`${INBOX_MESSAGES} AND status = 'done'`)).toBe(1);
    const quoteOfLeave = `「书记：请假 11-03 出差」\n${DASHES}\n请假 11-04 出差`;
    expect(await world.ask(world.li, quoteOfLeave)).toContain('李四 请假 11月4日（1 天）');
    expect(world.count('leaves')).toBe(1);
  });

  it("donut: the quoted text comes first (donut-tester#78); the quoted 请假 is not the replier's", async () => {
    world = await new WechatWorld().start();
    const text = '请假 11-05 至 11-06 下乡\n- - - - - - - - - - - - - - - - \n收到';
    expect(await world.say(world.wang, text)).toEqual([]);
    const row = world.db.$client.prepare(`SELECT payload FROM ${INBOX_MESSAGES}`).get() as {
      payload: string;
    };
    expect(JSON.parse(row.payload)).toMatchObject({
      text: '收到',
      quote: { text: '请假 11-05 至 11-06 下乡' },
    });
    expect(world.count('leaves')).toBe(0);
  });
});

describe('WeChat fidelity: group events', () => {
  it('renaming the group (room-topic) renames the chat and the branch named after it', async () => {
    world = await new WechatWorld().start();
    const renamed = waitFor(world.wechaty, 'room-topic');
    world.room.topic('第一党支部（机关）').by(world.owner);
    await renamed;
    await world.settle();
    const branch = world.db.$client.prepare('SELECT name FROM branches').get() as { name: string };
    expect(branch.name).toBe('第一党支部（机关）');
    expect(await world.ask(world.owner, '汇总 本月')).toContain('第一党支部（机关） · ');
  });

  it('the bot added to a group greets it with the command list', async () => {
    world = await new WechatWorld().start();
    const room2 = world.mocker.createRoom({
      id: 'branch-2@chatroom',
      topic: '第二党支部',
      ownerId: world.li.id,
      adminIdList: [],
      memberIdList: [world.li.id, world.wang.id],
    });
    const joined = waitFor(world.wechaty, 'room-join');
    room2.add(world.self).by(world.li);
    await joined;
    await world.settle();
    const greeting = world.puppet.sent.find((s) => s.to === 'branch-2@chatroom');
    expect(greeting?.text).toContain('大家好，我是支部助手');
    expect(greeting?.text).toContain('📖 支部助手命令');
    expect(greeting?.text).toContain('打卡 — ');
  });

  it('a late message from a removed member does not re-admit them', async () => {
    world = await new WechatWorld().start();
    const left = waitFor(world.wechaty, 'room-leave');
    world.room.remove(world.wang).by(world.owner);
    await left;
    await world.settle();
    expect(await world.say(world.wang, '打卡', { sentAt: world.clock.now() - 60_000 })).toEqual([]);
    expect(await world.ask(world.owner, '未打卡')).not.toContain('王五');
  });

  it('send returns the platform message ids Wechaty gives', async () => {
    world = await new WechatWorld().start();
    const result = await world.adapter.send({
      platform: 'wechat',
      chatId: 'branch-1@chatroom',
      text: '今晚 8 点学习',
      idempotencyKey: 'k-1',
    });
    expect(result.messageIds).toEqual([`sent-${world.puppet.sent.length}`]);
  });
});
