import { defineCommand, roleName } from '../../core/context.js';
import type { SettingEntry } from '../../core/feature.js';
import { targetMember } from '../../core/target.js';
import { UserError } from '../../domain/user-error.js';
import { audit } from '../../core/audit.js';
import { countWithRole, roleOf, setRole } from '../../core/members.js';
import { getSettings } from '../../core/settings.js';
import type { Role } from '../../core/schema.js';

const roleWords: Record<string, Role> = {
  书记: 'secretary',
  副书记: 'secretary',
  委员: 'committee',
  组织委员: 'committee',
  党员: 'member',
  成员: 'member',
};

const roleSetting = (word: string): SettingEntry => ({
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

export const roleSettings: SettingEntry[] = [
  roleSetting('书记'),
  roleSetting('副书记'),
  roleSetting('委员'),
  roleSetting('党员'),
];

function findEntry(entries: readonly SettingEntry[], name: string): SettingEntry | undefined {
  return entries.find((h) => h.name === name || h.aliases?.includes(name));
}

export const settingsCommand = defineCommand<{ handler?: SettingEntry; value: string }>({
  name: '设置',
  aliases: ['settings', 'set'],
  usage: (registry) => ['设置（列出当前设置）', ...registry.settingEntries.map((h) => h.usage)],
  summary: '支部设置与角色（书记、委员）',
  role: 'secretary',
  parse(raw, ctx) {
    if (!raw) return { value: '' };
    const space = raw.indexOf(' ');
    const name = space === -1 ? raw : raw.slice(0, space);
    const handler = findEntry(ctx.registry.settingEntries, name);
    if (!handler) throw new UserError(`没有「${name}」这项设置。`, true);
    const value = space === -1 ? '' : raw.slice(space + 1).trim();
    if (!value && !handler.valueOptional) throw new UserError(`请写明要设置的值。用法：${handler.usage}`);
    return { handler, value };
  },
  run(ctx) {
    const { handler, value } = ctx.args;
    if (handler) {
      const answer = handler.apply(ctx, value);
      // Every change to a stored setting is audited here, from the settings before and after,
      // so no entry can forget (roles, 党费 standards and 组织 audit their own tables).
      const after = getSettings(ctx.db, ctx.branch.id, ctx.registry.settingDefaults);
      for (const [key, to] of Object.entries(after))
        if (to !== ctx.settings[key]) ctx.audit(`settings.${key}`, { from: ctx.settings[key], to });
      ctx.reply(`⚙️ ${answer}`);
      return;
    }
    const lines = [`⚙️ ${ctx.branch.name} 的设置：`];
    for (const h of ctx.registry.settingEntries) {
      const current = h.describe?.(ctx);
      if (current !== undefined) lines.push(`${h.name}：${current}`);
    }
    lines.push('修改：设置 <名称> <值>，例如「设置 打卡时间 05:00-09:00」「设置 委员 @李四」');
    ctx.reply(lines.join('\n'));
  },
});
