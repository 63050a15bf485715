import type { CommandContext } from '../../core/context.js';
import type { Period } from '../../domain/period.js';
import { timeOf } from '../../domain/time.js';
import { memberStreak } from './commands.js';
import { memberCheckinLine } from './report.js';
import { findCheckin } from './store.js';
import { calendarFromSettings, dayOffReason, isBranchCheckinDay, lastCountedDay } from './calendar.js';

/** What a period is called in 我的: 本月 while it is the running month, else its label. */
export const periodName = (period: Period, today: string) =>
  period.end >= today && period.kind === 'month' ? '本月' : period.label;

/** A member's check-ins in `我的`: today and the streak (while the period runs), and the period's counts. */
export function checkinMeLines(ctx: CommandContext<unknown>, period: Period): string[] {
  const { db, branch, member, today, tz } = ctx;
  const calendar = calendarFromSettings(ctx.settings);
  // Today is counted once its check-in window has closed; before that it is progress (今日：未打卡).
  const mine = memberCheckinLine(
    db,
    member,
    period,
    lastCountedDay(ctx.settings, ctx.at, tz, today),
    calendar,
  );
  const lines: string[] = [];
  // Today and the streak are news only while the period asked about is still running.
  if (period.end >= today) {
    const todays = findCheckin(db, branch.id, member.id, today);
    const dayOff = !isBranchCheckinDay(calendar, today);
    const state = todays
      ? `已打卡 ${todays.kind === 'makeup' ? '（补卡）' : timeOf(todays.at, tz)}${todays.late ? '（迟到）' : ''}`
      : dayOff
        ? '休息日，不用打卡'
        : '未打卡';
    const off = dayOff && todays ? `（${dayOffReason(calendar, today)}，不计入打卡率）` : '';
    lines.push(
      `今日：${state}${off}`,
      `连续打卡 ${memberStreak(db, branch.id, member.id, today, calendar)} 天`,
    );
  }
  lines.push(
    `${periodName(period, today)}打卡 ${mine?.checked ?? 0} 天，迟到 ${mine?.late ?? 0} 次，请假 ${mine?.leave ?? 0} 天，缺勤 ${mine?.missed ?? 0} 天${mine?.offDay ? `；休息日打卡 ${mine.offDay} 次（不计入）` : ''}`,
  );
  return lines;
}
