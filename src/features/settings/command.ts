import { defineCommand, roleName, type CommandContext } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { formatWindow, parseWindow } from '../../domain/checkin-window.js';
import { audit } from '../../core/audit.js';
import {
  countWithRole,
  findMemberByIdentity,
  findMembersByName,
  roleOf,
  setRole,
  type Member,
} from '../../core/members.js';
import type { Role } from '../../core/schema.js';
import { setSetting } from '../../core/settings.js';

/** One `设置 <名称> <值>` entry. Capabilities add their own by pushing to `settingHandlers`. */
export interface SettingHandler {
  name: string;
  aliases?: string[];
  usage: string;
  /** `设置 <名称>` without a value is allowed: `apply` gets '' (e.g. to show the current value). */
  valueOptional?: boolean;
  /** The current value for the `设置` listing; undefined hides it. */
  describe?: (ctx: CommandContext<unknown>) => string | undefined;
  /** Applies the value; returns the confirmation. Throws UserError on a bad value. */
  apply: (ctx: CommandContext<unknown>, value: string) => string;
}

const roleWords: Record<string, Role> = {
  书记: 'secretary',
  副书记: 'secretary',
  委员: 'committee',
  组织委员: 'committee',
  党员: 'member',
  成员: 'member',
};

/** The member a `设置 书记 @李四` points at: a platform mention first, else a unique name. */
export function targetMember(ctx: CommandContext<unknown>, value: string): Member {
  const mention = ctx.msg.mentions?.[0];
  if (mention) {
    const found = findMemberByIdentity(ctx.db, ctx.branch.id, ctx.msg.platform, mention.userId);
    if (found) return found;
  }
  const name = value.replace(/^@/, '').trim();
  if (!name) throw new UserError('请 @ 要设置的成员，例如：设置 书记 @李四');
  const found = findMembersByName(ctx.db, ctx.branch.id, name);
  if (found.length === 0)
    throw new UserError(`本支部没有名为「${name}」的成员（成员需在群里发过言或由群成员列表同步）。`);
  if (found.length > 1) throw new UserError(`有 ${found.length} 位成员叫「${name}」，请在群里直接 @ 对方。`);
  return found[0]!;
}

const roleSetting = (word: string): SettingHandler => ({
  name: word,
  usage: `设置 ${word} @成员`,
  apply(ctx, value) {
    const role = roleWords[word]!;
    const target = targetMember(ctx, value);
    const before = roleOf(ctx.db, target.id);
    if (
      before === 'secretary' &&
      role !== 'secretary' &&
      countWithRole(ctx.db, ctx.branch.id, 'secretary') <= 1
    ) {
      throw new UserError('支部至少要有一位书记：请先设置新的书记。');
    }
    setRole(ctx.db, target.id, role, ctx.member.id, ctx.at);
    audit(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      action: 'role.set',
      detail: { target: target.id, from: before, to: role },
      at: ctx.at,
    });
    return `已将 ${target.name} 设为${roleName[role]}（原为${roleName[before]}）。`;
  },
});

export const settingHandlers: SettingHandler[] = [
  roleSetting('书记'),
  roleSetting('副书记'),
  roleSetting('委员'),
  roleSetting('党员'),
  {
    name: '打卡时间',
    usage: '设置 打卡时间 05:00-09:00（晚于结束时间算迟到）',
    describe: (ctx) => ctx.settings.checkinWindow,
    apply(ctx, value) {
      const window = formatWindow(parseWindow(value));
      setSetting(ctx.db, ctx.branch.id, 'checkinWindow', window);
      return `打卡时间已设为 ${window}，${window.split('-')[1]} 以后打卡记为迟到。`;
    },
  },
  {
    name: '补卡天数',
    aliases: ['补卡'],
    usage: '设置 补卡天数 7（可补最近几天的卡，0–31）',
    describe: (ctx) => `${ctx.settings.makeupDays} 天`,
    apply(ctx, value) {
      const n = Number(value.replace(/天$/, ''));
      if (!Number.isInteger(n) || n < 0 || n > 31) throw new UserError('补卡天数请写 0 到 31 之间的整数。');
      setSetting(ctx.db, ctx.branch.id, 'makeupDays', String(n));
      return `补卡天数已设为 ${n} 天。`;
    },
  },
];

function findHandler(name: string): SettingHandler | undefined {
  return settingHandlers.find((h) => h.name === name || h.aliases?.includes(name));
}

export const settingsCommand = defineCommand<{ handler?: SettingHandler; value: string }>({
  name: '设置',
  aliases: ['settings', 'set'],
  get usage() {
    return ['设置（列出当前设置）', ...settingHandlers.map((h) => h.usage)];
  },
  summary: '支部设置与角色（书记、委员）',
  role: 'secretary',
  parse(raw) {
    if (!raw) return { value: '' };
    const space = raw.indexOf(' ');
    const name = space === -1 ? raw : raw.slice(0, space);
    const handler = findHandler(name);
    if (!handler) throw new UserError(`没有「${name}」这项设置。`, true);
    const value = space === -1 ? '' : raw.slice(space + 1).trim();
    if (!value && !handler.valueOptional) throw new UserError(`请写明要设置的值。用法：${handler.usage}`);
    return { handler, value };
  },
  run(ctx) {
    const { handler, value } = ctx.args;
    if (handler) {
      ctx.reply(`⚙️ ${handler.apply(ctx, value)}`);
      return;
    }
    const lines = [`⚙️ ${ctx.branch.name} 的设置：`];
    for (const h of settingHandlers) {
      const current = h.describe?.(ctx);
      if (current !== undefined) lines.push(`${h.name}：${current}`);
    }
    lines.push('修改：设置 <名称> <值>，例如「设置 打卡时间 05:00-09:00」「设置 委员 @李四」');
    ctx.reply(lines.join('\n'));
  },
});
