import { INBOX_MESSAGES } from '../../helpers/harness.js';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { types, type Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { enqueue } from '../../../src/core/outbox.js';
import { at } from '../../helpers/harness.js';
import { WechatWorld, waitFor } from '../../helpers/wechaty-world.js';

let world: WechatWorld;
afterEach(async () => {
  await world?.stop();
});

describe('WeChat group through Wechaty (mock puppet)', () => {
  it('several members checking in in one room are each counted, shown by group nickname', async () => {
    world = await new WechatWorld().start();
    const first = await world.ask(world.zhang, '打卡');
    expect(first).toContain('张三 打卡成功');
    await world.say(world.li, '打卡 走访3户');
    await world.say(world.wang, '签到');
    expect(world.count('checkins')).toBe(3);
    const missing = await world.ask(world.owner, '未打卡');
    expect(missing).toContain('未打卡 1 人');
    expect(missing).toContain('书记');
    expect(world.puppet.sent.every((s) => s.to === 'branch-1@chatroom')).toBe(true);
    expect(world.unexpectedErrors()).toEqual([]);
  });

  it('the same message event delivered twice is counted once and answered once', async () => {
    world = await new WechatWorld().start();
    const replies = await world.say(world.zhang, '打卡', { id: 'dup-1' });
    expect(replies).toHaveLength(1);
    const again = await world.deliver('dup-1');
    expect(again).toEqual([]);
    expect(world.count('checkins')).toBe(1);
    expect(world.count(INBOX_MESSAGES)).toBe(1);
  });

  it("the bot's own messages are not treated as commands", async () => {
    world = await new WechatWorld().start();
    expect(await world.say(world.self, '打卡')).toEqual([]);
    // Its replies come back from the platform as messages too: they must not loop.
    await world.say(world.zhang, '帮助');
    expect(world.count(INBOX_MESSAGES)).toBe(1);
    expect(world.count('checkins')).toBe(0);
    const missing = await world.ask(world.owner, '未打卡');
    expect(missing).not.toContain('支部助手');
  });

  it('members who never spoke are in the branch from the roster sync at login', async () => {
    world = await new WechatWorld().start();
    const missing = await world.ask(world.owner, '未打卡');
    expect(missing).toContain('未打卡 4 人');
    for (const name of ['书记', '张三', '李四', '王五']) expect(missing).toContain(name);
  });

  it('a member joining the group appears in 未打卡, one leaving does not', async () => {
    world = await new WechatWorld().start();
    const zhao = world.mocker.createContact({ id: 'wx-zhao', name: '赵六' });
    const joined = waitFor(world.wechaty, 'room-join');
    world.room.add(zhao).by(world.owner);
    await joined;
    await world.settle();
    const left = waitFor(world.wechaty, 'room-leave');
    world.room.remove(world.wang).by(world.owner);
    await left;
    await world.settle();
    const missing = await world.ask(world.owner, '未打卡');
    expect(missing).toContain('赵六');
    expect(missing).not.toContain('王五');
    expect(world.unexpectedErrors()).toEqual([]);
  });

  it('the room owner can use secretary commands and a member cannot', async () => {
    world = await new WechatWorld().start();
    expect(await world.ask(world.zhang, '汇总 本月')).toContain('需要书记权限');
    expect(await world.ask(world.owner, '汇总 本月')).toContain('第一党支部 · ');
    expect(await world.ask(world.owner, '设置 书记 @李四', { mentions: [world.li] })).toContain(
      '已将 李四 设为书记',
    );
  });

  it('an @mention of the bot is removed and makes the message addressed', async () => {
    world = await new WechatWorld().start();
    const reply = await world.ask(world.zhang, '@支部助手\u2005打卡', { mentions: [world.self] });
    expect(reply).toContain('张三 打卡成功');
    // Unknown words addressed to the bot get an answer; plain chat does not.
    expect(await world.ask(world.li, '@支部助手\u2005你好', { mentions: [world.self] })).toContain(
      '没有「你好」这个命令',
    );
    expect(await world.say(world.li, '大家好')).toEqual([]);
  });

  it('a reply that carries mentions is sent with room.say(text, ...contacts)', async () => {
    world = await new WechatWorld().start();
    enqueue(
      world.db,
      {
        platform: 'wechat',
        chatId: 'branch-1@chatroom',
        payload: {
          text: '还没打卡，请尽快',
          mentions: [
            { userId: 'wx-li', name: '李四' },
            { userId: 'wx-wang', name: '王五' },
          ],
        },
      },
      world.clock.now(),
    );
    world.app.sender.wake();
    await world.settle();
    const sent = world.puppet.sent.at(-1)!;
    expect(sent.mentionIds).toEqual(['wx-li', 'wx-wang']);
    expect(sent.text).toMatch(/^@李四.@王五.还没打卡，请尽快$/u);
  });

  it('the missing list @mentions the members concerned', async () => {
    world = await new WechatWorld().start();
    await world.say(world.zhang, '打卡');
    await world.say(world.owner, '未打卡');
    const sent = world.puppet.sent.at(-1)!;
    expect(sent.mentionIds.sort()).toEqual(['wx-li', 'wx-owner', 'wx-wang'].sort());
  });

  it("the evening reminder @mentions those who have not checked in; the secretary's follow-up goes privately", async () => {
    // Three check-in days (Tue–Thu): under the default 工作日 calendar a weekend has no reminder.
    world = await new WechatWorld(undefined, '2026-11-02 20:00').start();
    for (const day of ['2026-11-03', '2026-11-04', '2026-11-05']) {
      world.clock.set(at(`${day} 08:00`));
      await world.say(world.owner, '打卡');
      await world.say(world.zhang, '打卡');
    }
    world.clock.set(at('2026-11-05 20:00'));
    world.app.scheduler.runDue();
    await world.settle();
    const reminder = world.puppet.sent.find((s) => s.text.includes('⏰'))!;
    expect(reminder.to).toBe('branch-1@chatroom');
    expect(reminder.mentionIds.sort()).toEqual(['wx-li', 'wx-wang']);
    expect(reminder.text).toMatch(/^@李四.@王五.⏰/u);
    const note = world.puppet.sent.find((s) => s.text.includes('连续 3 个打卡日未打卡'))!;
    expect(note.to).toBe('wx-owner');
  });

  it('a long reply is split at line boundaries, mentions on the first piece only', async () => {
    world = await new WechatWorld().start();
    const lines = Array.from({ length: 300 }, (_, i) => `第 ${i + 1} 行：党员学习记录`);
    enqueue(
      world.db,
      {
        platform: 'wechat',
        chatId: 'branch-1@chatroom',
        payload: { text: lines.join('\n'), mentions: [{ userId: 'wx-li', name: '李四' }] },
      },
      world.clock.now(),
    );
    world.app.sender.wake();
    await world.settle();
    const pieces = world.puppet.sent;
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces[0]!.mentionIds).toEqual(['wx-li']);
    expect(pieces.slice(1).every((p) => p.mentionIds.length === 0)).toBe(true);
    const body = pieces.map((p) => p.text.replace(/^@李四.\s*/u, '')).join('\n');
    expect(body).toBe(lines.join('\n'));
  });

  it('a file in a reply is sent as a FileBox after the text', async () => {
    world = await new WechatWorld().start();
    const path = join(dirname(world.dbPath), 'ledger.xlsx');
    writeFileSync(path, 'xlsx bytes');
    enqueue(
      world.db,
      {
        platform: 'wechat',
        chatId: 'branch-1@chatroom',
        payload: { text: '本月台账', file: { path, name: '台账-2026-11.xlsx' } },
      },
      world.clock.now(),
    );
    world.app.sender.wake();
    await world.settle();
    expect(world.puppet.sent.at(-1)!.text).toBe('本月台账');
    expect(world.puppet.files).toEqual([{ to: 'branch-1@chatroom', name: '台账-2026-11.xlsx' }]);
  });

  it('导出 sends the ledger file to the group', async () => {
    world = await new WechatWorld().start();
    await world.say(world.zhang, '打卡');
    await world.say(world.owner, '导出 本月');
    expect(world.puppet.files).toHaveLength(1);
    expect(world.puppet.files[0]!.to).toBe('branch-1@chatroom');
    expect(world.puppet.files[0]!.name).toMatch(/\.(xlsx|csv)$/);
  });

  it('"操作过于频繁" from WeChat pauses sending and the outbox retries later', async () => {
    world = await new WechatWorld().start();
    world.puppet.failures.push(new Error('发送失败：操作过于频繁，请稍后再试'));
    const started = Date.now();
    const replies = await world.say(world.zhang, '打卡');
    expect(replies).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(world.count("outbox WHERE status = 'sent'")).toBe(1);
  });

  it('a system notice "操作过于频繁" pauses sending too', async () => {
    world = await new WechatWorld().start();
    // puppet-wechat: WeChat's system lines arrive with the room as talker.
    await world.say(world.room, '操作过于频繁，请稍后再试', { type: types.Message.Unknown });
    const started = Date.now();
    expect(await world.say(world.li, '打卡')).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('check-ins delivered late keep their sent time, and their confirmations are gathered', async () => {
    world = await new WechatWorld().start();
    world.clock.set(at('2026-11-02 09:30'));
    await replay(world, [world.owner, world.zhang, world.li, world.wang], '打卡', (i) =>
      at(`2026-11-02 07:5${i}`),
    );
    const times = world.db.$client.prepare('SELECT at FROM checkins ORDER BY at').all() as { at: number }[];
    expect(times.map((t) => t.at)).toEqual([0, 1, 2, 3].map((i) => at(`2026-11-02 07:5${i}`)));
    const sent = world.puppet.sent.map((s) => s.text);
    expect(sent.length).toBeLessThanOrEqual(2);
    for (const name of ['书记', '张三', '李四', '王五']) expect(sent.join('\n')).toContain(name);
    // Sent before the 09:00 end of the window: not late, although handled at 09:30.
    expect(sent.join('\n')).not.toContain('迟到');
  });

  it('replies to messages older than 10 minutes are gathered into one message', async () => {
    world = await new WechatWorld().start();
    world.clock.set(at('2026-11-02 12:00'));
    await replay(world, [world.owner, world.zhang, world.li, world.wang], '我的', (i) =>
      at(`2026-11-02 10:0${i}`),
    );
    const sent = world.puppet.sent.map((s) => s.text);
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(sent.at(-1)).toMatch(/^以下是对离线期间 \d 条消息的答复：/);
    for (const name of ['书记', '张三', '李四', '王五']) expect(sent.join('\n')).toContain(`👤 ${name}`);
  });
});

/** Messages the platform delivers in a burst after downtime, each with its original time. */
async function replay(
  world: WechatWorld,
  who: mock.ContactMock[],
  text: string,
  sentAt: (i: number) => number,
): Promise<void> {
  const ids = who.map((_, i) => `replay-${i}`);
  const seen = Promise.all(ids.map((id) => waitFor<[Message]>(world.wechaty, 'message', (m) => m.id === id)));
  who.forEach((c, i) => {
    world.mocker.MessageMock.create({
      id: ids[i]!,
      talkerId: c.id,
      roomId: world.room.id,
      text,
      timestamp: sentAt(i),
      type: types.Message.Text,
      mentionIdList: [],
    });
  });
  for (const id of ids) world.puppet.emit('message', { messageId: id });
  await seen;
  await world.settle();
}
