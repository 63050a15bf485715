import { defineCommand } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { UserError } from '../../domain/user-error.js';
import { summaryMessage } from '../../reports/summary-text.js';

export const summaryCommand = defineCommand<Period>({
  name: '汇总',
  aliases: ['统计', 'summary'],
  usage: ['汇总 [时段]　例：汇总 本月、汇总 上周、汇总 11月、汇总 11-01至11-15、汇总 2026-Q3（默认本月）'],
  summary: '某一时段各项工作的汇总：打卡率、学习、关怀基金……',
  role: 'secretary',
  parse: (raw, ctx) => parsePeriod(raw, ctx.today),
  glued: gluedWhen((rest) => parsePeriod(rest, FORM_DAY)),
  run(ctx) {
    const summary = summaryMessage(ctx, ctx.args);
    if (!summary) throw new UserError(`${ctx.args.label}还没有开始。`);
    ctx.reply(summary.text, { card: summary.card });
  },
});
