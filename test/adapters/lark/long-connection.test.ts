import { INBOX_MESSAGES } from '../../helpers/harness.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cardActionEvent, messageEvent } from '../../helpers/lark-events.js';
import { CHAT, LarkHarness, people } from './lark-harness.js';

let h: LarkHarness;
afterEach(async () => {
  await h?.stop();
});

describe('Feishu long connection (LARK_MODE=ws)', () => {
  it('connects at start and answers a command received over the connection', async () => {
    h = await LarkHarness.start('ws');
    expect(h.adapter.state).toBe('running');
    expect(h.fake.wsClients).toBe(1);
    const replies = await h.say(people.zhang, '打卡');
    expect(replies.join()).toContain('张三 打卡成功');
  });

  it('acknowledges every frame and stores a redelivered event once', async () => {
    h = await LarkHarness.start('ws');
    const ev = messageEvent({
      chatId: CHAT,
      senderId: people.li.openId,
      text: '打卡',
      createTime: h.clock.now(),
    });
    const acks = [await h.fake.pushEvent(ev), await h.fake.pushEvent(ev)];
    await h.settle();
    expect(acks.map((a) => a.code)).toEqual([200, 200]);
    expect(h.count(INBOX_MESSAGES)).toBe(1);
    expect(h.fake.texts()).toHaveLength(1);
  });

  it('answers a card click with a toast and checks the member in', async () => {
    h = await LarkHarness.start('ws');
    const ack = await h.fake.pushEvent(
      cardActionEvent({ chatId: CHAT, openId: people.wang.openId, value: { command: '打卡' } }),
    );
    expect(ack.code).toBe(200);
    expect((ack.data as { toast: { content: string } }).toast.content).toContain('已收到');
    await h.settle();
    expect(h.fake.texts().join()).toContain('王五 打卡成功');
  });

  it('asks for redelivery (500 ack) when the inbox cannot store the message', async () => {
    h = await LarkHarness.start('ws');
    h.db.$client.close(); // the database is gone: nothing can be stored
    const ack = await h.fake.pushEvent(
      messageEvent({ chatId: CHAT, senderId: people.li.openId, text: '打卡' }),
    );
    expect(ack.code).toBe(500);
    h.db = { $client: { close() {} } } as never; // already closed
  });
});
