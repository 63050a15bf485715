import type { Job } from '../../core/feature.js';
import { currentMembers, membersWithRole } from '../../core/members.js';
import { monthLabel, monthOf, standardFor } from '../../domain/dues.js';
import { formatFen } from '../../domain/money.js';
import { monthPeriod, quarterPeriod } from '../../domain/period.js';
import { addDays } from '../../domain/time.js';
import { duesPublicText } from './publish.js';
import { accountOf, ledgerState, standardsByMember, unpaidRun } from './store.js';

/** A member this many months behind in a row is a matter for the branch (党章 第九条). */
export const ARREARS_MONTHS = 6;

/**
 * The monthly reminder (default the 5th, 09:00): @mentions the members who have not paid this
 * month (a payment waiting for 确认 counts as paid), and tells the secretaries privately who is
 * six months or more behind.
 */
export const duesReminderJob: Job = {
  id: 'dues-reminder',
  name: '党费提醒',
  setting: 'duesReminder',
  defaultSchedule: 'on 5 09:00',
  cadence: 'monthly',
  period: (dueDay) => monthPeriod(Number(dueDay.slice(0, 4)), Number(dueDay.slice(5, 7))),
  run(ctx, period) {
    const standards = standardsByMember(ctx.db, ctx.branch.id);
    if (standards.size === 0) return;
    const month = monthOf(period.start);
    const state = ledgerState(ctx.db, ctx.branch.id);
    const unpaid = [];
    const behind: string[] = [];
    for (const m of currentMembers(ctx.db, ctx.branch.id)) {
      const own = standards.get(m.id);
      if (!own || !standardFor(own, month)) continue;
      const a = accountOf(state, m.id, own, month);
      if (a.withPending.covered.includes(month)) continue;
      unpaid.push(m);
      const run = unpaidRun(a, month);
      if (run >= ARREARS_MONTHS)
        behind.push(
          `${m.name}：自${monthLabel(a.owed[0]!)}起连续 ${run} 个月未交，共 ${formatFen(a.owedFen - a.withPending.creditFen)}`,
        );
    }
    if (unpaid.length)
      ctx.reply(
        `💴 ${monthLabel(month)}党费还有 ${unpaid.length} 人未交，请尽快交纳：发「交党费 金额」或「交党费 1个月」。`,
        { mention: unpaid },
      );
    if (behind.length)
      ctx.dm(
        membersWithRole(ctx.db, ctx.branch.id, 'secretary'),
        [
          `⚠️ ${ctx.branch.name} 党费连续 ${ARREARS_MONTHS} 个月以上未交（党章第九条：无正当理由连续六个月不交纳党费，视为自行脱党，请支部先了解情况、谈心提醒）：`,
          ...behind,
        ].join('\n'),
      );
  },
};

/** The quarterly 党费公示 (default the 1st of the quarter's next month, 10:00): the quarter just ended. */
export const duesNoticeJob: Job = {
  id: 'dues-notice',
  name: '党费公示',
  setting: 'duesNotice',
  defaultSchedule: 'on 1 10:00',
  cadence: 'quarterly',
  period: (dueDay) => {
    const d = addDays(dueDay, -1);
    return quarterPeriod(Number(d.slice(0, 4)), Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1);
  },
  run(ctx, period) {
    const text = duesPublicText(ctx, period);
    if (text) ctx.reply(text);
  },
};
