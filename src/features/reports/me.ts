import { defineCommand } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { UserError } from '../../domain/user-error.js';

/** `我的 [时段]`: the member's own record, each feature adding its lines. */
export const meCommand = defineCommand<Period>({
  name: '我的',
  aliases: ['me'],
  usage: ['我的 [时段]　例：我的、我的 上月、我的 2026-10（默认本月）'],
  summary: '查看自己的连续打卡，以及某一时段（默认本月）的打卡、学习、捐款等',
  role: 'member',
  inPrivate: true,
  parse: (raw, ctx) => parsePeriod(raw, ctx.today),
  glued: gluedWhen((rest) => parsePeriod(rest, FORM_DAY)),
  run(ctx) {
    const period = ctx.args;
    if (period.start > ctx.today) throw new UserError(`${period.label}还没有开始。`);
    const lines = [`👤 ${ctx.member.name}（${ctx.branch.name}）`];
    for (const f of ctx.registry.features) lines.push(...(f.meLines?.(ctx, period) ?? []));
    ctx.reply(lines.join('\n'));
  },
});
