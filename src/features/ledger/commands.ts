import { defineCommand } from '../../core/context.js';
import { actor, FORCE, namesById, parseEntryNumbers, parseReason } from '../../core/ledger/args.js';
import { confirm, reverse } from '../../core/ledger/store.js';
import { UserError } from '../../domain/user-error.js';
import { bookOf, KIND_NAMES, type Book, type LedgerState } from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';

/**
 * 确认 and 冲正 over both books of the branch ledger (关怀基金 and 党费): entry numbers are unique
 * per branch across the books, so one command serves either, and the same separation of duties
 * holds for both — nobody confirms or reverses their own entry.
 */

/** The balance line of a book after a confirmation or reversal. */
function balanceLine(state: LedgerState, book: Book, pending = false): string {
  if (book === 'dues') {
    const more = pending && state.duesPendingFen ? `，另有 ${formatFen(state.duesPendingFen)} 待确认` : '';
    return `党费结存 ${formatFen(state.duesHeldFen)}${state.duesHeldFen < 0 ? '（已透支）' : ''}${more}。`;
  }
  if (pending)
    return `基金结余 ${formatFen(state.balanceFen)}${state.pendingFen ? `，另有 ${formatFen(state.pendingFen)} 待确认` : ''}。`;
  return `基金结余 ${formatFen(state.balanceFen)}${state.balanceFen < 0 ? '（已透支，请尽快补足）' : ''}。`;
}

export const confirmCommand = defineCommand<number[]>({
  name: '确认',
  aliases: ['confirm'],
  usage: ['确认 编号 [编号…]　例：确认 17、确认 3 4 5、确认 3-5（捐款和党费都用它确认）'],
  summary: '确认已收到的捐款或党费（计入基金或党费）',
  role: 'committee',
  parse: (raw) => parseEntryNumbers(raw),
  run(ctx) {
    const { confirmed, already, state } = confirm(actor(ctx), ctx.args);
    const names = namesById(
      ctx.db,
      [...confirmed, ...already].map((d) => d.entry.memberId),
    );
    const item = (d: (typeof confirmed)[number]) =>
      `#${d.entry.seq} ${names.get(d.entry.memberId) ?? '?'}${d.entry.kind === 'dues' ? ' 党费' : ''} ${formatFen(d.entry.amountFen)}`;
    const lines: string[] = [];
    if (confirmed.length) {
      const sum = confirmed.reduce((s, d) => s + d.entry.amountFen, 0);
      lines.push(
        `✅ 已确认收款 ${confirmed.length} 笔，共 ${formatFen(sum)}：${confirmed.map(item).join('、')}`,
      );
    }
    if (already.length) {
      lines.push(
        `此前已确认，未重复计入：${already.map((d) => `${item(d)}${d.confirmedBy ? `（#${d.confirmedBy.seq}）` : '（登记时直接入账）'}`).join('、')}`,
      );
    }
    const books = new Set([...confirmed, ...already].map((d) => bookOf(state, d.entry)));
    for (const book of ['fund', 'dues'] as const)
      if (books.has(book)) lines.push(balanceLine(state, book, true));
    ctx.reply(lines.join('\n'));
  },
});

export const reverseCommand = defineCommand<{ seq: number; reason: string; force: boolean }>({
  name: '冲正',
  aliases: ['reverse'],
  usage: [
    '冲正 编号 原因 [强制]　例：冲正 17 金额写错（捐款、支出、党费、上缴都可冲正；冲正后会透支时需加「强制」）',
  ],
  summary: '冲正一笔捐款、支出、党费或上缴（新增一条冲正记录，原记录保留）',
  role: 'committee',
  parse(raw) {
    const [first = '', ...rest] = raw.split(' ');
    const numbers = parseEntryNumbers(first);
    if (numbers.length !== 1) throw new UserError('一次只能冲正一条记录。', true);
    const force = rest.some((w) => FORCE.test(w));
    const reason = parseReason(rest.filter((w) => !FORCE.test(w)).join(' '), '冲正原因', '冲正 17 金额写错');
    return { seq: numbers[0]!, reason, force };
  },
  run(ctx) {
    const { entry, original, state } = reverse(actor(ctx), ctx.args);
    const forced = entry.forced ? '\n⚠️ 超出结余，已按「强制」登记，公示中会注明。' : '';
    const who =
      original.kind === 'donation' || original.kind === 'dues'
        ? `${original.memberName || namesById(ctx.db, [original.memberId]).get(original.memberId) || '?'}的`
        : '';
    ctx.reply(
      `↩️ #${entry.seq} 已冲正 #${original.seq}（${who}${KIND_NAMES[original.kind]} ${formatFen(original.amountFen)}）：${entry.note}。原记录保留可查。${forced}\n${balanceLine(state, bookOf(state, original))}`,
    );
  },
});
