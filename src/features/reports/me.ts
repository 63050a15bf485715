import { defineCommand } from '../../core/context.js';
import { monthPeriod } from '../../domain/period.js';
import { timeOf } from '../../domain/time.js';
import { memberCheckinLine } from '../checkin/report.js';
import { findCheckin } from '../checkin/store.js';
import { memberStreak } from '../checkin/commands.js';
import { meSections } from '../../core/feature.js';

export const meCommand = defineCommand({
  name: '我的',
  aliases: ['me'],
  usage: ['我的'],
  summary: '查看自己的连续打卡、本月打卡、迟到和请假',
  role: 'member',
  inPrivate: true,
  run(ctx) {
    const { db, branch, member, today, tz } = ctx;
    const [y, m] = today.split('-').map(Number) as [number, number];
    const mine = memberCheckinLine(db, member, monthPeriod(y, m), today);
    const todays = findCheckin(db, branch.id, member.id, today);
    const lines = [
      `👤 ${member.name}（${branch.name}）`,
      `今日：${todays ? `已打卡 ${todays.kind === 'makeup' ? '（补卡）' : timeOf(todays.at, tz)}${todays.late ? '（迟到）' : ''}` : '未打卡'}`,
      `连续打卡 ${memberStreak(db, branch.id, member.id, today)} 天`,
      `本月打卡 ${mine?.checked ?? 0} 天，迟到 ${mine?.late ?? 0} 次，请假 ${mine?.leave ?? 0} 天，缺勤 ${mine?.missed ?? 0} 天`,
    ];
    for (const section of meSections) lines.push(...section(ctx));
    ctx.reply(lines.join('\n'));
  },
});
