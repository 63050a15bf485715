import ExcelJS from 'exceljs';

/** A worksheet's rows as arrays of plain values (index 0 = column A). */
export type SheetRows = unknown[][];

/** Reads an XLSX file back: sheet name → rows. */
export async function readXlsx(source: string | Buffer): Promise<Map<string, SheetRows>> {
  const wb = new ExcelJS.Workbook();
  if (typeof source === 'string') await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ArrayBuffer);
  const out = new Map<string, SheetRows>();
  wb.eachSheet((ws) => {
    const rows: SheetRows = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = (row.values as unknown[]).slice(1);
    });
    out.set(
      ws.name,
      Array.from(rows, (r) => r ?? []),
    );
  });
  return out;
}

/** The value right of the first cell equal to `label`. */
export function valueOf(rows: SheetRows, label: string): unknown {
  const row = rows.find((r) => r[0] === label);
  if (!row) throw new Error(`no row「${label}」`);
  return row[1];
}

/** Rows under the header row whose first cell is `firstColumn`, up to the next empty row. */
export function tableAfter(rows: SheetRows, firstColumn: string): SheetRows {
  const start = rows.findIndex((r) => r[0] === firstColumn);
  if (start < 0) throw new Error(`no table starting with「${firstColumn}」`);
  const out: SheetRows = [];
  for (const r of rows.slice(start + 1)) {
    if (r.length === 0 || r.every((c) => c === undefined || c === null)) break;
    out.push(r);
  }
  return out;
}

/** Splits CSV text (RFC 4180, as written by renderCsv) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\n') (row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = ''));
    else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows.map((r) => (r.length === 1 && r[0] === '' ? [] : r));
}
