import { roleRank, type CommandContext } from '../../core/context.js';
import { audit } from '../../core/audit.js';
import { UserError } from '../../domain/user-error.js';
import { addDays, daysBetween, shortDay, type Day } from '../../domain/time.js';
import type { LeaveTarget } from './leave-args.js';
import { memberLeaves, withdrawLeave } from '../../core/leaves.js';

export type WithdrawArgs = LeaveTarget & { span: { start: Day; end: Day } | undefined };

/** Far enough ahead to cover any leave: `销假` without a date withdraws all that is to come. */
const OPEN_END = '9999-12-31';

const spanText = (start: Day, end: Day) =>
  start === end ? shortDay(start) : `${shortDay(start)} 至 ${shortDay(end)}`;

/**
 * `销假`: withdraws leave on the days named (default: today and after). Days already past stay as
 * the record of what happened unless a secretary withdraws them (a correction, audited).
 */
export function withdraw(ctx: CommandContext<unknown>, args: WithdrawArgs): void {
  const { member, forOther } = args;
  const who = forOther ? member.name : '你';
  const asked = args.span ?? { start: ctx.today, end: OPEN_END };
  if (asked.end < asked.start)
    throw new UserError(`结束日期 ${shortDay(asked.end)} 早于开始日期 ${shortDay(asked.start)}。`);
  const secretary = roleRank[ctx.role] >= roleRank.secretary;
  const from = secretary || asked.start >= ctx.today ? asked.start : ctx.today;
  if (from > asked.end)
    throw new UserError(
      `${spanText(asked.start, asked.end)} 已经过去，请假记录保留；确需撤销请联系书记（书记可发送「销假 @${ctx.member.name} ${shortDay(asked.start)}」）。`,
    );
  const removed = withdrawLeave(ctx.db, member.id, from, asked.end);
  if (removed.length === 0) {
    const later = memberLeaves(ctx.db, member.id, ctx.today, OPEN_END).length > 0;
    const where = args.span ? `${spanText(from, asked.end)} ` : '今天及以后';
    throw new UserError(
      `${who}${where}没有请假，无需销假。${later && args.span ? '（发送「销假」可撤回今天及以后的全部请假）' : ''}`,
    );
  }
  const days = removed.reduce((n, r) => n + daysBetween(r.start, r.end) + 1, 0);
  audit(ctx.db, {
    branchId: ctx.branch.id,
    memberId: ctx.member.id,
    action: 'leave.withdraw',
    detail: { removed, ...(forOther ? { for: member.id } : {}) },
    at: ctx.at,
  });
  const kept =
    from > asked.start ? `\n${spanText(asked.start, addDays(from, -1))} 已过去，请假记录保留。` : '';
  const by = forOther ? `（${ctx.member.name} 操作）` : '';
  ctx.reply(
    `↩️ 已为 ${member.name} 销假 ${removed.map((r) => spanText(r.start, r.end)).join('、')}（${days} 天）${by}。这些天恢复正常打卡。${kept}`,
  );
}
