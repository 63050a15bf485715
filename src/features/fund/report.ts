import {
  donationTotals,
  foldLedger,
  KIND_NAMES,
  type ChainCheck,
  type EntryKind,
} from '../../domain/fund-ledger.js';
import { formatFen } from '../../domain/money.js';
import { dayjs, shortDay, type Day } from '../../domain/time.js';
import type { Db } from '../../core/db.js';
import { describeChainProblem } from '../../core/ledger/describe.js';
import { memberNames } from '../../core/members.js';
import { checkLedger } from './store.js';

export { describeChainProblem };

/**
 * The fund's 公示 as a neutral object (numbers and lists), built from the ledger; renderers turn
 * it into text here, and into a card or a sheet elsewhere.
 */
export interface FundReport {
  branchName: string;
  asOf: number;
  /** Confirmed donations, net of reversals. */
  raisedFen: number;
  donationCount: number;
  donorCount: number;
  pendingFen: number;
  pendingCount: number;
  /** Each donor with their confirmed donations, net of reversals; most given first. */
  donors: { name: string; fen: number; count: number }[];
  /** Donations waiting for 确认, in entry order (not in any total above). */
  pending: { seq: number; day: Day; name: string; amountFen: number }[];
  /** Payouts not reversed, in entry order. */
  payouts: { seq: number; day: Day; amountFen: number; note: string; forced: boolean }[];
  paidFen: number;
  balanceFen: number;
  reversals: {
    seq: number;
    day: Day;
    refSeq: number;
    refKind: EntryKind | undefined;
    amountFen: number;
    note: string;
    /** Recorded with 强制 although it overdrew the fund. */
    forced: boolean;
  }[];
  /** Entries of the whole chain (both books: the chain check covers them all). */
  entryCount: number;
  chain: ChainCheck;
}

/** Builds the 公示 of a branch's fund as of `asOf`, verifying the hash chain on the way. */
export function buildFundReport(db: Db, branch: { id: number; name: string }, asOf: number): FundReport {
  const { entries, chain } = checkLedger(db, branch.id);
  const state = foldLedger(entries);
  const totals = donationTotals(state);
  const nameOf = memberNames(db, branch.id);
  const byDonor = new Map<number, { name: string; fen: number; count: number }>();
  const pending: FundReport['pending'] = [];
  for (const d of state.donations.values()) {
    const e = d.entry;
    const name = e.memberName || nameOf(e.memberId);
    if (d.status === 'pending') pending.push({ seq: e.seq, day: e.day, name, amountFen: e.amountFen });
    if (d.status !== 'confirmed') continue;
    const line = byDonor.get(e.memberId) ?? { name, fen: 0, count: 0 };
    line.fen += e.amountFen;
    line.count++;
    byDonor.set(e.memberId, line);
  }
  const donors = [...byDonor.values()].sort((a, b) => b.fen - a.fen || a.name.localeCompare(b.name));
  const payouts = [...state.payouts.values()]
    .filter((p) => !p.reversedBy)
    .map(({ entry: e }) => ({
      seq: e.seq,
      day: e.day,
      amountFen: e.amountFen,
      note: e.note,
      forced: e.forced,
    }));
  const reversals = entries
    .filter((e) => e.kind === 'reversal' && e.refSeq !== null && e.book === 'fund')
    .map((e) => ({
      seq: e.seq,
      day: e.day,
      refSeq: e.refSeq!,
      refKind: state.bySeq.get(e.refSeq!)?.kind,
      amountFen: e.amountFen,
      note: e.note,
      forced: e.forced,
    }));
  return {
    branchName: branch.name,
    asOf,
    raisedFen: state.raisedFen,
    donationCount: totals.confirmedCount,
    donorCount: totals.donors,
    pendingFen: state.pendingFen,
    pendingCount: totals.pendingCount,
    donors,
    pending: pending.sort((a, b) => a.seq - b.seq),
    payouts,
    paidFen: state.paidFen,
    balanceFen: state.balanceFen,
    reversals,
    entryCount: entries.length,
    chain,
  };
}

const MAX_LISTED = 20;
const MAX_DONORS = 100;

/** The 公示 as plain text for the group chat. */
export function renderFundReportText(r: FundReport, tz: string): string {
  const lines = [
    `📢 ${r.branchName} · 党内关怀基金公示（截至 ${dayjs(r.asOf).tz(tz).format('YYYY年M月D日 HH:mm')}）`,
  ];
  // A broken chain goes first: the numbers below it cannot be trusted.
  if (!r.chain.ok)
    lines.push(
      `⚠️ 账本校验未通过：${describeChainProblem(r.chain.problem)}。以下数字按现存记录计算，请核对原始凭证并联系管理员。`,
    );
  if (r.entryCount === 0 && r.chain.ok) {
    lines.push('关怀基金还没有任何记录。捐款请发「捐款 金额」，例如「捐款 50」。');
    return lines.join('\n');
  }
  lines.push(
    `已确认捐款 ${formatFen(r.raisedFen)}（已扣除冲正），${r.donorCount} 人共 ${r.donationCount} 笔`,
  );
  // Each donor by name, so a donor can check their own gift (the sums are net of reversals).
  if (r.donors.length) {
    const shown = r.donors.slice(0, MAX_DONORS);
    lines.push(
      `捐款人：${shown.map((d) => `${d.name} ${formatFen(d.fen)}${d.count > 1 ? `（${d.count} 笔）` : ''}`).join('、')}${r.donors.length > shown.length ? ` 等 ${r.donors.length} 人（全部见「捐款记录」）` : ''}`,
    );
  }
  if (r.pendingCount > 0) {
    lines.push(
      `待确认 ${r.pendingCount} 笔，共 ${formatFen(r.pendingFen)}（确认后计入，不在上面的合计里）：`,
    );
    const shown = r.pending.slice(-MAX_LISTED);
    if (shown.length < r.pending.length)
      lines.push(`　……更早的 ${r.pending.length - shown.length} 笔见「捐款记录」`);
    for (const p of shown) lines.push(`　#${p.seq} ${shortDay(p.day)} ${p.name} ${formatFen(p.amountFen)}`);
  }
  if (r.payouts.length === 0) {
    lines.push('支出：暂无');
  } else {
    lines.push(`支出 ${r.payouts.length} 笔，共 ${formatFen(r.paidFen)}：`);
    const shown = r.payouts.slice(-MAX_LISTED);
    if (shown.length < r.payouts.length)
      lines.push(`　……更早的 ${r.payouts.length - shown.length} 笔见「捐款记录」`);
    for (const p of shown) {
      lines.push(
        `　#${p.seq} ${shortDay(p.day)} ${formatFen(p.amountFen)}　${p.note}${p.forced ? '（超出结余，强制支出）' : ''}`,
      );
    }
  }
  lines.push(`结余 ${formatFen(r.balanceFen)}${r.balanceFen < 0 ? '（已透支，请尽快补足）' : ''}`);
  if (r.reversals.length > 0) {
    const shown = r.reversals.slice(-MAX_LISTED);
    const items = shown.map(
      (v) =>
        `#${v.seq} 冲正 #${v.refSeq}${v.refKind ? ` ${KIND_NAMES[v.refKind]}` : ''} ${formatFen(v.amountFen)}（${v.note}${v.forced ? '，超出结余，强制冲正' : ''}）`,
    );
    lines.push(`冲正 ${r.reversals.length} 笔：${items.join('；')}`);
  }
  if (r.chain.ok)
    lines.push(`✅ 账本校验通过：共 ${r.chain.count} 条记录，末条校验码 ${r.chain.headHash.slice(0, 12)}`);
  return lines.join('\n');
}
