import { afterEach, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

// The acceptance scenario, through the real app: the same steps as the console check.
it('a session with a double and a late sign-in, then self-study another day, add up in 汇总 本月', async () => {
  h = await branchWithSecretary('2026-11-02 19:00');
  expect(await h.ask('书记', '发起学习 二十大报告 截止 21:00 60分钟')).toContain('第1期「二十大报告」开始了');
  expect(await h.ask('张三', '学习签到')).toContain('已签到第1期');
  expect(await h.ask('李四', '学习签到 45分钟')).toContain('已签到第1期「二十大报告」（45 分钟）');
  expect(await h.ask('张三', '学习签到')).toContain('不重复计数');
  h.setTime('2026-11-02 21:20');
  expect(await h.ask('王五', '学习签到')).toContain('已于 今天 21:00 截止，本次不计入该场签到，记为自学');
  h.setTime('2026-11-04 20:00');
  expect(await h.ask('张三', '学习签到 《党章》第一章 一个半小时')).toContain(
    '张三 自学签到 《党章》第一章 90 分钟',
  );

  const summary = await h.ask('书记', '汇总 本月');
  // 张三 60 + 李四 45 in the session, 王五 60 late (self-study), 张三 90 self-study.
  expect(summary).toContain('📚 学习 4 人次，合计 255 分钟（4.3 小时）；参加集体学习 2 人次，自学 2 人次');
  expect(summary).toContain('第1期「二十大报告」11月2日 2/4 人（截止后签到 1 人记为自学，已截止）');
  expect(summary).toContain('每人学习（分钟/集体学习/自学）：张三 150/1/1、李四 45/1/0、王五 60/0/1');
  expect(summary).toContain('未参加学习 1 人：书记');
  expect(h.count('study_signins')).toBe(4);
});
