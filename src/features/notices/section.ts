import { inArray, sql } from 'drizzle-orm';
import type { CommandContext } from '../../core/context.js';
import type { Cell, ReportSection } from '../../core/feature.js';
import { reportNames } from '../../core/members.js';
import type { Period } from '../../domain/period.js';
import { formatRate } from '../../domain/rate.js';
import { noticeReceipts } from './schema.js';
import { noticesBetween, pendingFor, rateOf, tallyOf, usesNotices } from './store.js';
import { formatAt, quoted } from './text.js';
import type { Db } from '../../core/db.js';

export interface NoticeRow {
  id: number;
  number: number;
  day: string;
  content: string;
  postedAt: number;
  deadlineAt: number | null;
  expected: number;
  answered: number;
  read: number;
  /** answered / expected; null when nobody was expected. */
  rate: number | null;
}

export interface NoticeFigures {
  count: number;
  /** The mean of the notices' 回执率 (each notice weighs the same); null without notices. */
  averageRate: number | null;
  answered: number;
  expected: number;
  notices: NoticeRow[];
}

function figures(db: Db, branchId: number, period: Period, through: string): NoticeFigures | undefined {
  if (!usesNotices(db, branchId)) return undefined;
  const notices = noticesBetween(db, branchId, period.start, through).map((n): NoticeRow => {
    const t = tallyOf(db, n.id);
    const { id, number, day, content, postedAt, deadlineAt } = n;
    return { id, number, day, content, postedAt, deadlineAt, ...t, rate: rateOf(t) };
  });
  const rated = notices.filter((n) => n.rate !== null);
  return {
    count: notices.length,
    averageRate: rated.length ? rated.reduce((a, n) => a + n.rate!, 0) / rated.length : null,
    answered: notices.reduce((a, n) => a + n.answered, 0),
    expected: notices.reduce((a, n) => a + n.expected, 0),
    notices,
  };
}

/** Each member's receipts for these notices: answered and expected counts. */
function byMember(db: Db, noticeIds: number[]): Map<number, { answered: number; expected: number }> {
  if (noticeIds.length === 0) return new Map();
  const rows = db
    .select({
      memberId: noticeReceipts.memberId,
      expected: sql<number>`count(*)`,
      answered: sql<number>`count(${noticeReceipts.answeredAt})`,
    })
    .from(noticeReceipts)
    .where(inArray(noticeReceipts.noticeId, noticeIds))
    .groupBy(noticeReceipts.memberId)
    .all();
  return new Map(rows.map((r) => [r.memberId, r]));
}

/** Notices in 汇总, the 导出 workbook (通知回执 sheet), the organisation table and the admin API. */
export const noticeSection: ReportSection<NoticeFigures> = {
  figures: (scope, period, through) => figures(scope.db, scope.branch.id, period, through),
  lines: (f) => [
    f.count === 0
      ? '通知 0 条'
      : `通知 ${f.count} 条，平均回执率 ${formatRate(f.averageRate)}（回执 ${f.answered}/${f.expected} 人次）`,
  ],
  summaryCells: (f) => [
    ['通知（条）', f.count],
    ['平均回执率', { percent: f.averageRate }],
  ],
  memberCells(f, scope) {
    const counts = byMember(
      scope.db,
      f.notices.map((n) => n.id),
    );
    return {
      columns: ['通知回执'],
      byMember: new Map([...counts].map(([id, c]) => [id, [`${c.answered}/${c.expected}`]])),
    };
  },
  sheets(f, scope) {
    const { db, tz } = scope;
    const name = reportNames(scope);
    const ids = f.notices.map((n) => n.id);
    const numberOf = new Map(f.notices.map((n) => [n.id, n.number]));
    const receipts = ids.length
      ? db.select().from(noticeReceipts).where(inArray(noticeReceipts.noticeId, ids)).all()
      : [];
    const at = (t: number | null): Cell => (t === null ? '' : formatAt(t, tz));
    return [
      {
        name: '通知回执',
        tables: [
          {
            title: '通知',
            columns: ['编号', '发出时间', '内容', '截止', '应回执', '已收到', '已读', '回执率'],
            rows: f.notices.map((n): Cell[] => [
              n.number,
              formatAt(n.postedAt, tz),
              n.content,
              at(n.deadlineAt),
              n.expected,
              n.answered,
              n.read,
              { percent: n.rate },
            ]),
          },
          {
            title: '回执明细',
            columns: ['编号', '姓名', '收到时间', '已读时间'],
            rows: receipts
              .sort(
                (a, b) => numberOf.get(a.noticeId)! - numberOf.get(b.noticeId)! || a.memberId - b.memberId,
              )
              .map((r): Cell[] => [
                numberOf.get(r.noticeId)!,
                name(r.memberId),
                at(r.answeredAt),
                at(r.readAt),
              ]),
          },
        ],
      },
    ];
  },
  orgColumns: [
    { title: '通知（条）', cell: (f) => f?.count ?? 0, total: 'sum' },
    { title: '回执率', cell: (f) => ({ percent: f?.averageRate ?? null }) },
  ],
  orgText: [{ title: '通知 条/回执率', cell: (f) => (f ? `${f.count}/${formatRate(f.averageRate)}` : '—') }],
  orgTotals(all) {
    const rows = all.flatMap((f) => f?.notices ?? []).filter((n) => n.rate !== null);
    if (rows.length === 0) return [];
    const avg = rows.reduce((a, n) => a + n.rate!, 0) / rows.length;
    return [`通知 ${rows.length} 条，平均回执率 ${formatRate(avg)}`];
  },
  json: (f) => ({
    count: f.count,
    averageRate: f.averageRate,
    answered: f.answered,
    expected: f.expected,
    notices: f.notices.map(({ id: _id, ...n }) => n),
  }),
};

/** `我的`: the period's notices answered, and the open ones still waiting for the member's 收到. */
export function noticeMeLines(ctx: CommandContext<unknown>, period: Period): string[] {
  if (!usesNotices(ctx.db, ctx.branch.id)) return [];
  const ids = noticesBetween(ctx.db, ctx.branch.id, period.start, ctx.today).map((n) => n.id);
  const mine = byMember(ctx.db, ids).get(ctx.member.id);
  const lines = mine ? [`通知 ${mine.expected} 条需回复，已回复 ${mine.answered} 条`] : [];
  const pending = pendingFor(ctx.db, ctx.branch.id, ctx.member.id, ctx.at);
  if (pending.length) {
    const list = pending.map(
      (n) =>
        `第${n.number}号${quoted(n, 12)}${n.deadlineAt !== null ? `（截止 ${formatAt(n.deadlineAt, ctx.tz)}）` : ''}`,
    );
    lines.push(`待回复通知 ${pending.length} 条：${list.join('、')}，请发送「收到 ${pending[0]!.number}」`);
  }
  return lines;
}
