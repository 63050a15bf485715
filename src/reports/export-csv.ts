import type { Cell, LedgerDocument } from './ledger-document.js';

/** Excel reads a UTF-8 file as the local code page unless it starts with a byte order mark. */
const BOM = '\uFEFF';

function text(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return neutralise(cell);
  if (typeof cell === 'number') return String(cell);
  if ('yuan' in cell) return yuan(cell.yuan);
  return cell.percent === null ? '—' : `${(cell.percent * 100).toFixed(1)}%`;
}

/**
 * OWASP "CSV Injection": Excel and LibreOffice read a cell starting with = + - @, tab or carriage
 * return as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), so a text cell starting with one
 * is prefixed with a single quote. Only text is touched: numbers we format ourselves (-50.00)
 * must stay numbers, and they never come from what a member typed.
 */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Fen as yuan with two decimals and no thousands separator, so spreadsheets read it as a number. */
function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** RFC 4180: quote fields holding a comma, quote or line break; double the quotes. */
function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Renders the document as one CSV file (UTF-8 with BOM, CRLF): the title and header rows once,
 * then each sheet as a section headed 【name】 with its tables, separated by blank lines.
 */
export function renderCsv(doc: LedgerDocument): Buffer {
  const cell = (s: string) => field(neutralise(s));
  const lines: string[] = [cell(doc.title), ...doc.header.map(([k, v]) => [k, v].map(cell).join(','))];
  for (const sheet of doc.sheets) {
    lines.push('', cell(`【${sheet.name}】`));
    for (const [i, table] of sheet.tables.entries()) {
      if (i > 0) lines.push('');
      if (table.title) lines.push(cell(table.title));
      lines.push(table.columns.map(cell).join(','));
      for (const row of table.rows) lines.push(row.map((c) => field(text(c))).join(','));
    }
  }
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
