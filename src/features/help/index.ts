import type { Feature } from '../../core/feature.js';
import { helpCommand, helpText } from './command.js';

/** 帮助, and the greeting with the command list when the bot joins a group. */
export const helpFeature: Feature = {
  name: 'help',
  commands: [helpCommand],
  on: {
    botJoined: (ctx) =>
      ctx.reply(`👋 大家好，我是支部助手：在群里发消息就能办理下面这些事。\n${helpText(ctx.registry, '')}`),
  },
};
