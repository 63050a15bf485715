import type { Feature } from '../../core/feature.js';
import { helpCommand, helpText } from './command.js';

/**
 * Said when the bot joins a group. Agrees with the README: on Feishu without the
 * 获取群组中所有消息 scope (and in WeChat when the bot is not mentioned by id) only an @ reaches it.
 */
export const GREETING =
  '👋 大家好，我是支部助手。在群里直接发「打卡」「学习签到」「捐款 50」等命令即可；' +
  '如果发了没有回应，请在命令前 @我（飞书应用未开通「获取群组中所有消息」权限时，我只能收到 @我 的消息）。';

/** 帮助, and the greeting with the command list when the bot joins a group. */
export const helpFeature: Feature = {
  name: 'help',
  commands: [helpCommand],
  on: {
    botJoined: (ctx) => ctx.reply(`${GREETING}\n${helpText(ctx.registry, '')}`),
  },
};
