import type { JobContext } from '../../core/context.js';
import type { Job } from '../../core/feature.js';
import { leavesOverlapping } from '../../core/leaves.js';
import { membersDuring, membersWithRole } from '../../core/members.js';
import { cadencePeriodOf, compliance, type MeetingCadence } from '../../domain/meetings.js';
import { dayPeriod, monthPeriod, type Period } from '../../domain/period.js';
import { addDays, dayOf, shortDay, timeOf, type Day } from '../../domain/time.js';
import { findAttendance, meetingsBetween, pendingMeetings, usesMeetings } from './store.js';
import { expectedMembers, meetingName, meetingWhen } from './shared.js';

/**
 * The morning reminder of today's meetings, @mentioning those expected who have neither signed in
 * nor asked for leave. The scheduler runs jobs daily at most, so this is not "an hour before":
 * one post in the morning (default 08:00) for every meeting still to start today.
 */
export const meetingReminderJob: Job = {
  id: 'meeting-reminder',
  name: '会议提醒',
  setting: 'meetingReminder',
  defaultSchedule: 'on 08:00',
  cadence: 'daily',
  onlyOnDueDay: true,
  period: dayPeriod,
  run(ctx, p) {
    const today = pendingMeetings(ctx.db, ctx.branch.id).filter(
      (m) => m.day === p.start && m.startsAt > ctx.at,
    );
    for (const m of today) {
      const onLeave = new Set(leavesOverlapping(ctx.db, ctx.branch.id, m.day, m.day).map((l) => l.memberId));
      const ids = new Set(
        expectedMembers(ctx.db, m)
          .filter((x) => !onLeave.has(x.id) && !findAttendance(ctx.db, m.id, x.id))
          .map((x) => x.id),
      );
      if (ids.size === 0) continue;
      const mention = membersDuring(ctx.db, ctx.branch.id, m.day, m.day).filter((x) => ids.has(x.id));
      const where = m.place ? `，地点：${m.place}` : '';
      ctx.reply(
        `⏰ 今天 ${timeOf(m.startsAt, ctx.tz)} ${meetingName(m)}${where}，请准时参加。${timeOf(m.startsAt - 30 * 60_000, ctx.tz)} 起发送「参会 ${m.number}」签到；不能参加请发「会议请假 ${m.number} 原因」。`,
        { mention },
      );
    }
  },
};

const LABEL: Record<MeetingCadence, (p: Period) => string> = {
  month: (p) => `${Number(p.start.slice(5, 7))}月`,
  quarter: (p) => p.label.replace(/^\d{4}年/, ''),
  year: (p) => p.label,
};

/** What the branch owes on `dueDay` (the 1st): the periods just ended, then the current ones. */
export function watchLines(ctx: JobContext, dueDay: Day): string[] {
  const since = dayOf(ctx.branch.createdAt, ctx.tz);
  // The last day of the previous month, whichever day of this month the note is set for.
  const lastDay = addDays(`${dueDay.slice(0, 7)}-01`, -1);
  const held = meetingsBetween(ctx.db, ctx.branch.id, `${Number(lastDay.slice(0, 4)) - 1}-01-01`, dueDay)
    .filter((m) => m.endedAt !== null && m.cancelledAt === null)
    .map((m) => ({ kind: m.kind, day: m.day }));
  const lines: string[] = [];
  // Periods that ended yesterday: last month, and last quarter or year when they ended with it.
  for (const cadence of ['month', 'quarter', 'year'] as const) {
    const p = cadencePeriodOf(cadence, lastDay);
    if (p.end !== lastDay) continue;
    const missed = compliance(held, { start: p.start, through: p.end, since })
      .filter((r) => r.cadence === cadence && r.done < r.due)
      .map((r) => r.name);
    if (missed.length) lines.push(`❗ ${LABEL[cadence](p)}未召开：${missed.join('、')}`);
  }
  // The periods now running, with what is already called for them.
  const pending = pendingMeetings(ctx.db, ctx.branch.id);
  for (const cadence of ['month', 'quarter', 'year'] as const) {
    const p = cadencePeriodOf(cadence, dueDay);
    const owed = compliance(held, { start: p.start, through: dueDay, since })
      .filter((r) => r.cadence === cadence && r.done < r.due)
      .map((r) => {
        const called = pending.find((m) => m.kind === r.kind && m.day >= p.start && m.day <= p.end);
        return called ? `${r.name}（已安排 ${meetingWhen(called, ctx.tz)}）` : r.name;
      });
    if (owed.length) lines.push(`📌 ${LABEL[cadence](p)}（至 ${shortDay(p.end)}）应召开：${owed.join('、')}`);
  }
  // A meeting held but never closed does not count: say which.
  const unclosed = pending.filter((m) => m.startsAt < ctx.at && m.day < dueDay);
  for (const m of unclosed)
    lines.push(
      `⚠️ ${meetingName(m)}（${meetingWhen(m, ctx.tz)}）还没有「结束会议 ${m.number}」，结束后才计入。`,
    );
  return lines;
}

/**
 * The cadence watchdog: on the 1st, privately to the secretaries, what the branch owes under the
 * 支部工作条例. Only for branches that keep their meetings here (called at least one).
 */
export const meetingWatchJob: Job = {
  id: 'meeting-watch',
  name: '会议督促',
  setting: 'meetingWatch',
  defaultSchedule: 'on 1 09:00',
  cadence: 'monthly',
  period: (dueDay) => {
    // The month that just ended (the run's key: one note per month).
    const [y, m] = [Number(dueDay.slice(0, 4)), Number(dueDay.slice(5, 7))];
    return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
  },
  run(ctx) {
    if (!usesMeetings(ctx.db, ctx.branch.id)) return;
    const lines = watchLines(ctx, ctx.today);
    if (lines.length === 0) return;
    ctx.dm(
      membersWithRole(ctx.db, ctx.branch.id, 'secretary'),
      [`🏛️ ${ctx.branch.name} 三会一课提醒（按《支部工作条例》）：`, ...lines].join('\n'),
    );
  },
};
