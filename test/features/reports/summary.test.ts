import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../src/domain/period.js';
import { buildCheckinReport, memberCheckinLine } from '../../../src/features/checkin/report.js';
import { members } from '../../../src/core/schema.js';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('汇总', () => {
  it('rate = checked-in ÷ expected member-days, leave excluded, members counted from the day they joined', async () => {
    h = await branchWithSecretary('2026-11-02 08:00'); // 书记 joins 11-02
    await h.ask('书记', '打卡');
    await h.ask('张三', '打卡'); // joins 11-02
    h.setTime('2026-11-03 08:00');
    await h.ask('书记', '打卡');
    await h.ask('张三', '请假 11-03 至 11-04 下乡');
    await h.ask('李四', '打卡'); // joins 11-03
    h.setTime('2026-11-04 10:00');
    await h.ask('李四', '打卡'); // late
    const text = await h.ask('书记', '汇总 本月');
    // expected: 书记 3 (11-02..04), 张三 1 (11-02; 03-04 on leave), 李四 2 → 6; checked: 2 + 1 + 2 = 5
    expect(text).toContain('📊 第一党支部 · 2026年11月 汇总');
    expect(text).toContain('统计 11月1日 至 11月4日，成员 3 人');
    expect(text).toContain('打卡率 83.3%（实到 5 / 应到 6 人日；请假 2 人日不计）');
    expect(text).toContain('迟到 1 次，补卡 0 次，缺勤 1 人日');
    expect(text).toContain('缺勤最多：书记 1 天');
    expect(text).toContain('李四 2/1/0/0');
    // 我的 counts one member alone; it must agree with the branch report line by line.
    const period = parsePeriod('本月', '2026-11-04');
    const report = buildCheckinReport(h.db, 1, period, '2026-11-04')!;
    for (const line of report.members) {
      const member = h.db.select().from(members).where(eq(members.id, line.memberId)).get()!;
      expect(memberCheckinLine(h.db, member, period, '2026-11-04')).toEqual(line);
    }
  });

  it('understands every period form and refuses a period that has not started', async () => {
    h = await branchWithSecretary('2026-11-23 08:00');
    await h.ask('书记', '打卡');
    expect(await h.ask('书记', '汇总 上周')).toContain('11-16 至 11-22 这一周');
    expect(await h.ask('书记', '统计 2026-Q4')).toContain('2026年第四季度');
    // Before the window closes (09:00) today is progress, not yet in the rate (issue 12).
    expect(await h.ask('书记', 'summary 今天')).toContain('今日 已打卡 1/1');
    h.setTime('2026-11-23 09:30');
    expect(await h.ask('书记', 'summary 今天')).toContain('打卡率 100.0%');
    expect(await h.ask('书记', '汇总 2027-01')).toContain('还没有开始');
    expect(await h.ask('书记', '汇总 下辈子')).toContain('无法识别的时段');
  });

  it('a period before the branch existed says so; a past period shows its own closing balance', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('张三', '捐款 50');
    await h.ask('书记', '确认 1');
    await h.ask('张三', '学习签到 《党章》 30分钟');
    const before = await h.ask('书记', '汇总 上月');
    expect(before).toContain('2026年10月时本支部还没有建立（2026年11月2日开始使用）');
    expect(before).not.toContain('成员 0 人');
    expect(before).not.toContain('全员参加了学习');
    expect(before).not.toContain('结余');
    h.setTime('2026-12-01 10:00');
    const seq = /#(\d+)/.exec(await h.ask('张三', '捐款 30'))![1];
    expect(await h.ask('书记', `确认 ${seq}`)).toContain('已确认收款 1 笔');
    // November closed with 50.00 in the fund; today it holds 80.00.
    expect(await h.ask('书记', '汇总 上月')).toContain('期末结余 50.00 元');
    expect(await h.ask('书记', '汇总 本月')).toContain('期末结余 80.00 元');
  });
});
