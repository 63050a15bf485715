import type { Cell, LedgerDocument, ReportScope } from '../../core/feature.js';
import { membersDuring } from '../../core/members.js';
import type { Card } from '../../core/message.js';
import { getSettings } from '../../core/settings.js';
import {
  GRADES,
  NO_GRADE,
  describeThresholds,
  gradeOf,
  type Grade,
  type GradeThresholds,
} from '../../domain/grade.js';
import { formatYuan } from '../../domain/money.js';
import type { Period } from '../../domain/period.js';
import { periodThrough } from '../../domain/period.js';
import { formatRate } from '../../domain/rate.js';
import { dayjs, shortDay, type Day } from '../../domain/time.js';
import { descendantBranches, orgUnitOf, thresholdsOf } from './store.js';
import { branches } from '../../core/schema.js';
import { eq } from 'drizzle-orm';

type Fraction = { numerator: number; denominator: number };

/** One branch in an organisation's table. */
export interface OrgReportRow {
  /** 1, 2, 2, 4…: equal headline rates share a rank; null when nothing was expected (listed last). */
  rank: number | null;
  branchId: number;
  name: string;
  /** The smaller organisation (党总支) it belongs to, when that is not the one reporting. */
  via: string | null;
  members: number;
  /** The graded figure (check-in rate) as a fraction. */
  headline: Fraction;
  grade: Grade | typeof NO_GRADE;
  /** Each feature's figures for the branch, by feature name (absent: nothing to report). */
  figures: Record<string, unknown>;
}

/** An organisation's table for a period: neutral numbers that the text, a card or a workbook render. */
export interface OrgReport {
  org: { branchId: number; name: string; type: string };
  period: Period;
  /** Last day counted: the period's end, or today while it runs. */
  through: Day;
  thresholds: GradeThresholds;
  /** Ranked by the headline rate, best first. */
  rows: OrgReportRow[];
  totals: { branches: number; members: number; headline: Fraction; grade: Grade | typeof NO_GRADE };
  grades: Record<Grade | typeof NO_GRADE, number>;
}

/**
 * The table of every branch below the organisation of `scope.branch` (at any depth) for `period`,
 * each branch's figures built by the features' sections, graded with the organisation's
 * thresholds. Undefined when the period has not started or the group is not an organisation.
 */
export function buildOrgReport(scope: ReportScope, period: Period): OrgReport | undefined {
  const { db, registry } = scope;
  const unit = orgUnitOf(db, scope.branch.id);
  if (unit?.kind !== 'org') return undefined;
  const through = periodThrough(period, scope.today);
  if (through < period.start) return undefined;
  const thresholds = thresholdsOf(unit);
  const headliner = registry.sections.find((s) => s.section.headline);

  const rows: OrgReportRow[] = descendantBranches(db, scope.branch.id).map((b) => {
    const branch = db.select().from(branches).where(eq(branches.id, b.branchId)).get()!;
    const child: ReportScope = {
      ...scope,
      branch,
      settings: getSettings(db, branch.id, registry.settingDefaults),
    };
    const figures: Record<string, unknown> = {};
    for (const { name, section } of registry.sections) {
      const f = section.figures(child, period, through);
      if (f !== undefined) figures[name] = f;
    }
    const h = headliner && figures[headliner.name];
    const headline = h ? headliner.section.headline!(h) : { numerator: 0, denominator: 0 };
    return {
      rank: null,
      branchId: b.branchId,
      name: b.name,
      via: b.parentId === scope.branch.id ? null : b.parentName,
      members: membersDuring(db, b.branchId, period.start, through).length,
      headline,
      grade: gradeOf(headline.numerator, headline.denominator, thresholds),
      figures,
    };
  });
  rank(rows);
  const grades = Object.fromEntries([...GRADES, NO_GRADE].map((g) => [g, 0])) as OrgReport['grades'];
  for (const r of rows) grades[r.grade]++;
  const headline = {
    numerator: rows.reduce((a, r) => a + r.headline.numerator, 0),
    denominator: rows.reduce((a, r) => a + r.headline.denominator, 0),
  };
  const name = db
    .select({ name: branches.name })
    .from(branches)
    .where(eq(branches.id, scope.branch.id))
    .get()!;
  return {
    org: { branchId: scope.branch.id, name: name.name, type: unit.orgType ?? '' },
    period,
    through,
    thresholds,
    rows,
    totals: {
      branches: rows.length,
      members: rows.reduce((a, r) => a + r.members, 0),
      headline,
      grade: gradeOf(headline.numerator, headline.denominator, thresholds),
    },
    grades,
  };
}

/** Sorts by the headline rate (compared exactly, as fractions), then by age; equal rates share a rank. */
function rank(rows: OrgReportRow[]): void {
  const cmp = (a: OrgReportRow, b: OrgReportRow) => {
    const [x, y] = [a.headline, b.headline];
    if (x.denominator === 0 || y.denominator === 0)
      return (x.denominator === 0 ? 1 : 0) - (y.denominator === 0 ? 1 : 0);
    return y.numerator * x.denominator - x.numerator * y.denominator;
  };
  rows.sort((a, b) => cmp(a, b) || a.branchId - b.branchId);
  rows.forEach((r, i) => {
    if (r.headline.denominator === 0) return;
    const prev = rows[i - 1];
    r.rank = prev && prev.headline.denominator > 0 && cmp(prev, r) === 0 ? prev.rank : i + 1;
  });
}

const rateOf = (f: Fraction) => (f.denominator > 0 ? f.numerator / f.denominator : null);
const rowName = (row: OrgReportRow) => (row.via ? `${row.name}（${row.via}）` : row.name);

