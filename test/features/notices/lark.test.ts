import { afterEach, describe, expect, it } from 'vitest';
import { CHAT, LarkHarness, people } from '../../adapters/lark/lark-harness.js';

let h: LarkHarness;
afterEach(async () => {
  await h?.stop();
});

describe('notices on Feishu (real SDK against the fake Feishu server)', () => {
  it('posts a notice, keeps its Feishu message id, and shows 已读 beside 收到 from read events', async () => {
    h = await LarkHarness.start('webhook');
    // Members speak once so they are known with their open_ids (the roster sync does the same).
    for (const p of [people.zhang, people.li, people.wang]) await h.say(p, '帮助');
    const [posted] = await h.say(people.secretary, '通知 截止 11-05 18:00 明天15:00开支部党员大会');
    expect(posted).toContain('📢 第1号通知');
    const sent = h.fake.messages[h.fake.messages.length - 1]!;
    // Everyone expected is @mentioned in the Feishu message itself.
    for (const p of [people.zhang, people.li, people.wang])
      expect(JSON.stringify(sent.content)).toContain(p.openId);

    // The outbox keeps the id Feishu gave the message.
    const row = h.db.$client
      .prepare(
        "SELECT platform_message_ids AS ids FROM outbox WHERE json_extract(payload, '$.mergeData.postedNotice') IS NOT NULL",
      )
      .get() as { ids: string };
    expect(JSON.parse(row.ids)).toEqual([sent.messageId]);

    expect(await h.say(people.zhang, '收到')).toEqual(['✅ 已收到第1号通知：张三（回执 1/3（33.3%））']);

    // Feishu read receipts (im.message.message_read_v1) arrive as inbox read events.
    for (const [eventId, reader] of [
      ['read-1', people.zhang],
      ['read-2', people.wang],
    ] as const) {
      await h.app.sink({
        type: 'read',
        platform: 'lark',
        eventId,
        chatId: CHAT,
        at: h.clock.now(),
        readerId: reader.openId,
        messageIds: [sent.messageId],
      });
    }
    await h.app.inbox.idle();
    const [receipt] = await h.say(people.secretary, '回执 1');
    expect(receipt).toContain('已收到 1 人：张三 08:00（已读）');
    expect(receipt).toContain('未回复 2 人：李四、王五（已读）');
    expect(receipt).toContain('飞书已读 2 人');
  });
});
