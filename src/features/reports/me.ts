import { defineCommand } from '../../core/context.js';
import { monthPeriod, type Period } from '../../domain/period.js';

/** `我的`: the member's own record, each feature adding its lines. */
export const meCommand = defineCommand({
  name: '我的',
  aliases: ['me'],
  usage: ['我的'],
  summary: '查看自己的连续打卡、本月打卡、迟到和请假',
  role: 'member',
  inPrivate: true,
  run(ctx) {
    const [y, m] = ctx.today.split('-').map(Number) as [number, number];
    const period: Period = monthPeriod(y, m);
    const lines = [`👤 ${ctx.member.name}（${ctx.branch.name}）`];
    for (const f of ctx.registry.features) lines.push(...(f.meLines?.(ctx, period) ?? []));
    ctx.reply(lines.join('\n'));
  },
});
