import { eq, inArray } from 'drizzle-orm';
import type { JobContext } from '../../core/context.js';
import type { Job } from '../../core/feature.js';
import { members } from '../../core/schema.js';
import { dayPeriod } from '../../domain/period.js';
import { DEFAULT_FOLLOW_UP_MINUTES } from './parse.js';
import { claimDeadline, claimFollowUp, noticesOwingWork, receiptsOf, tallyOf, type Notice } from './store.js';
import { formatAt, quoted, tallyText } from './text.js';

/**
 * Checked every minute: the one follow-up (@ those who have not answered, `设置 通知提醒`) and,
 * at the deadline, the list sent privately to whoever posted the notice. Each is claimed on the
 * notice's row in the transaction that writes the message, so it goes out exactly once, also
 * after a restart or downtime.
 */
export const noticeFollowUpJob: Job = {
  id: 'notices.followUp',
  name: '通知跟进',
  setting: 'noticeChecks',
  defaultSchedule: 'on 00:00',
  cadence: 'minutely',
  period: dayPeriod,
  run(ctx) {
    for (const n of noticesOwingWork(ctx.db, ctx.chat.id)) {
      if (n.followedUpAt === null) followUp(ctx, n);
      if (n.deadlineAt !== null && n.deadlineToldAt === null && ctx.at >= n.deadlineAt) tellSender(ctx, n);
    }
  },
};

function followUp(ctx: JobContext, n: Notice): void {
  const setting = Number(ctx.settings.noticeFollowUpMinutes);
  // When follow-ups are off the claim still happens (at the default delay), so the row leaves the check.
  const dueAt = n.postedAt + (setting > 0 ? setting : DEFAULT_FOLLOW_UP_MINUTES) * 60_000;
  if (ctx.at < dueAt || !claimFollowUp(ctx.db, n.id, ctx.at)) return;
  if (setting <= 0) return;
  // Past the deadline a follow-up helps nobody (the sender gets the list instead).
  if (n.deadlineAt !== null && ctx.at > n.deadlineAt) return;
  const missing = receiptsOf(ctx.db, n.id).filter((r) => r.answeredAt === null);
  if (missing.length === 0) return;
  const people = ctx.db
    .select()
    .from(members)
    .where(
      inArray(
        members.id,
        missing.map((r) => r.memberId),
      ),
    )
    .all();
  ctx.reply(
    [
      `⏰ 第${n.number}号通知还有 ${missing.length} 人未回复「收到」：${missing.map((r) => r.name).join('、')}`,
      quoted(n, 60),
      ...(n.deadlineAt !== null ? [`截止：${formatAt(n.deadlineAt, ctx.tz)}`] : []),
      `请回复「收到 ${n.number}」。`,
    ].join('\n'),
    // Tagged like the notice itself: replying to the follow-up, or reading it, counts too.
    { mention: people, mergeData: { postedNotice: n.id } },
  );
}

function tellSender(ctx: JobContext, n: Notice): void {
  if (!claimDeadline(ctx.db, n.id, ctx.at)) return;
  const sender = ctx.db.select().from(members).where(eq(members.id, n.senderId)).get();
  if (!sender) return;
  const tally = tallyOf(ctx.db, n.id);
  const missing = receiptsOf(ctx.db, n.id).filter((r) => r.answeredAt === null);
  ctx.dm(
    [sender],
    [
      `第${n.number}号通知${quoted(n)}已到截止时间（${formatAt(n.deadlineAt!, ctx.tz)}），回执 ${tallyText(tally)}。`,
      missing.length
        ? `未回复 ${missing.length} 人：${missing.map((r) => r.name).join('、')}`
        : '全部已回复「收到」。',
    ].join('\n'),
  );
}
