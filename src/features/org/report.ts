import type { ReportScope } from '../../core/feature.js';
import type { Card } from '../../core/message.js';
import {
  GRADES,
  NO_GRADE,
  describeThresholds,
  gradeOf,
  type Grade,
  type GradeThresholds,
} from '../../domain/grade.js';
import { formatFen, formatYuan } from '../../domain/money.js';
import type { Period } from '../../domain/period.js';
import { periodThrough } from '../../domain/period.js';
import { formatHours } from '../../domain/study.js';
import { shortDay, type Day } from '../../domain/time.js';
import type { Db } from '../../core/db.js';
import { branchName, descendantBranches, orgUnitOf, thresholdsOf } from './store.js';
import { buildCheckinReport, formatRate } from '../checkin/report.js';
import { buildFundPeriodFigures } from '../fund/period-figures.js';
import { buildStudyReport } from '../study/report.js';

/** One branch in an organisation's table. */
export interface OrgReportRow {
  /** 1, 2, 2, 4…: equal rates share a rank; null when nobody was expected (listed last). */
  rank: number | null;
  branchId: number;
  name: string;
  /** The smaller organisation (党总支) it belongs to, when that is not the one reporting. */
  via: string | null;
  members: number;
  expected: number;
  checked: number;
  /** checked ÷ expected; null when nobody was expected. */
  rate: number | null;
  studyTimes: number;
  studyMinutes: number;
  /** Confirmed donations dated in the period (net of reversals). */
  fundIncomeFen: number;
  /** The fund's balance at the end of the period (at `through`). */
  fundBalanceFen: number;
  /** False when the branch's ledger fails its hash-chain check. */
  fundChainOk: boolean;
  grade: Grade | typeof NO_GRADE;
}

/** An organisation's table for a period: neutral numbers that the text, a card or the API render. */
export interface OrgReport {
  org: { branchId: number; name: string; type: string };
  period: Period;
  /** Last day counted: the period's end, or today while it runs. */
  through: Day;
  thresholds: GradeThresholds;
  /** Ranked by check-in rate, best first. */
  rows: OrgReportRow[];
  totals: {
    branches: number;
    members: number;
    expected: number;
    checked: number;
    rate: number | null;
    /** The organisation as a whole, by its own thresholds. */
    grade: Grade | typeof NO_GRADE;
    studyTimes: number;
    studyMinutes: number;
    fundIncomeFen: number;
    fundBalanceFen: number;
    /** How many branches got each grade. */
    grades: Record<Grade | typeof NO_GRADE, number>;
  };
}

/**
 * The table of every branch below organisation `orgBranchId` (at any depth) for `period`, counted
 * up to `today`, graded with the organisation's thresholds. Undefined when the period has not
 * started. Throws Error when the branch is not an organisation (check `isOrganisation` first).
 * `o.tz`/`o.now` only affect study-session states, which this report does not show.
 */
export function buildOrgReport(
  db: Db,
  orgBranchId: number,
  period: Period,
  today: Day,
  o: { tz?: string; now?: number } = {},
): OrgReport | undefined {
  const unit = orgUnitOf(db, orgBranchId);
  if (unit?.kind !== 'org') throw new Error(`branch ${orgBranchId} is not an organisation`);
  const through = periodThrough(period, today);
  if (through < period.start) return undefined;
  const thresholds = thresholdsOf(unit);
  const studyOptions = { tz: o.tz ?? 'Asia/Shanghai', now: o.now ?? 0 };

  const rows: OrgReportRow[] = descendantBranches(db, orgBranchId).map((b) => {
    const checkin = buildCheckinReport(db, b.branchId, period, today)!;
    const study = buildStudyReport(db, b.branchId, period, through, studyOptions);
    // Undefined when the branch never used the fund.
    const fund = buildFundPeriodFigures(db, b.branchId, period.start, through);
    return {
      rank: null,
      branchId: b.branchId,
      name: b.name,
      via: b.parentId === orgBranchId ? null : b.parentName,
      members: checkin.members.length,
      expected: checkin.expected,
      checked: checkin.checked,
      rate: checkin.rate,
      studyTimes: study.personTimes,
      studyMinutes: study.minutes,
      fundIncomeFen: fund?.raisedFen ?? 0,
      fundBalanceFen: fund?.closingBalanceFen ?? 0,
      fundChainOk: fund?.chainOk ?? true,
      grade: gradeOf(checkin.checked, checkin.expected, thresholds),
    };
  });
  rank(rows);

  const sum = (
    k:
      'members' | 'expected' | 'checked' | 'studyTimes' | 'studyMinutes' | 'fundIncomeFen' | 'fundBalanceFen',
  ) => rows.reduce((a, r) => a + r[k], 0);
  const grades = Object.fromEntries([...GRADES, NO_GRADE].map((g) => [g, 0])) as Record<
    Grade | typeof NO_GRADE,
    number
  >;
  for (const r of rows) grades[r.grade]++;
  const expected = sum('expected');
  const checked = sum('checked');
  return {
    org: { branchId: orgBranchId, name: branchName(db, orgBranchId), type: unit.orgType ?? '' },
    period,
    through,
    thresholds,
    rows,
    totals: {
      branches: rows.length,
      members: sum('members'),
      expected,
      checked,
      rate: expected > 0 ? checked / expected : null,
      grade: gradeOf(checked, expected, thresholds),
      studyTimes: sum('studyTimes'),
      studyMinutes: sum('studyMinutes'),
      fundIncomeFen: sum('fundIncomeFen'),
      fundBalanceFen: sum('fundBalanceFen'),
      grades,
    },
  };
}

