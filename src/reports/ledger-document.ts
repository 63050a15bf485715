import { eq } from 'drizzle-orm';
import { foldLedger, KIND_NAMES, type StoredEntry } from '../domain/fund-ledger.js';
import { displayTitle } from '../domain/study.js';
import { dayjs, dayOf, timeOf, type Day } from '../domain/time.js';
import { checkinsBetween } from '../features/checkin/store.js';
import type { Db } from '../core/db.js';
import { loadLedger } from '../features/fund/store.js';
import { members } from '../core/schema.js';
import { studySessions } from '../features/study/schema.js';
import { signinsBetween } from '../features/study/store.js';
import type { PeriodReport } from './period-report.js';

/**
 * A period's ledgers as a neutral document of sheets and tables; the XLSX and CSV renderers
 * write the same cells. Money cells hold fen and are shown as yuan with two decimals.
 */
export type Cell = string | number | null | { yuan: number } | { percent: number | null };

export interface LedgerTable {
  title?: string;
  columns: string[];
  rows: Cell[][];
}

export interface LedgerSheet {
  name: string;
  tables: LedgerTable[];
}

export interface LedgerDocument {
  /** The first row of every sheet, e.g. '第一党支部 · 2026年11月'. */
  title: string;
  /** Label/value rows under the title: branch, period, time of export. */
  header: [string, string][];
  sheets: LedgerSheet[];
}

/** The sheet names, in order. */
export const SHEETS = { summary: '汇总', checkins: '打卡台账', study: '学习台账', fund: '基金台账' } as const;

/** Builds the ledgers of `report`'s branch and period (days `period.start`..`through`). */
export function buildLedgerDocument(db: Db, report: PeriodReport): LedgerDocument {
  const { branch, period, through, tz } = report;
  const names = new Map(
    db
      .select({ id: members.id, name: members.name })
      .from(members)
      .where(eq(members.branchId, branch.id))
      .all()
      .map((m) => [m.id, m.name]),
  );
  const name = (id: number) => names.get(id) ?? `#${id}`;
  return {
    title: `${branch.name} · ${period.label}`,
    header: [
      ['支部', branch.name],
      ['时段', `${period.label}（${period.start} 至 ${through}）`],
      ['导出时间', dayjs(report.at).tz(tz).format('YYYY-MM-DD HH:mm')],
    ],
    sheets: [
      { name: SHEETS.summary, tables: summaryTables(report) },
      { name: SHEETS.checkins, tables: [checkinTable(db, report, name)] },
      { name: SHEETS.study, tables: [studyTable(db, report, name)] },
      { name: SHEETS.fund, tables: fundTables(loadLedger(db, branch.id), report, name) },
    ],
  };
}

function summaryTables(r: PeriodReport): LedgerTable[] {
  const c = r.checkin;
  const figures: Cell[][] = [
    ['成员（人）', c.members.length],
    ['应到（人日）', c.expected],
    ['实到（人日）', c.checked],
    ['打卡率', { percent: c.rate }],
    ['迟到（次）', c.late],
    ['补卡（次）', c.makeup],
    ['请假（人日）', c.leave],
    ['缺勤（人日）', c.missed],
  ];
  if (r.study) {
    figures.push(
      ['学习（人次）', r.study.personTimes],
      ['学习（分钟）', r.study.minutes],
      ['集体学习（人次）', r.study.sessionTimes],
      ['自学（人次）', r.study.selfStudyTimes],
    );
  }
  if (r.fund) {
    figures.push(
      ['收到捐款（元）', { yuan: r.fund.raisedFen }],
      ['捐款（笔）', r.fund.donationCount],
      ['捐款（人）', r.fund.donorCount],
      ['待确认捐款（元）', { yuan: r.fund.pendingFen }],
      ['支出（元）', { yuan: r.fund.paidFen }],
      ['支出（笔）', r.fund.payoutCount],
      ['期末结余（元）', { yuan: r.fund.closingBalanceFen }],
    );
  }
  const streak = new Map(r.streaks.map((s) => [s.memberId, s.longest]));
  const study = new Map((r.study?.members ?? []).map((l) => [l.memberId, l]));
  const donated = new Map((r.fund?.donors ?? []).map((d) => [d.memberId, d.fen]));
  const people = c.members.map((l): Cell[] => [
    l.name,
    l.expected,
    l.checked,
    l.late,
    l.makeup,
    l.leave,
    l.missed,
    streak.get(l.memberId) ?? 0,
    study.get(l.memberId)?.times ?? 0,
    study.get(l.memberId)?.minutes ?? 0,
    { yuan: donated.get(l.memberId) ?? 0 },
  ]);
  const daily = r.daily.map((d): Cell[] => [d.day, d.expected, d.checked, { percent: d.rate }]);
  return [
    { title: '主要数字', columns: ['项目', '数值'], rows: figures },
    {
      title: '每人',
      columns: [
        '姓名',
        '应到',
        '实到',
        '迟到',
        '补卡',
        '请假',
        '缺勤',
        '最长连续打卡（天）',
        '学习（次）',
        '学习（分钟）',
        '捐款（元）',
      ],
      rows: people,
    },
    { title: '每日打卡率', columns: ['日期', '应到', '实到', '打卡率'], rows: daily },
  ];
}

