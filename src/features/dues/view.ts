import { defineCommand, roleRank, type CommandContext } from '../../core/context.js';
import { currentMembers } from '../../core/members.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { addMonths, firstMonth, monthLabel, monthOf, standardFor, type Month } from '../../domain/dues.js';
import type { LedgerState } from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';
import { parsePeriod } from '../../domain/period.js';
import { accountOf, ledgerState, standardsByMember, standardsOf, type DuesAccount } from './store.js';

/** `党费`: a member's own standard, months paid and owed; for committee the branch's month. */

/** One member's dues in a line or two (also 我的). */
export function accountLines(a: DuesAccount, month: Month): string[] {
  const first = firstMonth(a.standards);
  if (!first || a.standardFen === undefined) return ['党费：还没有设定标准'];
  const since = a.standards.find((s) => s.fromMonth === standardFor(a.standards, month)!.fromMonth)!;
  const through = a.confirmed.covered.at(-1);
  const lines = [
    `党费：每月 ${formatFen(a.standardFen)}（自${monthLabel(since.fromMonth)}起），已确认 ${formatFen(a.confirmedFen)}${through ? `，交至 ${monthLabel(through)}` : ''}${a.pendingFen ? `；待确认 ${formatFen(a.pendingFen)}` : ''}`,
  ];
  if (a.owed.length)
    lines.push(
      `　欠交 ${a.owed.length} 个月（${monthLabel(a.owed[0]!)}${a.owed.length > 1 ? `至${monthLabel(a.owed.at(-1)!)}` : ''}），共 ${formatFen(a.owedFen - a.withPending.creditFen)}`,
    );
  else {
    // Paid up only counting payments still waiting for 确认: say so, the money is not in yet.
    const waiting = a.confirmed.covered.includes(month) ? '' : '（含待确认）';
    const credit = a.withPending.creditFen ? `，预交余额 ${formatFen(a.withPending.creditFen)}` : '';
    lines.push(`　${monthLabel(month)}已交清${waiting}${credit}`);
  }
  return lines;
}

/** The branch's month for committee and secretaries. */
function branchLines(ctx: CommandContext<unknown>, state: LedgerState, month: Month): string[] {
  const standards = standardsByMember(ctx.db, ctx.branch.id);
  const paid: string[] = [];
  const pending: string[] = [];
  const unpaid: string[] = [];
  let dueFen = 0;
  for (const m of currentMembers(ctx.db, ctx.branch.id)) {
    const own = standards.get(m.id);
    const s = own && standardFor(own, month);
    if (!own || !s) continue;
    dueFen += s.monthlyFen;
    const a = accountOf(state, m.id, own, month);
    if (a.confirmed.covered.includes(month)) paid.push(m.name);
    else if (a.withPending.covered.includes(month)) pending.push(m.name);
    else unpaid.push(a.owed.length > 1 ? `${m.name}（欠${a.owed.length}个月）` : m.name);
  }
  const receivedFen = [...state.duesPayments.values()]
    .filter((p) => p.status === 'confirmed' && monthOf(p.entry.day) === month)
    .reduce((s, p) => s + p.entry.amountFen, 0);
  const total = paid.length + pending.length + unpaid.length;
  if (total === 0)
    return [
      `💴 ${ctx.branch.name} 还没有成员设定党费标准。设定：党费标准 @成员 25.5，或 设置 党费基数 @成员 6000 在职`,
    ];
  return [
    `💴 ${ctx.branch.name} · ${monthLabel(month)}党费（${total} 人有标准）`,
    `已交 ${paid.length} 人${paid.length ? `：${paid.join('、')}` : ''}`,
    ...(pending.length ? [`待确认 ${pending.length} 人：${pending.join('、')}`] : []),
    `未交 ${unpaid.length} 人${unpaid.length ? `：${unpaid.join('、')}` : ''}`,
    `本月应收 ${formatFen(dueFen)}，本月实收（已确认）${formatFen(receivedFen)}；党费结存 ${formatFen(state.duesHeldFen)}（累计收 ${formatFen(state.duesReceivedFen)}，上缴 ${formatFen(state.remittedFen)}）${state.duesPendingFen ? `，待确认 ${formatFen(state.duesPendingFen)}` : ''}`,
  ];
}

export const duesCommand = defineCommand<Month>({
  name: '党费',
  aliases: ['dues'],
  usage: [
    '党费 [月份]　自己的标准、已交和欠交；委员和书记看到全支部当月的已交、未交和收支。例：党费、党费 上月',
  ],
  summary: '查看党费：标准、已交、欠交（委员看全支部）',
  role: 'member',
  parse(raw, ctx) {
    const p = parsePeriod(raw, ctx.today);
    return monthOf(p.end < ctx.today ? p.end : p.start > ctx.today ? p.start : ctx.today);
  },
  glued: gluedWhen((rest) => parsePeriod(rest, FORM_DAY)),
  run(ctx) {
    const month = ctx.args;
    if (month > addMonths(monthOf(ctx.today), 12)) return ctx.reply('只能查看一年以内的月份。');
    const state = ledgerState(ctx.db, ctx.branch.id);
    const mine = standardsOf(ctx.db, ctx.branch.id, ctx.member.id);
    const own = mine.length
      ? [
          `👤 ${ctx.member.name} ${accountLines(accountOf(state, ctx.member.id, mine, month), month).join('\n')}`,
        ]
      : [];
    if (roleRank[ctx.role] >= roleRank.committee) {
      ctx.reply([...branchLines(ctx, state, month), ...own].join('\n'));
      return;
    }
    ctx.reply(
      own.length
        ? own.join('\n')
        : '你还没有党费标准。请组织委员或书记设定，例如「党费标准 @你 25.5」。设定后发「交党费 金额」交纳。',
    );
  },
});