/** Sorts by rate (compared exactly, as fractions), then by age of the group; equal rates share a rank. */
function rank(rows: OrgReportRow[]): void {
  const cmp = (a: OrgReportRow, b: OrgReportRow) => {
    if (a.expected === 0 || b.expected === 0) return (a.expected === 0 ? 1 : 0) - (b.expected === 0 ? 1 : 0);
    return b.checked * a.expected - a.checked * b.expected;
  };
  rows.sort((a, b) => cmp(a, b) || a.branchId - b.branchId);
  rows.forEach((r, i) => {
    if (r.expected === 0) return;
    const prev = rows[i - 1];
    r.rank = prev && prev.expected > 0 && cmp(prev, r) === 0 ? prev.rank : i + 1;
  });
}

/** The lines above the table: period, totals, grade counts; or a note on how to join when empty. */
function headerLines(r: OrgReport, joinCode: string | undefined): string[] {
  const t = r.totals;
  const title = `🏛 ${r.org.name}（${r.org.type}）· ${r.period.label} 支部汇总`;
  if (r.rows.length === 0) {
    return [title, `还没有下属支部。各支部书记在支部群发送「设置 上级 ${joinCode ?? '邀请码'}」即可加入。`];
  }
  return [
    title,
    `统计 ${shortDay(r.period.start)} 至 ${shortDay(r.through)}；下属支部 ${t.branches} 个，成员 ${t.members} 人`,
    `总打卡率 ${formatRate(t.rate)}（实到 ${t.checked} / 应到 ${t.expected} 人日），评级 ${t.grade}`,
    `学习 ${t.studyTimes} 人次，合计 ${t.studyMinutes} 分钟（${formatHours(t.studyMinutes)} 小时）`,
    `关怀基金：本期收入 ${formatFen(t.fundIncomeFen)}，期末结余 ${formatFen(t.fundBalanceFen)}`,
    `评级：${GRADES.map((g) => `${g} ${t.grades[g]} 个`).join('、')}${t.grades[NO_GRADE] ? `、无数据 ${t.grades[NO_GRADE]} 个` : ''}（${describeThresholds(r.thresholds)}）`,
  ];
}

function footerLines(r: OrgReport): string[] {
  const broken = r.rows.filter((row) => !row.fundChainOk);
  return broken.length
    ? [
        `⚠️ 关怀基金账本校验未通过：${broken.map((row) => row.name).join('、')}，请其书记在支部群发送「公示」查看详情。`,
      ]
    : [];
}

const rowName = (row: OrgReportRow) => (row.via ? `${row.name}（${row.via}）` : row.name);
const fundCell = (fen: number, row: OrgReportRow) => `${formatYuan(fen)}${row.fundChainOk ? '' : '⚠️'}`;

/** The organisation's table as plain text for the group chat (and the scheduled reports). */
export function renderOrgReportText(r: OrgReport, joinCode?: string): string {
  const lines = headerLines(r, joinCode);
  if (r.rows.length === 0) return lines.join('\n');
  lines.push('—— 按打卡率排名：支部｜成员｜打卡率｜学习 人次/分钟｜基金 收入/结余（元）｜评级 ——');
  for (const row of r.rows) {
    const fund = `${formatYuan(row.fundIncomeFen)}/${fundCell(row.fundBalanceFen, row)}`;
    lines.push(
      `${row.rank ?? '—'}. ${rowName(row)}｜${row.members}人｜${formatRate(row.rate)}｜${row.studyTimes}/${row.studyMinutes}｜${fund}｜${row.grade}`,
    );
  }
  return [...lines, ...footerLines(r)].join('\n');
}

/** The same table as a neutral card (one row per branch), for platforms that show tables. */
export function renderOrgReportCard(r: OrgReport, joinCode?: string): Card {
  const [title = '', ...lines] = headerLines(r, joinCode);
  const card: Card = { title: title.replace('🏛 ', ''), lines: [...lines, ...footerLines(r)] };
  if (r.rows.length === 0) return card;
  card.table = {
    columns: [
      '名次',
      '支部',
      '成员',
      '打卡率',
      '学习人次',
      '学习分钟',
      '基金收入（元）',
      '期末结余（元）',
      '评级',
    ],
    rows: r.rows.map((row) => [
      String(row.rank ?? '—'),
      rowName(row),
      String(row.members),
      formatRate(row.rate),
      String(row.studyTimes),
      String(row.studyMinutes),
      formatYuan(row.fundIncomeFen),
      fundCell(row.fundBalanceFen, row),
      row.grade,
    ]),
  };
  return card;
}

/** 汇总 in an organisation's group, as text and card; undefined when the period has not started. */
export function orgSummaryMessage(
  scope: ReportScope,
  period: Period,
): { text: string; card: Card } | undefined {
  const report = buildOrgReport(scope.db, scope.branch.id, period, scope.today, {
    tz: scope.tz,
    now: scope.at,
  });
  if (!report) return undefined;
  const code = orgUnitOf(scope.db, scope.branch.id)?.joinCode ?? undefined;
  return { text: renderOrgReportText(report, code), card: renderOrgReportCard(report, code) };
}
