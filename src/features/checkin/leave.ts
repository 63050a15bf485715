import { defineCommand, roleRank, type CommandContext } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { UserError } from '../../domain/user-error.js';
import { addDays, daysBetween, shortDay, type Day } from '../../domain/time.js';
import { audit } from '../../core/audit.js';
import { insertLeave } from '../../core/leaves.js';
import { parseNote } from '../../core/text.js';
import { takeSpan, takeTarget, type LeaveTarget } from './leave-args.js';
import { withdraw, type WithdrawArgs } from './leave-withdraw.js';

const MAX_LEAVE_DAYS = 92;
/** Leave is registered at most a year ahead: 2099 is a typo, not a plan. */
const MAX_AHEAD_DAYS = 365;
const CANCEL = /^(?:取消|撤销|cancel)$/i;

type LeaveArgs =
  | ({ kind: 'add'; start: Day; end: Day; reason: string } & LeaveTarget)
  | ({ kind: 'withdraw' } & WithdrawArgs);

const spanText = (start: Day, end: Day) =>
  start === end ? shortDay(start) : `${shortDay(start)} 至 ${shortDay(end)}`;

export const leaveCommand = defineCommand<LeaveArgs>({
  name: '请假',
  aliases: ['leave'],
  usage: [
    '请假 开始日期 [至 结束日期] [原因]　例：请假 11-24 至 11-26 下乡；请假 明天 事假',
    '请假 @某人 日期 [原因]　书记替成员登记，例：请假 @王五 11-05 开会',
    '请假 取消 [日期]　同「销假」',
  ],
  summary: '登记请假，请假的日子不算未打卡；书记可替成员登记',
  role: 'member',
  parse(raw, ctx) {
    const tokens = raw.split(' ').filter(Boolean);
    const target = takeTarget(tokens, ctx, '请假');
    if (tokens[0] && CANCEL.test(tokens[0])) {
      tokens.shift();
      return { kind: 'withdraw', ...target, span: takeSpan(tokens, ctx.today, '销假') };
    }
    const span = takeSpan(tokens, ctx.today, '请假');
    if (!span) throw new UserError('请写明请假日期。', true);
    return { kind: 'add', ...target, ...span, reason: parseNote(tokens.join(' ')) };
  },
  glued: gluedWhen((rest) => takeSpan(rest.split(' '), FORM_DAY, '请假')),
  run(ctx) {
    if (ctx.args.kind === 'withdraw') return withdraw(ctx, ctx.args);
    addLeave(ctx, ctx.args);
  },
});

function addLeave(ctx: CommandContext<unknown>, args: Extract<LeaveArgs, { kind: 'add' }>): void {
  const { start, end, reason, member, forOther } = args;
  const reach = Number(ctx.settings.makeupDays);
  if (end < start) throw new UserError(`结束日期 ${shortDay(end)} 早于开始日期 ${shortDay(start)}。`);
  const horizon = addDays(ctx.today, MAX_AHEAD_DAYS);
  if (end > horizon) throw new UserError(`请假最多提前一年登记（到 ${horizon} 为止）。`);
  if (daysBetween(start, end) + 1 > MAX_LEAVE_DAYS)
    throw new UserError(`一次请假最多 ${MAX_LEAVE_DAYS} 天。`);
  // A member may backfill only recent days; a secretary records what they know, audited.
  if (roleRank[ctx.role] < roleRank.secretary && daysBetween(start, ctx.today) > reach)
    throw new UserError(`只能补登最近 ${reach} 天内的请假（${shortDay(addDays(ctx.today, -reach))} 起）。`);
  insertLeave(ctx.db, {
    branchId: ctx.branch.id,
    memberId: member.id,
    startDay: start,
    endDay: end,
    reason,
    createdAt: ctx.at,
  });
  audit(ctx.db, {
    branchId: ctx.branch.id,
    memberId: ctx.member.id,
    action: 'leave.add',
    detail: { start, end, reason, ...(forOther ? { for: member.id } : {}) },
    at: ctx.at,
  });
  const days = daysBetween(start, end) + 1;
  const by = forOther ? `（${ctx.member.name} 代为登记）` : '';
  ctx.reply(
    `📝 已登记 ${member.name} 请假 ${spanText(start, end)}（${days} 天）${reason ? `：${reason}` : ''}${by}。这些天不计入未打卡。`,
  );
}

export const withdrawLeaveCommand = defineCommand<WithdrawArgs>({
  name: '销假',
  aliases: ['取消请假', 'cancelleave'],
  usage: [
    '销假 [日期|日期 至 日期]　撤回今天及以后的请假，例：销假、销假 11-26、销假 11-25 至 11-26',
    '销假 @某人 日期　书记撤回成员的请假（含已过去的日子），例：销假 @王五 11-05',
  ],
  summary: '撤回请假（不写日期时撤回今天及以后的请假）',
  role: 'member',
  parse(raw, ctx) {
    const tokens = raw.split(' ').filter(Boolean);
    const target = takeTarget(tokens, ctx, '销假');
    const span = takeSpan(tokens, ctx.today, '销假');
    if (tokens.length) throw new UserError(`看不懂「${tokens.join(' ')}」：销假只需写日期。`, true);
    return { ...target, span };
  },
  glued: gluedWhen((rest) => takeSpan(rest.split(' '), FORM_DAY, '销假')),
  run: (ctx) => withdraw(ctx, ctx.args),
});
