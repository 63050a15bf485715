import ExcelJS from 'exceljs';
import type { Cell, LedgerDocument } from './ledger-document.js';

const YUAN_FORMAT = '#,##0.00';
const PERCENT_FORMAT = '0.0%';

/** What a cell holds in the sheet, and its number format. */
function excelValue(cell: Cell): { value: string | number | null; numFmt?: string } {
  if (cell === '') return { value: null }; // an empty cell, not an empty string
  // Text is written as a string cell, never as { formula }: a note '=HYPERLINK(…)' stays text
  // (test/reports/export-injection.test.ts), so no quote prefix is needed here.
  if (cell === null || typeof cell === 'string' || typeof cell === 'number') return { value: cell };
  // Money as a number of yuan (so Excel can sum it) shown with two decimals.
  if ('yuan' in cell) return { value: cell.yuan / 100, numFmt: YUAN_FORMAT };
  return cell.percent === null ? { value: '—' } : { value: cell.percent, numFmt: PERCENT_FORMAT };
}

/**
 * Renders the document as an XLSX workbook: one worksheet per sheet, each starting with the title
 * and the header rows (branch, period, time of export), then its tables. Workbook dates are the
 * time of export, so the same request builds the same workbook.
 */
export async function renderXlsx(doc: LedgerDocument, exportedAt: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'zhibu';
  wb.created = new Date(exportedAt);
  wb.modified = new Date(exportedAt);
  for (const sheet of doc.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    ws.addRow([doc.title]).font = { bold: true, size: 14 };
    for (const [label, value] of doc.header) ws.addRow([label, value]);
    const widths: number[] = [];
    for (const table of sheet.tables) {
      ws.addRow([]);
      if (table.title) ws.addRow([table.title]).font = { bold: true };
      const head = ws.addRow(table.columns);
      head.font = { bold: true };
      head.eachCell((c) => {
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      });
      table.columns.forEach((title, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(title))));
      for (const cells of table.rows) {
        const row = ws.addRow([]);
        cells.forEach((cell, i) => {
          const { value, numFmt } = excelValue(cell);
          const target = row.getCell(i + 1);
          target.value = value;
          if (numFmt) target.numFmt = numFmt;
          widths[i] = Math.max(widths[i] ?? 0, displayWidth(value === null ? '' : String(value)));
        });
      }
    }
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.min(60, Math.max(10, w + 2))));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Chinese characters take two columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}
