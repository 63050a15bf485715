import { defineCommand } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { UserError } from '../../domain/user-error.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { timeOf } from '../../domain/time.js';
import { memberCheckinLine } from '../checkin/report.js';
import { findCheckin } from '../checkin/store.js';
import { memberStreak } from '../checkin/commands.js';
import { meSections } from '../../core/feature.js';

export const meCommand = defineCommand<Period>({
  name: '我的',
  aliases: ['me'],
  usage: ['我的 [时段]　例：我的、我的 上月、我的 2026-10（默认本月）'],
  summary: '查看自己的连续打卡，以及某一时段（默认本月）的打卡、迟到和请假',
  role: 'member',
  inPrivate: true,
  parse: (raw, ctx) => parsePeriod(raw, ctx.today),
  glued: gluedWhen((rest) => parsePeriod(rest, FORM_DAY)),
  run(ctx) {
    const { db, branch, member, today, tz } = ctx;
    const period = ctx.args;
    if (period.start > today) throw new UserError(`${period.label}还没有开始。`);
    const mine = memberCheckinLine(db, member, period, today);
    const lines = [`👤 ${member.name}（${branch.name}）`];
    // Today and the streak are news only while the period asked about is still running.
    if (period.end >= today) {
      const todays = findCheckin(db, branch.id, member.id, today);
      lines.push(
        `今日：${todays ? `已打卡 ${todays.kind === 'makeup' ? '（补卡）' : timeOf(todays.at, tz)}${todays.late ? '（迟到）' : ''}` : '未打卡'}`,
        `连续打卡 ${memberStreak(db, branch.id, member.id, today)} 天`,
      );
    }
    const name = period.end >= today && period.kind === 'month' ? '本月' : period.label;
    lines.push(
      `${name}打卡 ${mine?.checked ?? 0} 天，迟到 ${mine?.late ?? 0} 次，请假 ${mine?.leave ?? 0} 天，缺勤 ${mine?.missed ?? 0} 天`,
    );
    for (const section of meSections) lines.push(...section(ctx));
    ctx.reply(lines.join('\n'));
  },
});