/** The lines above the table: period, totals, grade counts; or a note on how to join when empty. */
function headerLines(scope: ReportScope, r: OrgReport, joinCode?: string): string[] {
  const t = r.totals;
  const title = `🏛 ${r.org.name}（${r.org.type}）· ${r.period.label} 支部汇总`;
  if (r.rows.length === 0) {
    return [title, `还没有下属支部。各支部书记在支部群发送「设置 上级 ${joinCode ?? '邀请码'}」即可加入。`];
  }
  const lines = [
    title,
    `统计 ${shortDay(r.period.start)} 至 ${shortDay(r.through)}；下属支部 ${t.branches} 个，成员 ${t.members} 人`,
    `总打卡率 ${formatRate(rateOf(t.headline))}（实到 ${t.headline.numerator} / 应到 ${t.headline.denominator} 人日），评级 ${t.grade}`,
  ];
  for (const { name, section } of scope.registry.sections) {
    if (section.orgTotals) lines.push(...section.orgTotals(r.rows.map((row) => row.figures[name])));
  }
  const noData = r.grades[NO_GRADE] ? `、无数据 ${r.grades[NO_GRADE]} 个` : '';
  lines.push(
    `评级：${GRADES.map((g) => `${g} ${r.grades[g]} 个`).join('、')}${noData}（${describeThresholds(r.thresholds)}）`,
  );
  return lines;
}

function footerLines(scope: ReportScope, r: OrgReport): string[] {
  const lines: string[] = [];
  for (const { name, section } of scope.registry.sections) {
    if (!section.orgWarning) continue;
    const byProblem = new Map<string, string[]>();
    for (const row of r.rows) {
      const f = row.figures[name];
      const problem = f === undefined ? undefined : section.orgWarning(f);
      if (problem) byProblem.set(problem, [...(byProblem.get(problem) ?? []), row.name]);
    }
    for (const [problem, names] of byProblem) {
      lines.push(`⚠️ ${problem}：${names.join('、')}，请其书记在支部群查看详情。`);
    }
  }
  return lines;
}

/** The organisation's table as plain text for the group chat (and the scheduled reports). */
export function renderOrgReportText(scope: ReportScope, r: OrgReport, joinCode?: string): string {
  const lines = headerLines(scope, r, joinCode);
  if (r.rows.length === 0) return lines.join('\n');
  const texts = scope.registry.sections.flatMap(({ name, section }) =>
    (section.orgText ?? []).map((c) => ({ name, ...c })),
  );
  lines.push(`—— 按打卡率排名：支部｜${texts.map((t) => t.title).join('｜')}｜评级 ——`);
  for (const row of r.rows) {
    const cells = texts.map((t) => t.cell(row.figures[t.name]));
    lines.push(`${row.rank ?? '—'}. ${rowName(row)}｜${cells.join('｜')}｜${row.grade}`);
  }
  return [...lines, ...footerLines(scope, r)].join('\n');
}

/** The table's columns and cells (for the card and the workbook). */
function tableOf(scope: ReportScope, r: OrgReport): { columns: string[]; rows: Cell[][] } {
  const cols = scope.registry.sections.flatMap(({ name, section }) =>
    (section.orgColumns ?? []).map((c) => ({ name, ...c })),
  );
  return {
    columns: ['名次', '支部', ...cols.map((c) => c.title), '评级'],
    rows: r.rows.map((row) => [
      row.rank ?? '—',
      rowName(row),
      ...cols.map((c) => c.cell(row.figures[c.name])),
      row.grade,
    ]),
  };
}

const cellText = (c: Cell): string =>
  c === null
    ? ''
    : typeof c === 'object'
      ? 'yuan' in c
        ? formatYuan(c.yuan)
        : formatRate(c.percent)
      : String(c);

/** The same table as a neutral card (one row per branch), for platforms that show tables. */
export function renderOrgReportCard(scope: ReportScope, r: OrgReport, joinCode?: string): Card {
  const [title = '', ...lines] = headerLines(scope, r, joinCode);
  const card: Card = { title: title.replace('🏛 ', ''), lines: [...lines, ...footerLines(scope, r)] };
  if (r.rows.length === 0) return card;
  const table = tableOf(scope, r);
  card.table = { columns: table.columns, rows: table.rows.map((row) => row.map(cellText)) };
  return card;
}

/** 汇总 in an organisation's group, as text and card; undefined when the period has not started. */
export function orgSummaryMessage(
  scope: ReportScope,
  period: Period,
): { text: string; card: Card } | undefined {
  const report = buildOrgReport(scope, period);
  if (!report) return undefined;
  const code = orgUnitOf(scope.db, scope.branch.id)?.joinCode ?? undefined;
  return { text: renderOrgReportText(scope, report, code), card: renderOrgReportCard(scope, report, code) };
}

/** 导出 in an organisation's group: the table as a workbook, one row per branch. */
export function orgWorkbook(scope: ReportScope, period: Period): LedgerDocument | undefined {
  const report = buildOrgReport(scope, period);
  if (!report) return undefined;
  const [title = '', ...lines] = headerLines(scope, report);
  return {
    title: `${report.org.name} · ${period.label} 支部汇总`,
    header: [
      ['组织', `${report.org.name}（${report.org.type}）`],
      ['时段', `${period.label}（${period.start} 至 ${report.through}）`],
      ['导出时间', dayjs(scope.at).tz(scope.tz).format('YYYY-MM-DD HH:mm')],
    ],
    sheets: [
      {
        name: '支部汇总',
        tables: [
          { title: title.replace('🏛 ', ''), columns: ['说明'], rows: lines.map((l) => [l]) },
          { title: '各支部', ...tableOf(scope, report) },
        ],
      },
    ],
  };
}
