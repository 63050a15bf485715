import type { CommandContext } from '../../core/context.js';
import type { Period } from '../../domain/period.js';
import { timeOf } from '../../domain/time.js';
import { memberStreak } from './commands.js';
import { memberCheckinLine } from './report.js';
import { findCheckin } from './store.js';

/** What a period is called in 我的: 本月 while it is the running month, else its label. */
export const periodName = (period: Period, today: string) =>
  period.end >= today && period.kind === 'month' ? '本月' : period.label;

/** A member's check-ins in `我的`: today and the streak (while the period runs), and the period's counts. */
export function checkinMeLines(ctx: CommandContext<unknown>, period: Period): string[] {
  const { db, branch, member, today, tz } = ctx;
  const mine = memberCheckinLine(db, member, period, today);
  const lines: string[] = [];
  // Today and the streak are news only while the period asked about is still running.
  if (period.end >= today) {
    const todays = findCheckin(db, branch.id, member.id, today);
    const state = todays
      ? `已打卡 ${todays.kind === 'makeup' ? '（补卡）' : timeOf(todays.at, tz)}${todays.late ? '（迟到）' : ''}`
      : '未打卡';
    lines.push(`今日：${state}`, `连续打卡 ${memberStreak(db, branch.id, member.id, today)} 天`);
  }
  lines.push(
    `${periodName(period, today)}打卡 ${mine?.checked ?? 0} 天，迟到 ${mine?.late ?? 0} 次，请假 ${mine?.leave ?? 0} 天，缺勤 ${mine?.missed ?? 0} 天`,
  );
  return lines;
}
