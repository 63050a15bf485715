import { INBOX_MESSAGES } from '../../helpers/harness.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  botAddedEvent,
  cardActionEvent,
  envelope,
  messageEvent,
  signedRequest,
  signRaw,
} from '../../helpers/lark-events.js';
import { CHAT, LarkHarness, people } from './lark-harness.js';

let h: LarkHarness;
afterEach(async () => {
  await h?.stop();
});

describe('Feishu webhook: security', () => {
  it('answers the url_verification challenge, plain with the verification token and encrypted', async () => {
    h = await LarkHarness.start();
    const challenge = { challenge: 'ch-123', token: 'test-verification-token', type: 'url_verification' };
    const plain = await h.post('/lark/events', signedRequest(challenge, { encrypt: false, sign: false }));
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toEqual({ challenge: 'ch-123' });
    const encrypted = await h.post(
      '/lark/card',
      signedRequest({ ...challenge, challenge: 'ch-456' }, { sign: false }),
    );
    expect(encrypted.json()).toEqual({ challenge: 'ch-456' });
    const wrongToken = await h.post(
      '/lark/events',
      signedRequest({ ...challenge, token: 'guess' }, { encrypt: false, sign: false }),
    );
    expect(wrongToken.statusCode).toBe(401);
  });

  it('refuses forged, tampered, stale and unsigned events with 401 and stores or sends nothing', async () => {
    h = await LarkHarness.start();
    const event = () => messageEvent({ chatId: CHAT, senderId: people.zhang.openId, text: '打卡' });
    const forged = signedRequest(event(), { encryptKey: 'not-the-key' });
    const valid = signedRequest(event());
    // Whitespace only: the parsed JSON is the same, the bytes are not.
    const respaced = { ...valid, body: valid.body.replace('{"encrypt":', '{"encrypt": ') };
    const swapped = { body: signedRequest(event()).body, headers: valid.headers };
    const stale = signedRequest(event(), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const future = signedRequest(event(), { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
    const unsigned = signedRequest(event(), { sign: false });
    const wrongToken = signedRequest(envelope('im.message.receive_v1', event().event, { token: 'guess' }));
    for (const req of [forged, respaced, swapped, stale, future, unsigned, wrongToken]) {
      const res = await h.post('/lark/events', req);
      expect(res.statusCode).toBe(401);
    }
    await h.settle();
    expect(h.count(INBOX_MESSAGES)).toBe(0);
    expect(h.fake.messages).toHaveLength(0);
    expect(h.fake.requests.filter((r) => r.path.includes('/chats/'))).toHaveLength(0);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    h = await LarkHarness.start();
    const malformed = await h.post('/lark/events', signRaw('{"encrypt": "abc'));
    expect(malformed.statusCode).toBe(400);
    const notObject = await h.post('/lark/events', signRaw('[1,2]'));
    expect(notObject.statusCode).toBe(400);
    const huge = await h.post(
      '/lark/events',
      signRaw(JSON.stringify({ encrypt: 'x'.repeat(2 * 1024 * 1024) })),
    );
    expect(huge.statusCode).toBe(413);
    expect(h.count(INBOX_MESSAGES)).toBe(0);
  });
});

describe('Feishu webhook: delivery', () => {
  it('stores an event delivered three times once and replies once', async () => {
    h = await LarkHarness.start();
    const ev = messageEvent({
      chatId: CHAT,
      senderId: people.zhang.openId,
      text: '打卡',
      createTime: h.clock.now(),
    });
    const first = signedRequest(ev);
    for (const req of [first, first, signedRequest(ev)])
      expect((await h.post('/lark/events', req)).statusCode).toBe(200);
    // Feishu may also re-push the same message under a new event id.
    await h.deliver({ ...ev, header: { ...ev.header, event_id: 'another-event-id' } });
    await h.settle();
    expect(h.count(INBOX_MESSAGES)).toBe(1);
    expect(h.count('checkins')).toBe(1);
    expect(h.fake.texts()).toHaveLength(1);
    expect(h.fake.texts()[0]).toContain('张三 打卡成功');
  });

  it('works with and without @mentioning the bot, which is recognised by its open_id', async () => {
    h = await LarkHarness.start();
    const withMention = await h.say(people.zhang, '@_user_1 打卡 @_user_2', {
      mentions: [{ openId: 'ou_bot', name: '机器人改了名' }, people.li],
    });
    expect(withMention.join()).toContain('张三 打卡成功');
    const without = await h.say(people.li, '打卡');
    expect(without.join()).toContain('李四 打卡成功');
    // Addressed with an unknown command: an answer instead of silence.
    const unknown = await h.say(people.li, '@_user_1 你好', {
      mentions: [{ openId: 'ou_bot', name: '支部助手' }],
    });
    expect(unknown.join()).toContain('帮助');
    expect(await h.say(people.li, '大家早上好')).toEqual([]);
  });

  it('resolves 设置 书记 @李四 by the mentioned open_id; the chat owner is the secretary', async () => {
    h = await LarkHarness.start();
    const replies = await h.say(people.secretary, '设置 委员 @_user_1', { mentions: [people.li] });
    expect(replies.join()).toContain('已将 李四 设为委员');
  });

  it('sends a reply the platform refused with 500 again with the same uuid, and it appears once', async () => {
    h = await LarkHarness.start();
    h.fake.failNextSends(1, 500);
    await h.say(people.zhang, '打卡');
    expect(h.fake.messages).toHaveLength(1);
    const attempts = h.fake.sendAttempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['500', 'ok']);
    expect(attempts[0]!.uuid).toBeTruthy();
    expect(attempts[1]!.uuid).toBe(attempts[0]!.uuid);
  });

  it('retries later after a 230020 frequency-limit answer (as HTTP 200 or 400)', async () => {
    h = await LarkHarness.start();
    h.fake.failNextSends(1, 230020);
    h.fake.failNextSends(1, '230020-http400');
    await h.say(people.zhang, '打卡');
    const attempts = h.fake.sendAttempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['230020', '230020', 'ok']);
    expect(new Set(attempts.map((a) => a.uuid)).size).toBe(1);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(45);
    expect(h.fake.texts()).toHaveLength(1);
  });

  it('greets a group once when the bot is added, and 未打卡 lists a member who never spoke from the member list', async () => {
    h = await LarkHarness.start();
    const added = botAddedEvent(CHAT, people.secretary.openId);
    await h.deliver(added);
    await h.deliver(added);
    await h.settle();
    expect(h.fake.texts()).toHaveLength(1);
    expect(h.fake.texts()[0]).toContain('支部助手');
    expect(h.fake.texts()[0]).toContain('未打卡');
    await h.say(people.zhang, '打卡');
    const missing = await h.say(people.secretary, '未打卡');
    expect(missing).toHaveLength(1);
    const names = /未打卡 \d+ 人[^：]*：(.+)/.exec(missing[0]!)?.[1]?.split('、');
    expect(names?.sort()).toEqual(['李四', '王书记', '王五'].sort());
    // Those missing are @mentioned the Feishu way.
    expect(missing[0]).toContain('<at user_id="ou_li">李四</at>');
    // The member list was read page by page.
    expect(h.fake.requests.filter((r) => r.path.endsWith('/members')).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the roster current when members are added and removed', async () => {
    h = await LarkHarness.start();
    await h.say(people.secretary, '帮助');
    await h.deliver({
      ...envelope('im.chat.member.user.added_v1', {
        chat_id: CHAT,
        users: [{ name: '赵六', user_id: { open_id: 'ou_zhao' } }],
      }),
    });
    await h.deliver({
      ...envelope('im.chat.member.user.deleted_v1', {
        chat_id: CHAT,
        users: [{ name: '王五', user_id: { open_id: people.wang.openId } }],
      }),
    });
    const missing = (await h.say(people.secretary, '未打卡')).join();
    expect(missing).toContain('赵六');
    expect(missing).not.toContain('王五');
  });

  it('posts 汇总 as a native interactive card with the members table', async () => {
    h = await LarkHarness.start();
    await h.deliver(botAddedEvent(CHAT, people.secretary.openId));
    await h.say(people.zhang, '打卡');
    await h.say(people.secretary, '汇总 本月');
    const card = h.fake.messages.at(-1)!;
    expect(card.msgType).toBe('interactive');
    const json = card.content as { header: { title: { content: string } }; elements: { tag: string }[] };
    expect(json.header.title.content).toContain('第一党支部');
    expect(json.elements.filter((e) => e.tag === 'column_set')).toHaveLength(5); // header + 4 members
    expect(card.text).toContain('张三');
  });

  it('checks a member in when they click a card button, once per click', async () => {
    h = await LarkHarness.start();
    const click = cardActionEvent({ chatId: CHAT, openId: people.li.openId, value: { command: '打卡' } });
    const res = await h.post('/lark/card', signedRequest(click));
    expect(res.statusCode).toBe(200);
    expect(res.json().toast.type).toBe('info');
    await h.post('/lark/card', signedRequest(click));
    await h.settle();
    expect(h.count('checkins')).toBe(1);
    expect(h.fake.texts().join()).toContain('李四 打卡成功');
  });
});
