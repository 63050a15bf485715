import { afterEach, describe, expect, it } from 'vitest';
import { checkLedger } from '../../../src/core/ledger/store.js';
import { yearPeriod } from '../../../src/domain/period.js';
import { buildPeriodReport, periodReportJson } from '../../../src/reports/period-report.js';
import { branchWithSecretary, reportScope, type Harness } from '../../helpers/harness.js';
import { readXlsx, tableAfter, valueOf } from '../../helpers/read-ledger.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Runs what is due at the harness's clock and returns the messages it posted. */
async function tick() {
  const before = h.adapter.sent.length;
  h.app.scheduler.runDue();
  await h.app.inbox.idle();
  return h.adapter.sent.slice(before).map((m) => ({
    text: m.text,
    to: m.chatId,
    private: m.private ?? false,
    mentions: m.mentions?.map((x) => x.name),
  }));
}

const ledgerRows = () => h.count('fund_entries');
const standardRows = () => h.count('dues_standards');

/**
 * 第一党支部 from January: 书记 (secretary, 50 元 a month), 李四 (组织委员, 离退休 4,000 元 →
 * 20 元), 张三 (在职 6,000 元 → 90 元, 12,000 元 from July → 240 元), 王五 (25.50 元, stops paying).
 */
async function branch(): Promise<Harness> {
  h = await branchWithSecretary('2026-01-02 08:00');
  for (const name of ['张三', '王五', '李四']) await h.ask(name, '我的');
  await h.ask('书记', '设置 委员 李四');
  expect(await h.ask('书记', '设置 党费基数 @张三 6000 在职')).toBe(
    '⚙️ 张三 的党费标准：每月 90.00 元（在职党员月收入 6,000.00 元，5,000–10,000 元（含）档按 1.5%），自2026年1月起。',
  );
  expect(await h.ask('书记', '设置 党费基数 @李四 4000 退休')).toContain(
    '每月 20.00 元（离退休党员月收入 4,000.00 元，5,000 元以下（含）档按 0.5%）',
  );
  expect(await h.ask('李四', '党费标准 @王五 25.5')).toBe(
    '⚙️ 王五 的党费标准：每月 25.50 元，自2026年1月起。',
  );
  expect(await h.ask('书记', '设置 党费 @书记 50')).toContain('每月 50.00 元');
  return h;
}

