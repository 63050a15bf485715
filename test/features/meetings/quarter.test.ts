import { afterEach, describe, expect, it } from 'vitest';
import { quarterPeriod } from '../../../src/domain/period.js';
import { buildPeriodReport, periodReportJson } from '../../../src/reports/period-report.js';
import { branchWithSecretary, reportScope, type Harness } from '../../helpers/harness.js';
import { readXlsx, tableAfter, valueOf } from '../../helpers/read-ledger.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Calls a meeting at 09:00 for 15:00 the same day, signs `who` in and ends it at 16:00. */
async function hold(type: string, day: string, who: string[], rest = ''): Promise<number> {
  h.setTime(`${day} 09:00`);
  const reply = await h.ask('书记', `发起会议 ${type} ${day.slice(5)} 15:00 ${rest}`.trim());
  const n = Number(/第(\d+)号会议/.exec(reply)![1]);
  h.setTime(`${day} 15:00`);
  for (const name of who) expect(await h.ask(name, `参会 ${n}`)).toContain('已签到');
  h.setTime(`${day} 16:00`);
  expect(await h.ask('书记', `结束会议 ${n}`)).toContain('结束');
  return n;
}

describe('a quarter of 三会一课 run in the chat', () => {
  it('is counted 完成/应开 in 汇总, exported as the 会议台账 and given to the admin API', async () => {
    h = await branchWithSecretary('2026-10-01 08:00');
    for (const name of ['张三', '李四']) await h.ask(name, '我的');
    await h.ask('书记', '设置 委员 李四');
    const all = ['书记', '张三', '李四'];
    await hold('支委会', '2026-10-10', ['书记', '李四'], '会议室 议题 研究季度工作');
    await hold('党小组会', '2026-10-15', all);
    await hold('主题党日', '2026-10-20', all, '村委会 议题 重温入党誓词');
    await hold('党员大会', '2026-10-25', ['书记', '张三'], '会议室 议题 讨论发展对象');
    await hold('支委会', '2026-11-10', ['书记', '李四']);
    h.setTime('2026-11-19 09:00');
    await hold('主题党日', '2026-11-20', ['书记', '张三']);
    await h.ask('书记', '会议记录 6 参观红色教育基地');
    h.setTime('2026-11-23 09:00');
    await h.ask('李四', '补课 6 观看基地视频');
    await hold('支委会', '2026-12-05', ['书记', '李四']);
    await hold('党小组会', '2026-12-10', all);
    await hold('主题党日', '2026-12-15', all);
    await hold('党课', '2026-12-20', all, '党校 议题 二十大精神');
    await hold('组织生活会', '2026-12-25', all);
    // A meeting called and cancelled is no meeting.
    h.setTime('2026-12-28 09:00');
    await h.ask('书记', '发起会议 民主评议 12-30 15:00');
    await h.ask('书记', '取消会议 12');

    h.setTime('2027-01-05 09:30');
    const summary = await h.ask('书记', '汇总 上季度');
    expect(summary).toContain(
      '🏛️ 三会一课 完成/应开 11/13：支委会 3/3、党小组会 2/3、主题党日 3/3、支部党员大会 1/1、党课 1/1、组织生活会 1/1、民主评议 0/1',
    );
    expect(summary).toContain('召开会议 11 次：');
    expect(summary).toContain('　第6号 主题党日 11月20日 15:00 实到 2/3，缺席 1：李四，补课 1');

    const before = h.adapter.sent.length;
    await h.say('书记', '导出 上季度');
    const file = h.adapter.sent.slice(before).find((m) => m.file)!.file!;
    const book = await readXlsx(file.path);
    expect([...book.keys()]).toContain('会议台账');
    expect(valueOf(book.get('汇总')!, '三会一课 完成/应开')).toBe('11/13');
    expect(valueOf(book.get('汇总')!, '参会（人次）')).toBe(28);
    expect(valueOf(book.get('汇总')!, '会议缺席（人次）')).toBe(2);
    const sheet = book.get('会议台账')!;
    const rows = tableAfter(sheet, '编号');
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      [1, '2026-10-10', '支委会'],
      [2, '2026-10-15', '党小组会'],
      [3, '2026-10-20', '主题党日'],
      [4, '2026-10-25', '支部党员大会'],
      [5, '2026-11-10', '支委会'],
      [6, '2026-11-20', '主题党日'],
      [7, '2026-12-05', '支委会'],
      [8, '2026-12-10', '党小组会'],
      [9, '2026-12-15', '主题党日'],
      [10, '2026-12-20', '党课'],
      [11, '2026-12-25', '组织生活会'],
    ]);
    expect(rows[0]!.slice(0, 11)).toEqual([
      1,
      '2026-10-10',
      '15:00',
      '支委会',
      '研究季度工作',
      '会议室',
      2,
      2,
      0,
      0,
      '书记、李四',
    ]);
    // 应到/实到/请假/缺席, names, the quorum verdict, minutes and 补课.
    expect(rows[3]!.slice(6, 14)).toEqual([
      3,
      2,
      0,
      1,
      '书记、张三',
      undefined,
      '李四',
      '⚖️ 正式党员应到 3 人，到会 2 人，超过半数，会议有效。',
    ]);
    expect(rows[5]![14]).toBe('参观红色教育基地');
    expect(rows[5]![15]).toBe('李四 2026-11-23：观看基地视频');
    const cadence = tableAfter(sheet, '类型');
    expect(cadence).toContainEqual(['支委会', '每月', 3, 3, 3]);
    expect(cadence).toContainEqual(['党小组会', '每月', 3, 2, 2]);
    expect(cadence).toContainEqual(['民主评议', '每年', 1, 0, 0]);

    const scope = reportScope(h, '2027-01-05');
    const json = periodReportJson(scope, buildPeriodReport(scope, quarterPeriod(2026, 4))!);
    const figures = json.sections.meetings as { done: number; due: number; meetings: { number: number }[] };
    expect([figures.done, figures.due, figures.meetings.length]).toEqual([11, 13, 11]);
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });
});
