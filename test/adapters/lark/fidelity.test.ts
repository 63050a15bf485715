import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GREETING as WELCOME } from '../../../src/features/help/index.js';
import { envelope, legacyCardRequest, messageEvent, signedRequest } from '../../helpers/lark-events.js';
import {
  cardTrigger,
  legacyCard,
  p2pTextNullMentions,
  postUnwrapped,
  schemaV1Message,
} from './fixtures/documented.js';
import { CHAT, LarkHarness, people } from './lark-harness.js';

let h: LarkHarness;
afterEach(async () => {
  await h?.stop();
});

/** A pino logger whose lines land in `lines` (warn and up), to check what an operator would see. */
function capture() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const log = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe('Feishu fidelity: what real Feishu delivers', () => {
  it('answers 200 to a p2p message with "mentions": null and replies', async () => {
    h = await LarkHarness.start();
    const ev = envelope('im.message.receive_v1', {
      ...p2pTextNullMentions,
      message: { ...p2pTextNullMentions.message, create_time: String(h.clock.now()) },
    });
    const res = await h.post('/lark/events', signedRequest(ev));
    expect(res.statusCode).toBe(200);
    await h.settle();
    expect(h.count('inbox')).toBe(1);
    expect(h.fake.texts().join()).toContain('打卡');
  });

  it('answers 200 and warns with the type for an event it cannot understand, and for schema 1.0', async () => {
    const { log, lines } = capture();
    h = await LarkHarness.start('webhook', { log });
    const unknown = await h.post(
      '/lark/events',
      signedRequest(envelope('im.chat.disbanded_v1', { chat_id: CHAT })),
    );
    expect(unknown.statusCode).toBe(200);
    expect(lines.some((l) => l.eventType === 'im.chat.disbanded_v1')).toBe(true);
    const broken = await h.post('/lark/events', signedRequest(envelope('im.message.receive_v1', null)));
    expect(broken.statusCode).toBe(200);
    const v1 = await h.post('/lark/events', signedRequest(schemaV1Message));
    expect(v1.statusCode).toBe(200);
    const hint = lines.find((l) => l.schema === '1.0');
    expect(hint?.msg).toContain('事件与回调');
    expect(hint?.msg).toContain('im.message.receive_v1');
    await h.settle();
    expect(h.count('inbox')).toBe(0);
  });

  it('reads a post with a title: "今日打卡 / @bot 打卡 走访3户" checks the sender in', async () => {
    h = await LarkHarness.start();
    const replies = await h.sayRaw(
      messageEvent({
        chatId: CHAT,
        senderId: people.zhang.openId,
        text: '',
        messageType: 'post',
        content: postUnwrapped,
        mentions: [{ openId: 'ou_bot', name: '支部助手' }],
        createTime: h.clock.now(),
      }),
    );
    expect(replies.join()).toContain('张三 打卡成功');
    expect(replies.join()).not.toContain('今日打卡」');
  });

  it('never takes "@所有人 打卡" or "@李四 打卡" as the sender\'s own check-in', async () => {
    h = await LarkHarness.start();
    const all = await h.sayRaw({
      ...messageEvent({
        chatId: CHAT,
        senderId: people.secretary.openId,
        text: '@_all 打卡',
        createTime: h.clock.now(),
      }),
    });
    const other = await h.say(people.secretary, '@_user_1 打卡', { mentions: [people.li] });
    expect([...all, ...other]).toEqual([]);
    expect(h.count('checkins')).toBe(0);
  });

  it('answers a command sent in a thread inside that thread (reply API, reply_in_thread)', async () => {
    h = await LarkHarness.start();
    h.fake.messageChats.set('om_in_thread', CHAT);
    await h.sayRaw(
      messageEvent({
        chatId: CHAT,
        senderId: people.zhang.openId,
        text: '打卡',
        messageId: 'om_in_thread',
        threadId: 'omt_1a2b3c4d',
        createTime: h.clock.now(),
      }),
    );
    const reply = h.fake.messages.at(-1)!;
    expect(reply.text).toContain('张三 打卡成功');
    expect(reply).toMatchObject({ replyTo: 'om_in_thread', replyInThread: true, chatId: CHAT });
  });

  it('never shows an open_id when the member list is slow: asks the contact API, else says 成员', async () => {
    h = await LarkHarness.start('webhook', { firstContactWaitMs: 30, nameLookupWaitMs: 500 }, (fake) => {
      fake.memberListDelayMs = 1500;
      fake.contacts.set(people.zhang.openId, '张三');
    });
    expect((await h.say(people.zhang, '打卡')).join()).toContain('✅ 张三 打卡成功');
    const unnamed = (await h.say(people.li, '打卡')).join();
    expect(unnamed).toContain('✅ 未命名成员 打卡成功');
    expect(unnamed).not.toContain('ou_');
  });

  it('checks in from a card.action.trigger callback on both the event and the card endpoint', async () => {
    h = await LarkHarness.start();
    const a = await h.post('/lark/events', signedRequest(cardTrigger(CHAT, people.li.openId, 'evt-card-1')));
    const b = await h.post('/lark/card', signedRequest(cardTrigger(CHAT, people.zhang.openId, 'evt-card-2')));
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().toast.type).toBe('info');
    await h.settle();
    expect(h.count('checkins')).toBe(2);
  });

  it('accepts the old card callback with its SHA-1 signature, refuses it forged, and reads it encrypted', async () => {
    h = await LarkHarness.start();
    const ok = await h.post('/lark/card', legacyCardRequest(legacyCard(CHAT, people.li.openId)));
    expect(ok.statusCode).toBe(200);
    const forged = await h.post(
      '/lark/card',
      legacyCardRequest(legacyCard(CHAT, people.zhang.openId), { verificationToken: 'guess' }),
    );
    expect(forged.statusCode).toBe(401);
    // The SHA-1 form authenticates only an old card body, never a v2 event.
    const smuggled = await h.post(
      '/lark/events',
      legacyCardRequest(messageEvent({ chatId: CHAT, senderId: people.wang.openId, text: '打卡' })),
    );
    expect(smuggled.statusCode).toBe(401);
    // Encrypted with the encrypt key (and so signed like events), without open_chat_id: the chat is looked up.
    h.fake.messageChats.set('om_abcdefg1234567890', CHAT);
    const encrypted = await h.post('/lark/card', signedRequest(legacyCard(undefined, people.zhang.openId)));
    expect(encrypted.statusCode).toBe(200);
    await h.settle();
    expect(h.count('checkins')).toBe(2);
    expect(h.fake.texts().join()).toContain('李四 打卡成功');
    expect(h.fake.texts().join()).toContain('张三 打卡成功');
  });

  it('retries a failed log-in with backoff, shows it in /healthz, then runs', async () => {
    const { log } = capture();
    h = await LarkHarness.start('webhook', { log, loginRetryMs: 40 }, (fake) => (fake.failLogins = 2));
    const starting = (await h.app.server.inject({ method: 'GET', url: '/healthz' })).json();
    expect(starting.adapters.lark).toMatch(/^starting: 登录失败 \d 次，\d+ 秒后重试$/);
    const deadline = Date.now() + 5000;
    while (h.adapter.state !== 'running' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect((await h.app.server.inject({ method: 'GET', url: '/healthz' })).json().adapters.lark).toBe(
      'running',
    );
    expect((await h.say(people.zhang, '打卡')).join()).toContain('张三 打卡成功');
  });

  it('returns the message ids it created, and its welcome agrees with the README on @', async () => {
    h = await LarkHarness.start();
    const sent = await h.adapter.send({
      platform: 'lark',
      chatId: CHAT,
      text: '你好',
      idempotencyKey: 'ids-1',
    });
    expect(sent).toEqual({ messageIds: [h.fake.messages.at(-1)!.messageId] });
    expect(WELCOME).toContain('@我');
    expect(WELCOME).toContain('获取群组中所有消息');
  });
});