describe('a year of a branch’s 党费 in the chat', () => {
  it('standards, payments oldest month first, 确认 by another, arrears, 上缴, 公示 with the chain, and the exported 台账', async () => {
    await branch();

    // January: everybody pays; a remainder is credit; nobody confirms their own.
    expect(await h.ask('张三', '交党费 90')).toBe(
      '💴 #1 张三 交党费 90.00 元（玖拾元整），计 2026年1月，待委员「确认 1」后计入。\n已交至 2026年1月。',
    );
    expect(await h.ask('王五', '交党费 30')).toBe(
      '💴 #2 王五 交党费 30.00 元（叁拾元整），计 2026年1月，待委员「确认 2」后计入。\n另有 4.50 元 记作预交，抵 2026年2月 的党费。\n已交至 2026年1月。',
    );
    expect(await h.ask('李四', '交党费 3个月')).toContain(
      '#3 李四 交党费 60.00 元（陆拾元整），计 2026年1月、2026年2月、2026年3月',
    );
    expect(await h.ask('书记', '交党费 一个月')).toContain('#4 书记 交党费 50.00 元');
    expect(await h.ask('张三', '确认 1')).toBe('「确认」需要委员权限，你目前是党员。');
    expect(await h.ask('李四', '确认 3')).toContain(
      '没有确认任何一笔：#3 是你自己的党费，需由其他委员或书记确认',
    );
    expect(await h.ask('书记', '确认 4')).toContain('#4 是你自己的党费');
    const confirmed = await h.ask('李四', '确认 1 2 4');
    expect(confirmed).toContain(
      '✅ 已确认收款 3 笔，共 170.00 元：#1 张三 党费 90.00 元、#2 王五 党费 30.00 元、#4 书记 党费 50.00 元',
    );
    expect(confirmed).toContain('党费结存 170.00 元，另有 60.00 元 待确认。');
    expect(await h.ask('书记', '确认 3')).toContain('党费结存 230.00 元。');

    // The care fund shares the numbering and the chain: 捐款 gets the next number, 确认 serves both.
    expect(await h.ask('张三', '捐款 50')).toContain('#9 张三 捐款 50.00 元');
    expect(await h.ask('李四', '确认 9')).toContain('基金结余 50.00 元');
    expect(await h.ask('李四', '捐款记录')).not.toContain('党费');

    // February: 张三 pays five months ahead; 王五 pays, then it is reversed as a mistake.
    h.setTime('2026-02-03 10:00');
    expect(await h.ask('张三', '交党费 5个月')).toContain(
      '交党费 450.00 元（肆佰伍拾元整），计 2026年2月至2026年6月（5 个月）',
    );
    expect(await h.ask('书记', '确认 11')).toContain('已确认收款 1 笔');
    expect(await h.ask('王五', '交党费 21')).toContain(
      '#13 王五 交党费 21.00 元（贰拾壹元整），计 2026年2月',
    );
    expect(await h.ask('王五', '冲正 13 金额不对')).toBe('「冲正」需要委员权限，你目前是党员。');
    expect(await h.ask('李四', '冲正 13 钱没收到')).toContain(
      '↩️ #14 已冲正 #13（王五的党费 21.00 元）：钱没收到。原记录保留可查。\n党费结存',
    );
    expect(await h.ask('李四', '确认 13')).toContain('#13 已被 #14 冲正');

    // 上缴 the first quarter; more than held is refused without 强制.
    h.setTime('2026-04-03 10:00');
    expect(await h.ask('李四', '党费上缴 900 2026-03')).toContain('党费结存只有 680.00 元');
    expect(await h.ask('李四', '党费上缴 680 2026-03 一季度')).toBe(
      '📤 #15 已登记上缴2026年3月党费 680.00 元（陆佰捌拾元整）「一季度」。\n党费结存 0.00 元（累计收 680.00 元，累计上缴 680.00 元）。',
    );

    // June: 王五 is five months behind — reminded, not yet reported.
    h.setTime('2026-06-05 09:00');
    let posted = await tick();
    const june = posted.find((m) => m.text.includes('2026年6月党费'))!;
    expect(june.mentions).toEqual(expect.arrayContaining(['王五', '李四', '书记']));
    expect(june.mentions).not.toContain('张三');
    expect(posted.filter((m) => m.text.includes('党费连续'))).toEqual([]);

    // July: a new standard for 张三 from July keeps the months before it; 王五 is six months behind.
    h.setTime('2026-07-01 08:00');
    expect(await h.ask('书记', '设置 党费基数 @张三 12000 在职')).toBe(
      '⚙️ 张三 的党费标准：每月 240.00 元（在职党员月收入 12,000.00 元，10,000 元以上档按 2%），自2026年7月起。原为 90.00 元/月，2026年7月以前的月份仍按原标准。',
    );
    h.setTime('2026-07-05 09:00');
    posted = await tick();
    const private6 = posted.filter((m) => m.private && m.text.includes('党费连续'));
    expect(private6.map((m) => m.to)).toEqual(['书记']);
    expect(private6[0]!.text).toContain('书记：自2026年2月起连续 6 个月未交，共 300.00 元');
    expect(private6[0]!.text).toContain('王五：自2026年2月起连续 6 个月未交，共 148.50 元');
    expect(private6[0]!.text).not.toContain('李四');
    expect(await tick()).toEqual([]); // exactly once a month

    // A member's own view, and the committee's view of the month.
    expect(await h.ask('王五', '党费')).toBe(
      '👤 王五 党费：每月 25.50 元（自2026年1月起），已确认 30.00 元，交至 2026年1月\n　欠交 6 个月（2026年2月至2026年7月），共 148.50 元',
    );
    const month = await h.ask('李四', '党费');
    expect(month).toContain('💴 第一党支部 · 2026年7月党费（4 人有标准）');
    expect(month).toContain('未交 4 人：书记（欠6个月）、张三、王五（欠6个月）、李四（欠4个月）');
    expect(month).toContain('本月应收 335.50 元');

    // The rest of the year: 张三 pays July–December at the new standard, 书记 and 李四 catch up.
    h.setTime('2026-12-10 10:00');
    expect(await h.ask('张三', '交党费 1440')).toContain('计 2026年7月至2026年12月（6 个月）');
    expect(await h.ask('书记', '交党费 550')).toContain('计 2026年2月至2026年12月（11 个月）');
    expect(await h.ask('李四', '交党费 180')).toContain('计 2026年4月至2026年12月（9 个月）');
    expect(await h.ask('李四', '确认 16 17')).toContain('已确认收款 2 笔，共 1,990.00 元');
    expect(await h.ask('书记', '确认 18')).toContain('党费结存 2,170.00 元');
    expect(await h.ask('书记', '党费上缴 2170 2026-12')).toContain(
      '#22 已登记上缴2026年12月党费 2,170.00 元',
    );

    const notice = await h.ask('张三', '党费公示 2026');
    expect(notice.split('\n')).toEqual([
      '📢 第一党支部 · 2026年 党费公示',
      '✅ 书记 每月 50.00 元，本期交纳 600.00 元（2 笔），已交至 2026年12月',
      '✅ 张三 每月 240.00 元，本期交纳 1,980.00 元（3 笔），已交至 2026年12月',
      '⭕ 王五 每月 25.50 元，本期交纳 30.00 元（1 笔），已交至 2026年1月，欠 11 个月',
      '✅ 李四 每月 20.00 元，本期交纳 240.00 元（2 笔），已交至 2026年12月',
      '合计：应交 3,126.00 元，实收 2,850.00 元；收缴率 75.0%（3/4 人交清）',
      '本期上缴 2,850.00 元；期末党费结存 0.00 元',
      expect.stringMatching(/^✅ 账本校验通过：共 22 条记录，末条校验码 [0-9a-f]{12}$/),
    ]);
    expect(checkLedger(h.db, 1).chain.ok).toBe(true);
    expect(await h.ask('张三', '公示')).toContain('✅ 账本校验通过：共 22 条记录');

    // 汇总, 我的, 导出 and the admin JSON.
    expect(await h.ask('书记', '汇总 2026')).toContain(
      '党费：收缴率 75.0%（3/4 人交清），应交 3,126.00 元，实收 2,850.00 元，上缴 2,850.00 元；结存 0.00 元',
    );
    expect(await h.ask('王五', '我的')).toContain(
      '党费：每月 25.50 元（自2026年1月起），已确认 30.00 元，交至 2026年1月',
    );
    const before = h.adapter.sent.length;
    await h.say('书记', '导出 2026');
    const file = h.adapter.sent.slice(before).find((m) => m.file)!.file!;
    const book = await readXlsx(file.path);
    expect(valueOf(book.get('汇总')!, '党费收缴率')).toBe(0.75);
    expect(valueOf(book.get('汇总')!, '党费实收（元）')).toBe(2850);
    const sheet = book.get('党费台账')!;
    expect(tableAfter(sheet, '姓名').map((r) => r.slice(0, 9))).toEqual([
      ['书记', 50, 600, 600, 0, '2026年12月', 0, 0, '交清'],
      ['张三', 240, 1980, 1980, 0, '2026年12月', 0, 0, '交清'],
      ['王五', 25.5, 306, 30, 0, '2026年1月', 11, 280.5, '未交清'],
      ['李四', 20, 240, 240, 0, '2026年12月', 0, 0, '交清'],
    ]);
    const entries = tableAfter(sheet, '编号');
    expect(entries.map((r) => [r[0], r[3], r[4], r[5], r[7], r[8]])).toContainEqual([
      13,
      '党费',
      21,
      '王五',
      '2026年2月',
      '已冲正',
    ]);
    expect(entries.map((r) => r[0])).not.toContain(9); // the donation is the fund's
    expect(valueOf(sheet, '账本校验')).toBe('通过');

    const scope = reportScope(h, '2026-12-10');
    const json = periodReportJson(scope, buildPeriodReport(scope, yearPeriod(2026))!);
    expect(json.sections.dues).toMatchObject({
      collectionRate: 0.75,
      withStandard: 4,
      paidMembers: 3,
      chainOk: true,
    });

    // The hash covers the months a payment is for: editing them outside the bot is named.
    h.db.$client.exec(
      "DROP TRIGGER fund_entries_no_update; UPDATE fund_entries SET months = '2026-12' WHERE seq = 2",
    );
    expect(await h.ask('张三', '党费公示 2026')).toContain(
      '⚠️ 账本校验未通过：第 2 号记录的内容与它的校验码不符',
    );
    expect(ledgerRows()).toBe(22);
    expect(standardRows()).toBe(5);
  });
});
