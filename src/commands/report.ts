import { defineCommand } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { parsePeriod, type Period } from '../domain/period.js';
import { shortDay } from '../domain/time.js';
import { buildCheckinReport, formatRate } from '../reports/checkin-report.js';
import { leavesOverlapping } from '../store/checkins.js';
import { checkinsBetween } from '../store/checkins.js';
import { currentMembers, platformUserIds } from '../store/members.js';
import { summarySections } from './sections.js';

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
    const period = ctx.args;
    const report = buildCheckinReport(ctx.db, ctx.branch.id, period, ctx.today);
    if (!report) throw new UserError(`${period.label}还没有开始。`);
    const lines = [
      `📊 ${ctx.branch.name} · ${period.label} 汇总`,
      `统计 ${shortDay(period.start)} 至 ${shortDay(report.through)}，成员 ${report.members.length} 人`,
      `打卡率 ${formatRate(report.rate)}（实到 ${report.checked} / 应到 ${report.expected} 人日；请假 ${report.leave} 人日不计）`,
      `迟到 ${report.late} 次，补卡 ${report.makeup} 次，缺勤 ${report.missed} 人日`,
    ];
    const worst = report.members.filter((l) => l.missed > 0).sort((a, b) => b.missed - a.missed).slice(0, 5);
    if (worst.length) lines.push(`缺勤最多：${worst.map((l) => `${l.name} ${l.missed} 天`).join('、')}`);
    for (const section of summarySections) lines.push(...section(ctx, period, report.through));
    if (report.members.length) {
      lines.push('—— 每人：打卡/迟到/缺勤/请假 ——');
      for (const l of report.members) lines.push(`${l.name} ${l.checked}/${l.late}/${l.missed}/${l.leave}`);
    }
    ctx.reply(lines.join('\n'));
  },
});
