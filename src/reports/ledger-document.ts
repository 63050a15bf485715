import type { Cell, LedgerDocument, LedgerTable, ReportScope } from '../core/feature.js';
import { membersDuring } from '../core/members.js';
import { dayjs } from '../domain/time.js';
import { sectionsOf, type PeriodReport } from './period-report.js';

export type { Cell, LedgerDocument, LedgerSheet, LedgerTable } from '../core/feature.js';

/**
 * The 台账 workbook of a period: a 汇总 sheet (each feature's figures, and one row per member
 * with each feature's columns), then each feature's own sheets, in feature order.
 */
export function buildLedgerDocument(scope: ReportScope, report: PeriodReport): LedgerDocument {
  const { branch, period, through, tz } = report;
  const figures: Cell[][] = [];
  const people = membersDuring(scope.db, branch.id, period.start, through);
  const columns = ['姓名'];
  const rows = new Map<number, Cell[]>(people.map((m) => [m.id, [m.name]]));
  const sheets = [];
  for (const { section, figures: f } of sectionsOf(scope, report)) {
    figures.push(...(section.summaryCells?.(f) ?? []));
    const cells = section.memberCells?.(f, scope, period, through);
    if (cells) {
      columns.push(...cells.columns);
      for (const [id, row] of rows) row.push(...(cells.byMember.get(id) ?? cells.columns.map(() => 0)));
    }
    sheets.push(...(section.sheets?.(f, scope, period, through) ?? []));
  }
  const tables: LedgerTable[] = [
    { title: '主要数字', columns: ['项目', '数值'], rows: [['成员（人）', people.length], ...figures] },
    { title: '每人', columns, rows: [...rows.values()] },
  ];
  return {
    title: `${branch.name} · ${period.label}`,
    header: [
      ['支部', branch.name],
      ['时段', `${period.label}（${period.start} 至 ${through}）`],
      ['导出时间', dayjs(report.at).tz(tz).format('YYYY-MM-DD HH:mm')],
    ],
    sheets: [{ name: '汇总', tables }, ...sheets],
  };
}
