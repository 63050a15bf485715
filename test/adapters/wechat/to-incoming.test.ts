import { describe, expect, it } from 'vitest';
import { displayName, stripSelfMention, toIncoming } from '../../../adapters/wechat/to-incoming.js';
import {
  image,
  mentionsBotAndMember,
  officialAccountNotice,
  ownMessage,
  plainCheckin,
  privateMessage,
  textOnlyMention,
} from './fixtures/messages.js';

describe('WeChat message → IncomingMessage', () => {
  it('a room message: the room is the chat, the talker the sender by group nickname, its own time', () => {
    expect(toIncoming(plainCheckin)).toEqual({
      platform: 'wechat',
      messageId: '8712345678901234567',
      chatId: '20001234567@chatroom',
      chatTitle: '第一党支部',
      chatType: 'group',
      senderId: 'wxid_zhang',
      senderName: '张三',
      text: '打卡 走访3户',
      sentAt: Date.parse('2026-11-02T07:58:00+08:00'),
      addressed: false,
      mentions: [],
      chatOwnerId: 'wxid_owner',
    });
  });

  it("the bot's @mention (by its group nickname) is removed; other mentions stay in the text and in mentions", () => {
    const m = toIncoming(mentionsBotAndMember)!;
    expect(m.text).toBe('设置 书记 @李四');
    expect(m.addressed).toBe(true);
    expect(m.mentions).toEqual([{ userId: 'wxid_li', name: '李四' }]);
  });

  it('an @ of the bot in the text alone still addresses it', () => {
    const m = toIncoming(textOnlyMention)!;
    expect(m.text).toBe('未打卡');
    expect(m.addressed).toBe(true);
  });

  it('a private message is addressed to the bot and its chat is the person', () => {
    expect(toIncoming(privateMessage)).toMatchObject({
      chatType: 'private',
      chatId: 'wxid_li',
      senderId: 'wxid_li',
      senderName: '李四',
      addressed: true,
      text: '我的',
    });
  });

  it("the bot's own messages and non-text messages are ignored", () => {
    expect(toIncoming(ownMessage)).toBeUndefined();
    expect(toIncoming(image)).toBeUndefined();
  });

  it('a private notice from an official account (公众号) is not answered', () => {
    expect(toIncoming(officialAccountNotice)).toBeUndefined();
  });

  it('names fall back from group nickname to WeChat name to id', () => {
    expect(displayName({ id: 'x', name: '李四', roomAlias: ' ' })).toBe('李四');
    expect(displayName({ id: 'x', name: '' })).toBe('x');
  });

  it('a mention of someone whose name starts like the bot is left alone', () => {
    expect(stripSelfMention('@支部助手二号 你好', { id: 'b', name: '支部助手' })).toEqual({
      text: '@支部助手二号 你好',
      found: false,
    });
    expect(stripSelfMention('打卡 @支部助手', { id: 'b', name: '支部助手' })).toEqual({
      text: '打卡',
      found: true,
    });
  });
});
