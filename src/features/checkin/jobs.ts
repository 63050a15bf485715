import type { Job } from '../../core/feature.js';
import { membersWithRole } from '../../core/members.js';
import { dayPeriod } from '../../domain/period.js';
import { shortDay } from '../../domain/time.js';
import { missingInARow, missingOn } from './missing.js';
import { calendarFromSettings, isBranchCheckinDay } from './calendar.js';

/**
 * The evening reminder: who has not checked in today; three check-in days in a row goes to the
 * secretaries. Nothing at all on a day off (国庆, a weekend under 工作日, the branch's own 休息日).
 */
export const reminderJob: Job = {
  id: 'reminder',
  name: '提醒',
  setting: 'reminder',
  defaultSchedule: 'on 20:00',
  cadence: 'daily',
  onlyOnDueDay: true,
  period: dayPeriod,
  run(ctx, p) {
    const calendar = calendarFromSettings(ctx.settings);
    if (!isBranchCheckinDay(calendar, p.start)) return;
    const { missing } = missingOn(ctx.db, ctx.branch.id, p.start, calendar);
    if (missing.length > 0) {
      ctx.reply(
        `⏰ ${shortDay(p.start)} 还有 ${missing.length} 人未打卡，请记得发送「打卡」（请假请发「请假 今天 原因」）。`,
        { mention: missing },
      );
    }
    // Three days in a row is a pattern for the secretary to follow up, not for the group to see.
    const absent = missingInARow(ctx.db, ctx.branch.id, p.start, 3, calendar);
    if (absent.length > 0) {
      ctx.dm(
        membersWithRole(ctx.db, ctx.branch.id, 'secretary'),
        `🔔 ${ctx.branch.name}：${absent.map((m) => m.name).join('、')} 已连续 3 个打卡日未打卡（截至 ${shortDay(p.start)}），请了解情况。`,
      );
    }
  },
};
