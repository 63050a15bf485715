import { defineCommand } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { parseDay } from '../../domain/dates.js';
import { addDays, daysBetween, shortDay, type Day } from '../../domain/time.js';
import { audit } from '../../core/audit.js';
import { insertLeave } from '../../core/leaves.js';
import { parseNote } from '../../core/text.js';

const MAX_LEAVE_DAYS = 92;
/** Leave is registered at most a year ahead: 2099 is a typo, not a plan. */
const MAX_AHEAD_DAYS = 365;

export const leaveCommand = defineCommand<{ start: Day; end: Day; reason: string }>({
  name: '请假',
  aliases: ['leave'],
  usage: ['请假 开始日期 [至 结束日期] [原因]　例：请假 11-24 至 11-26 下乡；请假 明天 事假'],
  summary: '登记请假，请假的日子不算未打卡',
  role: 'member',
  parse(raw, ctx) {
    const tokens = raw
      .replace(/(\d)(至|到|~)(\d)/g, '$1 至 $3')
      .split(' ')
      .filter(Boolean);
    const first = tokens.shift();
    if (!first) throw new UserError('请写明请假日期。', true);
    const start = parseDay(first, ctx.today);
    let end = start;
    if (tokens[0] && /^(至|到|~|-)$/.test(tokens[0])) {
      tokens.shift();
      const last = tokens.shift();
      if (!last) throw new UserError('请写明请假的结束日期。', true);
      end = parseDay(last, ctx.today);
    }
    return { start, end, reason: parseNote(tokens.join(' ')) };
  },
  run(ctx) {
    const { start, end, reason } = ctx.args;
    const reach = Number(ctx.settings.makeupDays);
    if (end < start) throw new UserError(`结束日期 ${shortDay(end)} 早于开始日期 ${shortDay(start)}。`);
    const horizon = addDays(ctx.today, MAX_AHEAD_DAYS);
    if (end > horizon) throw new UserError(`请假最多提前一年登记（到 ${horizon} 为止）。`);
    if (daysBetween(start, end) + 1 > MAX_LEAVE_DAYS)
      throw new UserError(`一次请假最多 ${MAX_LEAVE_DAYS} 天。`);
    if (daysBetween(start, ctx.today) > reach)
      throw new UserError(`只能补登最近 ${reach} 天内的请假（${shortDay(addDays(ctx.today, -reach))} 起）。`);
    insertLeave(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      startDay: start,
      endDay: end,
      reason,
      createdAt: ctx.at,
    });
    audit(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      action: 'leave.add',
      detail: { start, end, reason },
      at: ctx.at,
    });
    const days = daysBetween(start, end) + 1;
    const span = start === end ? shortDay(start) : `${shortDay(start)} 至 ${shortDay(end)}`;
    ctx.reply(
      `📝 已登记 ${ctx.member.name} 请假 ${span}（${days} 天）${reason ? `：${reason}` : ''}。这些天不计入未打卡。`,
    );
  },
});
