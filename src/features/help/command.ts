import { defineCommand, roleName, usageOf } from '../../core/context.js';
import type { Registry } from '../../core/registry.js';
import { normalizeText } from '../../core/text.js';

/** The command list, or one command's usage when `name` is given. */
export function helpText(registry: Registry, rawName: string): string {
  const name = normalizeText(rawName);
  if (name) {
    const command = registry.router.find(name);
    if (!command) return `没有「${name}」这个命令。发送「帮助」查看全部命令。`;
    const who = command.role === 'member' ? '所有成员' : `${roleName[command.role]}及以上`;
    const aliases = command.aliases.length ? `（也可以发：${command.aliases.join('、')}）` : '';
    return [
      `「${command.name}」${aliases}：${command.summary}`,
      `使用者：${who}`,
      '用法：',
      ...usageOf(command, registry).map((u) => `　${u}`),
    ].join('\n');
  }
  const lines = ['📖 支部助手命令（发送「帮助 命令名」看用法）：'];
  for (const c of registry.router.commands())
    lines.push(`${c.name}${c.role === 'member' ? '' : `［${roleName[c.role]}］`} — ${c.summary}`);
  lines.push('命令前可加 @机器人、# 或 /；全角字符同样识别。');
  return lines.join('\n');
}

export const helpCommand = defineCommand({
  name: '帮助',
  aliases: ['help', '?', '菜单'],
  usage: ['帮助　列出全部命令', '帮助 命令名　例：帮助 打卡'],
  summary: '命令列表和用法',
  role: 'member',
  inPrivate: true,
  run: (ctx) => ctx.reply(helpText(ctx.registry, ctx.rawArgs)),
  answerAlone: (rawArgs, registry) => helpText(registry, rawArgs),
});
