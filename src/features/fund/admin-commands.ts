import { defineCommand } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { foldLedger, KIND_NAMES, type EntryContent, type LedgerState } from '../../domain/fund-ledger.js';
import { capitals, formatFen } from '../../domain/money.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { shortDay } from '../../domain/time.js';
import { loadLedger, payout } from './store.js';
import { actor, memberNames, parseReason, splitAmount } from './args.js';
import { FORCE } from '../../core/ledger/args.js';

/** The committee's side of the fund: payouts (支出) and the entry list; 冲正 is the ledger feature's. */

function balanceLine(state: LedgerState): string {
  return `基金结余 ${formatFen(state.balanceFen)}${state.balanceFen < 0 ? '（已透支，请尽快补足）' : ''}。`;
}

export const payoutCommand = defineCommand<{ amountFen: number; note: string; force: boolean }>({
  name: '支出',
  aliases: ['payout'],
  usage: ['支出 金额 事由/对象 [强制]　例：支出 500 慰问 老党员王某 住院'],
  summary: '从关怀基金支出（超出结余时需加「强制」）',
  role: 'committee',
  parse(raw) {
    const { amountFen, rest } = splitAmount(raw);
    const words = rest.split(' ').filter(Boolean);
    const force = words.some((w) => FORCE.test(w));
    const note = parseReason(
      words.filter((w) => !FORCE.test(w)).join(' '),
      '支出的事由和对象',
      '支出 500 慰问 老党员王某 住院',
    );
    return { amountFen, note, force };
  },
  run(ctx) {
    const { entry, state } = payout(actor(ctx), { ...ctx.args, limitFen: Number(ctx.settings.fundLimit) });
    const forced = entry.forced ? '\n⚠️ 超出结余，已按「强制」登记，公示中会注明。' : '';
    ctx.reply(
      `💸 #${entry.seq} 支出 ${formatFen(entry.amountFen)}（${capitals(entry.amountFen)}）：${entry.note}。${forced}\n${balanceLine(state)}`,
    );
  },
});

const MAX_LINES = 100;

/** One line of the entry list. */
function entryLine(e: EntryContent, state: LedgerState, names: Map<number, string>): string {
  // The name recorded on the entry: a later rename does not rewrite the ledger.
  const who = e.memberName || names.get(e.memberId) || '?';
  const head = `#${e.seq} ${shortDay(e.day)}`;
  switch (e.kind) {
    case 'donation': {
      const d = state.donations.get(e.seq)!;
      const status =
        d.status === 'reversed'
          ? `↩️已冲正(#${d.reversedBy!.seq})`
          : d.status === 'confirmed'
            ? '✅已确认'
            : '⏳待确认';
      return `${head} 捐款 ${who} ${formatFen(e.amountFen)}${e.note ? ` ${e.note}` : ''} ${status}`;
    }
    case 'confirm':
      return `${head} 确认 #${e.refSeq} ${formatFen(e.amountFen)}（${who}）`;
    case 'payout': {
      const reversed = state.payouts.get(e.seq)?.reversedBy;
      return `${head} 支出 ${formatFen(e.amountFen)} ${e.note}（${who}登记${e.forced ? '，强制' : ''}）${reversed ? ` ↩️已冲正(#${reversed.seq})` : ''}`;
    }
    case 'reversal':
      return `${head} 冲正 #${e.refSeq} ${formatFen(e.amountFen)}：${e.note}（${who}）`;
    default:
      return `${head} ${KIND_NAMES[e.kind]} ${formatFen(e.amountFen)}（${who}）`;
  }
}

export const fundListCommand = defineCommand<Period>({
  name: '捐款记录',
  aliases: ['基金记录', 'fundlog'],
  usage: ['捐款记录 [时段]　例：捐款记录、捐款记录 上月、捐款记录 2026-Q3（默认本月）'],
  summary: '列出关怀基金某一时段的每条记录（捐款、确认、支出、冲正）',
  role: 'committee',
  parse: (raw, ctx) => parsePeriod(raw, ctx.today),
  glued: gluedWhen((rest) => parsePeriod(rest, FORM_DAY)),
  run(ctx) {
    const period = ctx.args;
    const entries = loadLedger(ctx.db, ctx.branch.id);
    const state = foldLedger(entries);
    // The fund's book only: 党费 entries share the numbering but are listed by 党费公示.
    const inPeriod = entries.filter((e) => e.book === 'fund' && e.day >= period.start && e.day <= period.end);
    if (inPeriod.length === 0) {
      ctx.reply(`📒 ${period.label} 关怀基金没有记录。当前结余 ${formatFen(state.balanceFen)}。`);
      return;
    }
    const names = memberNames(
      ctx.db,
      inPeriod.map((e) => e.memberId),
    );
    const lines = [`📒 ${ctx.branch.name} · ${period.label} 关怀基金记录（${inPeriod.length} 条）`];
    for (const e of inPeriod.slice(0, MAX_LINES)) lines.push(entryLine(e, state, names));
    if (inPeriod.length > MAX_LINES)
      lines.push(`……另有 ${inPeriod.length - MAX_LINES} 条未列出，请缩小时段（例如「捐款记录 本周」）。`);
    lines.push(
      `当前结余 ${formatFen(state.balanceFen)}${state.pendingFen ? `，待确认 ${formatFen(state.pendingFen)}` : ''}。`,
    );
    ctx.reply(lines.join('\n'));
  },
});
