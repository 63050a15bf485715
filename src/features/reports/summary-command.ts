import { defineCommand } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { shortDay } from '../../domain/time.js';
import { summaryMessage } from '../../reports/summary-text.js';
import { mentionsFor, missingOn } from '../checkin/missing.js';

export const missingCommand = defineCommand({
  name: '未打卡',
  aliases: ['missing'],
  usage: ['未打卡'],
  summary: '今天还没打卡的成员（请假的除外）',
  role: 'secretary',
  run(ctx) {
    const { missing, onLeave, checked, expected } = missingOn(ctx.db, ctx.branch.id, ctx.today);
    const day = shortDay(ctx.today);
    const lines = [
      missing.length === 0
        ? `🎉 ${day} 全员已打卡（${checked}/${expected}）。`
        : `${day} 未打卡 ${missing.length} 人（已打卡 ${checked}/${expected}）：${missing.map((m) => m.name).join('、')}`,
    ];
    if (onLeave.length) lines.push(`请假 ${onLeave.length} 人：${onLeave.map((m) => m.name).join('、')}`);
    const mentions = mentionsFor(ctx.db, missing, ctx.msg.platform);
    ctx.reply(lines.join('\n'), mentions.length ? { mentions } : {});
  },
});

export const summaryCommand = defineCommand<Period>({
  name: '汇总',
  aliases: ['统计', 'summary'],
  usage: ['汇总 [时段]　例：汇总 本月、汇总 上周、汇总 2026-10、汇总 2026-Q3（默认本月）'],
  summary: '某一时段的打卡率、缺勤、迟到、请假等汇总',
  role: 'secretary',
  parse: (raw, ctx) => parsePeriod(raw, ctx.today),
  run(ctx) {
    const summary = summaryMessage(ctx, ctx.args);
    if (!summary) throw new UserError(`${ctx.args.label}还没有开始。`);
    ctx.reply(summary.text, { card: summary.card });
  },
});
