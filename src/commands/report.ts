import { defineCommand } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { parsePeriod, type Period } from '../domain/period.js';
import { shortDay } from '../domain/time.js';
import { summaryText } from '../reports/summary-text.js';
import { leavesOverlapping } from '../store/checkins.js';
import { checkinsBetween } from '../store/checkins.js';
import { currentMembers, platformUserIds } from '../store/members.js';

const MAX_MENTIONS = 50;

export const missingCommand = defineCommand({
  name: '未打卡',
  aliases: ['missing'],
  usage: ['未打卡'],
  summary: '今天还没打卡的成员（请假的除外）',
  role: 'secretary',
  run(ctx) {
    const { db, branch, today } = ctx;
    const checked = new Set(checkinsBetween(db, branch.id, today, today).map((c) => c.memberId));
    const onLeave = new Set(leavesOverlapping(db, branch.id, today, today).map((l) => l.memberId));
    const everyone = currentMembers(db, branch.id);
    const missing = everyone.filter((m) => !checked.has(m.id) && !onLeave.has(m.id));
    const leave = everyone.filter((m) => onLeave.has(m.id) && !checked.has(m.id));
    const lines = [
      missing.length === 0
        ? `🎉 ${shortDay(today)} 全员已打卡（${checked.size}/${everyone.length - leave.length}）。`
        : `${shortDay(today)} 未打卡 ${missing.length} 人（已打卡 ${checked.size}/${everyone.length - leave.length}）：${missing.map((m) => m.name).join('、')}`,
    ];
    if (leave.length) lines.push(`请假 ${leave.length} 人：${leave.map((m) => m.name).join('、')}`);
    // The platform @mentions those still missing (a capped number: a wall of @ reads as spam).
    const ids = platformUserIds(db, missing.slice(0, MAX_MENTIONS).map((m) => m.id), ctx.msg.platform);
    const mentions = missing.flatMap((m) => (ids.has(m.id) ? [{ userId: ids.get(m.id)!, name: m.name }] : []));
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
    const text = summaryText(ctx, ctx.args);
    if (!text) throw new UserError(`${ctx.args.label}还没有开始。`);
    ctx.reply(text);
  },
});
