import { audit } from '../../core/audit.js';
import { defineCommand } from '../../core/context.js';
import { FORCE } from '../../core/ledger/args.js';
import { appendEntry } from '../../core/ledger/store.js';
import { parseNote } from '../../core/text.js';
import { splitAmountAndNote } from '../../domain/amount-note.js';
import { monthLabel, type Month } from '../../domain/dues.js';
import { capitals, formatFen } from '../../domain/money.js';
import { UserError } from '../../domain/user-error.js';
import { parseMonthToken } from './args.js';
import { ledgerState } from './store.js';

/**
 * `党费上缴 1200 2026-11`: the 党费 handed up to the 党委, an entry of the ledger's 党费 book. It
 * may not exceed what the branch holds (confirmed payments less earlier 上缴) without 强制.
 */

const USAGE = '党费上缴 金额 月份 [备注] [强制]　例：党费上缴 1200 2026-11';

export const remitCommand = defineCommand<{ amountFen: number; month: Month; note: string; force: boolean }>({
  name: '党费上缴',
  aliases: ['上缴党费', 'remit'],
  usage: [USAGE],
  summary: '登记上缴党委的党费（记入党费账本，显示结存）',
  role: 'committee',
  parse(raw, ctx) {
    const { amountFen, rest } = splitAmountAndNote(raw);
    const words = rest.split(/\s+/).filter(Boolean);
    const force = words.some((w) => FORCE.test(w));
    let month: Month | undefined;
    const note: string[] = [];
    for (const w of words.filter((x) => !FORCE.test(x))) {
      const m = month ? undefined : parseMonthToken(w, ctx.today);
      if (m) month = m;
      else note.push(w);
    }
    if (!month) throw new UserError(`请写明上缴的是哪个月的党费。用法：${USAGE}`);
    return { amountFen, month, note: parseNote(note.join(' ')), force };
  },
  run(ctx) {
    const { amountFen, month, note, force } = ctx.args;
    const before = ledgerState(ctx.db, ctx.branch.id);
    const overdraft = amountFen > before.duesHeldFen;
    if (overdraft && !force)
      throw new UserError(
        `党费结存只有 ${formatFen(before.duesHeldFen)}（已确认收到的党费减去已上缴），不够上缴 ${formatFen(amountFen)}。` +
          `${before.duesPendingFen ? `还有 ${formatFen(before.duesPendingFen)} 待确认，可先「确认」。` : ''}确需上缴，请在末尾加「强制」。`,
      );
    const entry = appendEntry(ctx.db, ctx.branch.id, {
      kind: 'remit',
      amountFen,
      memberId: ctx.member.id,
      refSeq: null,
      pending: false,
      forced: overdraft,
      note,
      months: month,
      at: ctx.at,
      day: ctx.today,
    });
    audit(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      action: 'dues.remit',
      detail: { seq: entry.seq, amountFen, month, forced: overdraft },
      at: ctx.at,
    });
    const held = before.duesHeldFen - amountFen;
    ctx.reply(
      `📤 #${entry.seq} 已登记上缴${monthLabel(month)}党费 ${formatFen(amountFen)}（${capitals(amountFen)}）${note ? `「${note}」` : ''}。` +
        `${overdraft ? '\n⚠️ 超出结存，已按「强制」登记，公示中会注明。' : ''}\n党费结存 ${formatFen(held)}（累计收 ${formatFen(before.duesReceivedFen)}，累计上缴 ${formatFen(before.remittedFen + amountFen)}）。`,
    );
  },
});
