import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LarkCardActionEvent, LarkEnvelope, LarkMessageEvent } from '../../../adapters/lark/payloads.js';
import {
  cardActionToIncoming,
  extractText,
  messageToIncoming,
  parseLarkTime,
  usersOf,
} from '../../../adapters/lark/to-incoming.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
const NOW = 1_800_000_000_000;
const chat = {
  title: '第一党支部',
  ownerId: 'ou_owner',
  nameOf: (id: string) =>
    ({ ou_84aad35d084aa403a838cf73ee18467: '王书记', ou_zhang: '张三', ou_li: '李四' })[id],
};

describe('Feishu message events → IncomingMessage', () => {
  it('removes the bot mention found by open_id (whatever its @_user key) and keeps others as mentions', () => {
    const env = fixture<LarkEnvelope>('message-text-mentions.json');
    const msg = messageToIncoming(env.event as LarkMessageEvent, {
      botOpenId: 'ou_bot',
      header: env.header,
      chat,
      now: NOW,
    })!;
    expect(msg).toEqual({
      platform: 'lark',
      messageId: 'om_5ce6d572455d361153b7cb51da133945',
      chatId: 'oc_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
      chatTitle: '第一党支部',
      chatOwnerId: 'ou_owner',
      chatType: 'group',
      senderId: 'ou_84aad35d084aa403a838cf73ee18467',
      senderName: '王书记',
      text: '设置 书记 @李四',
      sentAt: 1793577600000,
      mentions: [{ userId: 'ou_li', name: '李四' }],
      addressed: true,
      mentionsResolved: true,
    });
  });

  it('reads rich-text (post) messages paragraph by paragraph', () => {
    const ev = fixture<LarkMessageEvent>('message-post.json');
    const msg = messageToIncoming(ev, { botOpenId: 'ou_bot', chat, now: NOW })!;
    expect(msg.text).toBe('学习签到 《党章》第一章 30分钟\n\n和 @王五 一起');
    expect(msg.mentions).toEqual([{ userId: 'ou_wang', name: '王五' }]);
    expect(msg.addressed).toBe(true);
    expect(msg.senderName).toBe('张三');
  });

  it('unwraps a locale-wrapped post, keeps its title apart and reads links and @all', () => {
    const content = JSON.stringify({
      zh_cn: {
        title: '通知',
        content: [
          [
            { tag: 'at', user_id: 'all' },
            { tag: 'text', text: ' 见 ' },
            { tag: 'a', text: '文件', href: 'https://x' },
          ],
        ],
      },
    });
    expect(extractText('post', content, [], 'ou_bot')).toEqual({
      text: '@所有人 见 文件',
      title: '通知',
      mentions: [],
      botMentioned: false,
    });
  });

  it('is not addressed in a group without the bot mention, and is addressed in a private chat', () => {
    const base = fixture<LarkMessageEvent>('message-post.json');
    const plain = {
      ...base,
      message: {
        ...base.message,
        message_type: 'text',
        content: JSON.stringify({ text: '打卡' }),
        mentions: [],
      },
    };
    expect(messageToIncoming(plain, { botOpenId: 'ou_bot', now: NOW })).toMatchObject({
      text: '打卡',
      addressed: false,
      chatType: 'group',
      senderName: '',
    });
    const p2p = { ...plain, message: { ...plain.message, chat_type: 'p2p' } };
    expect(messageToIncoming(p2p, { botOpenId: 'ou_bot', now: NOW })).toMatchObject({
      addressed: true,
      chatType: 'private',
    });
  });

  it('ignores messages from bots (its own included), non-text messages and broken content', () => {
    const base = fixture<LarkMessageEvent>('message-post.json');
    const fromApp = { ...base, sender: { sender_id: { open_id: 'ou_other_bot' }, sender_type: 'app' } };
    const fromSelf = { ...base, sender: { sender_id: { open_id: 'ou_bot' }, sender_type: 'user' } };
    const image = {
      ...base,
      message: { ...base.message, message_type: 'image', content: '{"image_key":"img_x"}' },
    };
    const broken = { ...base, message: { ...base.message, message_type: 'text', content: '{not json' } };
    const noId = { ...base, message: { ...base.message, message_id: undefined } };
    for (const ev of [fromApp, fromSelf, image, broken, noId])
      expect(messageToIncoming(ev, { botOpenId: 'ou_bot', now: NOW })).toBeUndefined();
  });

  it('takes the send time from the message, not the processing time', () => {
    expect(parseLarkTime('1793577600000')).toBe(1793577600000);
    expect(parseLarkTime('1793577600000000')).toBe(1793577600000);
    expect(parseLarkTime('1793577600')).toBe(1793577600000);
    expect(parseLarkTime('abc')).toBeUndefined();
    const base = fixture<LarkMessageEvent>('message-post.json');
    const noTime = { ...base, message: { ...base.message, create_time: undefined } };
    expect(messageToIncoming(noTime, { header: { create_time: '1793577601000' }, now: NOW })!.sentAt).toBe(
      1793577601000,
    );
    expect(messageToIncoming(noTime, { now: NOW })!.sentAt).toBe(NOW);
  });
});

describe('Feishu card clicks and member events', () => {
  it('turns a button click into a message from the clicking member, keyed by the event id', () => {
    const env = fixture<LarkEnvelope>('card-action.json');
    const msg = cardActionToIncoming(env.event as LarkCardActionEvent, {
      header: env.header,
      chat,
      now: NOW,
    })!;
    expect(msg).toMatchObject({
      messageId: 'card:f7984f25108f8137722bb63cee927e66',
      chatId: 'oc_branch',
      senderId: 'ou_li',
      senderName: '李四',
      text: '打卡',
      sentAt: 1793577600000,
      addressed: true,
    });
  });

  it('ignores clicks on buttons that carry no command', () => {
    const env = fixture<LarkEnvelope>('card-action.json');
    const ev = { ...(env.event as LarkCardActionEvent), action: { value: { url: 'x' } } };
    expect(cardActionToIncoming(ev, { header: env.header, now: NOW })).toBeUndefined();
  });

  it('reads the users of a member event (their ids are objects)', () => {
    expect(
      usersOf({
        chat_id: 'oc',
        users: [{ name: '赵六', user_id: { open_id: 'ou_zhao', user_id: 'u' } }, { name: 'x' }],
      }),
    ).toEqual([{ userId: 'ou_zhao', name: '赵六' }]);
  });
});