/** 'HH:mm' when the instant falls on `day`, else 'YYYY-MM-DD HH:mm' (a 补卡 written later). */
function timeFor(at: number, day: Day, tz: string): string {
  return dayOf(at, tz) === day ? timeOf(at, tz) : `${dayOf(at, tz)} ${timeOf(at, tz)}`;
}

function checkinTable(db: Db, r: PeriodReport, name: (id: number) => string): LedgerTable {
  const rows = checkinsBetween(db, r.branch.id, r.period.start, r.through).map((c): Cell[] => [
    c.day,
    name(c.memberId),
    timeFor(c.at, c.day, r.tz),
    c.late ? '是' : '否',
    c.kind === 'makeup' ? '补卡' : '打卡',
    c.note,
  ]);
  return { columns: ['日期', '姓名', '时间', '迟到', '类型', '备注'], rows };
}

function studyTable(db: Db, r: PeriodReport, name: (id: number) => string): LedgerTable {
  const sessions = new Map(
    db
      .select({ id: studySessions.id, number: studySessions.number, topic: studySessions.topic })
      .from(studySessions)
      .where(eq(studySessions.branchId, r.branch.id))
      .all()
      .map((s) => [s.id, s]),
  );
  const how = (sessionId: number | null, lateFor: number | null): string => {
    const s = sessionId !== null ? sessions.get(sessionId) : undefined;
    if (s) return `第${s.number}期「${s.topic}」`;
    const late = lateFor !== null ? sessions.get(lateFor) : undefined;
    return late ? `自学（第${late.number}期截止后签到）` : '自学';
  };
  const rows = signinsBetween(db, r.branch.id, r.period.start, r.through).map((s): Cell[] => [
    s.day,
    name(s.memberId),
    timeOf(s.at, r.tz),
    s.course ? displayTitle(s.course) : '',
    s.minutes,
    how(s.sessionId, s.lateForSessionId),
  ]);
  return { columns: ['日期', '姓名', '时间', '课程', '分钟', '方式'], rows };
}

function fundTables(entries: StoredEntry[], r: PeriodReport, name: (id: number) => string): LedgerTable[] {
  const state = foldLedger(entries);
  const status = (e: StoredEntry): string => {
    if (e.kind === 'donation')
      return { pending: '待确认', confirmed: '已确认', reversed: '已冲正' }[
        state.donations.get(e.seq)!.status
      ];
    if (e.kind === 'payout') return state.payouts.get(e.seq)?.reversedBy ? '已冲正' : '';
    return '';
  };
  const rows = entries
    .filter((e) => e.day >= r.period.start && e.day <= r.through)
    .map((e): Cell[] => [
      e.seq,
      e.day,
      timeOf(e.at, r.tz),
      KIND_NAMES[e.kind],
      { yuan: e.amountFen },
      e.memberName || name(e.memberId),
      e.refSeq === null ? '' : `#${e.refSeq}`,
      status(e),
      e.note,
    ]);
  const ledger: LedgerTable = {
    columns: ['编号', '日期', '时间', '类型', '金额（元）', '成员', '关联', '状态', '备注'],
    rows,
  };
  const f = r.fund;
  if (!f) return [ledger];
  const totals: LedgerTable = {
    title: '合计',
    columns: ['项目', '金额（元）'],
    rows: [
      ['收到捐款（已确认）', { yuan: f.raisedFen }],
      ['待确认捐款', { yuan: f.pendingFen }],
      ['支出', { yuan: f.paidFen }],
      ['期末结余', { yuan: f.closingBalanceFen }],
      ['当前结余', { yuan: f.balanceFen }],
      ['账本校验', f.chainOk ? '通过' : '未通过'],
    ],
  };
  return [ledger, totals];
}
