/** Pad protocols name groups `…@chatroom` (`…@im.chatroom` for WeCom groups); the web protocol `@@…`. */
export function isRoomId(id: string): boolean {
  return id.endsWith('@chatroom') || id.startsWith('@@');
}

/**
 * WeChat's own accounts, which are not people: wechat4u's SPECIALUSERS (lib/util/conf.js) and
 * every 公众号 (`gh_…`).
 */
const SPECIAL = new Set([
  'weixin',
  'filehelper',
  'newsapp',
  'fmessage',
  'floatbottle',
  'medianote',
  'qqmail',
  'tmessage',
  'qmessage',
  'qqsync',
  'lbsapp',
  'shakeapp',
  'qqfriend',
  'readerapp',
  'blogapp',
  'masssendapp',
  'feedsapp',
  'voip',
  'blogappweixin',
  'brandsessionholder',
  'weixinreminder',
  'officialaccounts',
  'notification_messages',
  'notifymessage',
  'wxitil',
  'userexperience_alarm',
  'mphelper',
]);

export function isWechatAccount(id: string): boolean {
  return SPECIAL.has(id) || id.startsWith('gh_');
}

/**
 * Texts WeChat writes in place of what the web and pad protocols cannot show (a transfer, a red
 * packet, a call): "收到转账0.10元。如需收钱，请点此升级至最新版本" (the transfer appmsg's des),
 * "收到红包，请在手机上查看", "收到一条视频/语音聊天消息，请在手机上查看" (itchat's and the
 * wechaty ChatGPT bots' lists of web-protocol noise).
 */
const PLACEHOLDER =
  /^(?:收到转账|向你转账|收到红包|发出红包|群收款消息|收到一条.*请在手机上查看|\[收到了?一[个条].*\]|当前微信版本不支持)/;

export function isWechatPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

/**
 * Whether a message is one of WeChat's own system notices (where "操作过于频繁" can come from):
 * the room or WeChat itself as talker, or a non-text note the bot's account received from no one
 * (wechat4u and padlocal set such a note's talker to the bot itself: message-parser-room).
 * A member's own content (a link title, a file name, a text) never is.
 */
export function isSystemNotice(input: {
  talkerId: string;
  selfId: string;
  roomId?: string;
  isText: boolean;
  isNote: boolean;
}): boolean {
  if (input.talkerId === input.roomId || isRoomId(input.talkerId) || isWechatAccount(input.talkerId))
    return true;
  return input.talkerId === input.selfId && !input.isText && input.isNote;
}
