import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { SendError } from '../../../src/core/errors.js';
import { parseCsv, readXlsx, tableAfter, valueOf } from '../../helpers/read-ledger.js';
import type { Harness } from '../../helpers/harness.js';
import { seededMonth } from '../../helpers/seed-month.js';

let h: Harness;

/** The number format of the cell right of `label`. */
async function numFmtOf(path: string, sheet: string, label: string): Promise<string | undefined> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  let fmt: string | undefined;
  wb.getWorksheet(sheet)!.eachRow((row) => {
    if (row.getCell(1).value === label) fmt = row.getCell(2).numFmt;
  });
  return fmt;
}
afterEach(async () => h?.stop());

async function exportFile(text: string) {
  const before = h.adapter.sent.length;
  await h.say('书记', text);
  const sent = h.adapter.sent.slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

describe('导出', () => {
  it('sends an XLSX ledger whose sheets hold the month’s rate, per-member counts, study minutes and fund totals', async () => {
    h = await seededMonth();
    const msg = await exportFile('导出 本月');
    expect(msg.text).toContain('📎 第一党支部 · 2026年11月台账（Excel 表格，统计 11月1日 至 11月5日）');
    expect(msg.file!.name).toBe('第一党支部-2026-11-台账.xlsx');
    expect(dirname(msg.file!.path)).toBe(`${dirname(h.dbPath)}/exports`);
    const book = await readXlsx(msg.file!.path);
    expect([...book.keys()]).toEqual(['汇总', '打卡台账', '学习台账', '基金台账']);

    const summary = book.get('汇总')!;
    expect(summary[0]).toEqual(['第一党支部 · 2026年11月']);
    expect(valueOf(summary, '时段')).toBe('2026年11月（2026-11-01 至 2026-11-05）');
    expect(valueOf(summary, '导出时间')).toBe('2026-11-05 09:30');
    expect(valueOf(summary, '打卡率')).toBeCloseTo(8 / 9);
    expect(valueOf(summary, '实到（人日）')).toBe(8);
    expect(valueOf(summary, '学习（分钟）')).toBe(75);
    expect(valueOf(summary, '收到捐款（元）')).toBe(50);
    expect(valueOf(summary, '期末结余（元）')).toBe(30);
    expect(await numFmtOf(msg.file!.path, '汇总', '收到捐款（元）')).toBe('#,##0.00');
    const people = tableAfter(summary, '姓名');
    expect(people.map((r) => r.slice(0, 8))).toEqual([
      ['书记', 4, 4, 0, 1, 0, 0, 4],
      ['张三', 2, 1, 0, 0, 2, 1, 1],
      ['李四', 3, 3, 1, 0, 0, 0, 3],
    ]);
    expect(people.map((r) => r[9])).toEqual([0, 30, 45]);

    const checkins = tableAfter(book.get('打卡台账')!, '日期');
    expect(checkins).toHaveLength(8);
    expect(checkins[0]).toEqual(['2026-11-02', '书记', '08:00', '否', '打卡']);
    expect(checkins).toContainEqual(['2026-11-04', '李四', '10:00', '是', '打卡']);
    expect(checkins).toContainEqual(['2026-11-04', '书记', '2026-11-05 08:00', '否', '补卡', '在乡里开会']);

    const study = tableAfter(book.get('学习台账')!, '日期');
    expect(study.map((r) => [r[1], r[3], r[4], r[5]])).toEqual([
      ['张三', '《党章》第一章', 30, '自学'],
      ['李四', '《二十大报告》', 45, '自学'],
    ]);

    const fund = book.get('基金台账')!;
    const entries = tableAfter(fund, '编号');
    expect(entries.map((r) => [r[0], r[3], r[4], r[5], r[7]])).toEqual([
      [1, '捐款', 50, '张三', '已确认'],
      [2, '捐款', 12.5, '李四', '待确认'],
      [3, '确认', 50, '书记', undefined],
      [4, '支出', 20, '书记', undefined],
    ]);
    expect(valueOf(fund, '当前结余')).toBe(30);
    expect(valueOf(fund, '账本校验')).toBe('通过');
  });

  it('sends a CSV with a BOM that holds the same totals, money as yuan with two decimals', async () => {
    h = await seededMonth();
    const msg = await exportFile('导出 本月 CSV');
    expect(msg.file!.name).toBe('第一党支部-2026-11-台账.csv');
    const bytes = readFileSync(msg.file!.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['第一党支部 · 2026年11月']);
    expect(valueOf(rows, '打卡率')).toBe('88.9%');
    expect(valueOf(rows, '学习（分钟）')).toBe('75');
    expect(valueOf(rows, '收到捐款（元）')).toBe('50.00');
    expect(valueOf(rows, '待确认捐款（元）')).toBe('12.50');
    expect(rows).toContainEqual(['【打卡台账】']);
    expect(tableAfter(rows, '编号').map((r) => r[4])).toEqual(['50.00', '12.50', '50.00', '20.00']);
  });

  it('a retry after a failed send sends the same file, built once', async () => {
    h = await seededMonth();
    h.adapter.failures.push(new SendError('network down', { retryAfterMs: 0 }));
    await h.say('书记', '导出 上月 excel');
    const first = h.db.$client
      .prepare('SELECT payload, attempts FROM outbox ORDER BY id DESC LIMIT 1')
      .get() as { payload: string; attempts: number };
    const payload = JSON.parse(first.payload);
    // The prepared payload was stored before the failed send: no 'prepare' left, the file fixed.
    expect(payload.prepare).toBeUndefined();
    expect(existsSync(payload.file.path)).toBe(true);
    const mtime = statSync(payload.file.path).mtimeMs;
    h.app.sender.wake();
    await h.app.sender.idle();
    const sent = h.adapter.sent.at(-1)!;
    expect(sent.file).toEqual(payload.file);
    expect(sent.file!.name).toBe('第一党支部-2026-10-台账.xlsx');
    expect(statSync(payload.file.path).mtimeMs).toBe(mtime);
  });

  it('refuses a period that has not started and members who are not secretary, writing no outbox row', async () => {
    h = await seededMonth();
    expect(await h.ask('书记', '导出 2026-12')).toContain('还没有开始');
    expect(await h.ask('书记', '导出 明年春天')).toContain('无法识别的时段');
    expect(await h.ask('张三', '导出 本月')).toContain('书记');
    const prepared = h.db.$client
      .prepare(
        'SELECT count(*) AS n FROM outbox WHERE payload LIKE \'%"prepare"%\' OR payload LIKE \'%"file"%\'',
      )
      .get() as { n: number };
    expect(prepared.n).toBe(0);
  });
});
