import { describe, expect, it } from 'vitest';
import { extractText } from '../../../adapters/lark/extract-text.js';
import type { LarkMessageEvent } from '../../../adapters/lark/payloads.js';
import { readReceiptOf } from '../../../adapters/lark/read-receipt.js';
import { legacyCardToIncoming, messageToIncoming, usersOf } from '../../../adapters/lark/to-incoming.js';
import {
  atAllMentions,
  legacyCard,
  messageRead,
  p2pTextNullMentions,
  postUnwrapped,
  postZhCn,
} from './fixtures/documented.js';

const NOW = 1_800_000_000_000;
const bot = { botOpenId: 'ou_bot', now: NOW };
const withMessage = (patch: Record<string, unknown>): LarkMessageEvent => ({
  ...p2pTextNullMentions,
  message: { ...p2pTextNullMentions.message, chat_type: 'group', ...patch },
});

describe('documented Feishu payloads → IncomingMessage', () => {
  it('reads a p2p message whose mentions are null (documented receive_v1 shape, live capture)', () => {
    expect(messageToIncoming(p2pTextNullMentions, bot)).toMatchObject({
      chatType: 'private',
      text: '帮助',
      mentions: [],
      addressed: true,
    });
  });

  it('survives null or missing fields anywhere and returns nothing instead of throwing', () => {
    const broken: unknown[] = [
      null,
      {},
      { sender: null, message: null },
      { sender: { sender_id: null }, message: p2pTextNullMentions.message },
      withMessage({ content: null }),
      withMessage({ content: '{"text":null}' }),
      withMessage({ message_type: 'post', content: '{"title":null,"content":null}' }),
    ];
    for (const ev of broken) expect(() => messageToIncoming(ev as LarkMessageEvent, bot)).not.toThrow();
    expect(messageToIncoming(withMessage({ content: '{"text":null}' }), bot)).toBeUndefined();
    expect(
      extractText('text', '{"text":"@_user_1 打卡"}', [null, { key: null, id: null }], 'ou_bot'),
    ).toEqual({
      text: '打卡',
      mentions: [],
      botMentioned: false,
    });
    expect(usersOf({ chat_id: 'oc', users: null })).toEqual([]);
  });

  it('keeps a post title apart from the body and finds the command after @bot (unwrapped post)', () => {
    const mentions = [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: '支部助手' }];
    expect(extractText('post', postUnwrapped, mentions, 'ou_bot')).toEqual({
      text: '打卡 走访3户',
      title: '今日打卡',
      mentions: [],
      botMentioned: true,
    });
    const msg = messageToIncoming(
      withMessage({ message_type: 'post', content: postUnwrapped, mentions }),
      bot,
    )!;
    expect(msg.text).toBe('打卡 走访3户');
    expect(msg.addressed).toBe(true);
  });

  it('reads the zh_cn-wrapped post the same way, unaddressed without an @bot', () => {
    expect(extractText('post', postZhCn, null, 'ou_bot')).toEqual({
      text: '打卡 走访3户',
      title: '今日打卡',
      mentions: [],
      botMentioned: false,
    });
  });

  it('never strips @所有人 or @someone else, and says the bot mention was already resolved', () => {
    const all = messageToIncoming(
      withMessage({ content: '{"text":"@_all 打卡"}', mentions: atAllMentions }),
      bot,
    )!;
    expect(all).toMatchObject({
      text: '@所有人 打卡',
      mentions: [],
      addressed: false,
      mentionsResolved: true,
    });
    const other = messageToIncoming(
      withMessage({
        content: '{"text":"@_user_1 打卡"}',
        mentions: [{ key: '@_user_1', id: { open_id: 'ou_li' }, name: '李四' }],
      }),
      bot,
    )!;
    expect(other).toMatchObject({
      text: '@李四 打卡',
      mentions: [{ userId: 'ou_li', name: '李四' }],
      addressed: false,
    });
  });

  it('answers in the thread only for a message sent in a thread, not for a quoted reply', () => {
    const inThread = messageToIncoming(withMessage({ thread_id: 'omt_1a2b3c', root_id: 'om_root' }), bot)!;
    expect(inThread.replyToMessageId).toBe(p2pTextNullMentions.message.message_id);
    const quoted = messageToIncoming(withMessage({ root_id: 'om_root', parent_id: 'om_root' }), bot)!;
    expect(quoted.replyToMessageId).toBeUndefined();
  });

  it("turns an old-format card click (top-level open_id and action) into the clicker's command", () => {
    expect(
      legacyCardToIncoming(legacyCard('oc_branch', 'ou_li'), { now: NOW, messageId: 'card:v1:x' }),
    ).toMatchObject({
      messageId: 'card:v1:x',
      chatId: 'oc_branch',
      senderId: 'ou_li',
      text: '打卡',
      addressed: true,
    });
    // Without open_chat_id the adapter supplies the chat it looked up; without either, nothing.
    expect(
      legacyCardToIncoming(legacyCard(undefined, 'ou_li'), { now: NOW, messageId: 'm' }),
    ).toBeUndefined();
    expect(
      legacyCardToIncoming(legacyCard(undefined, 'ou_li'), { now: NOW, messageId: 'm', chatId: 'oc_b' })
        ?.chatId,
    ).toBe('oc_b');
  });

  it('reads a message_read_v1 event into a neutral read receipt', () => {
    expect(readReceiptOf(messageRead)).toEqual({
      platform: 'lark',
      readerId: 'ou_zhang',
      messageIds: ['om_dc13264520392913993dd051dba21dcf'],
      readAt: 1609484183000,
    });
    expect(readReceiptOf({ reader: null, message_id_list: ['om_1'] })).toBeUndefined();
    expect(readReceiptOf({ ...messageRead, message_id_list: null })).toBeUndefined();
  });
});
