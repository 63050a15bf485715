import { afterEach, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';
import { readXlsx, tableAfter } from '../../helpers/read-ledger.js';

let h: Harness;
afterEach(async () => h?.stop());

// Issue 12: expected = members of the branch that day, not on leave — the same 4/6 in every reply.
it('the sign-in reply, 学习未签到, 结束学习, 汇总 and 导出 give the same 签到/应到', async () => {
  h = await branchWithSecretary('2026-11-02 18:00');
  for (const name of ['张三', '李四', '王五', '赵六', '钱七']) await h.say(name, '大家好');
  await h.say('孙八', '请假 今天 下乡');
  // 7 members, 孙八 on leave: 应到 6.
  expect(await h.ask('书记', '发起学习 二十大报告 60分钟')).toContain('第1期「二十大报告」开始了');
  for (const name of ['张三', '李四', '王五']) await h.say(name, '学习签到');
  expect(await h.ask('赵六', '学习签到')).toContain('已签到 4/6 人');
  const missing = await h.ask('书记', '学习未签到');
  expect(missing).toContain('未签到 2 人（已签到 4/6）：书记、钱七');
  expect(missing).toContain('请假 1 人：孙八');
  const closed = await h.ask('书记', '结束学习');
  expect(closed).toContain('签到 4/6 人');
  expect(closed).toContain('未签到 2 人：书记、钱七');
  expect(closed).toContain('请假 1 人（不计应到）：孙八');
  expect(await h.ask('书记', '汇总 今天')).toContain('第1期「二十大报告」11月2日 4/6 人');

  // Closed: neither a bare 学习签到 nor 学习签到 1 records anything, and the reply says so.
  const before = h.count('study_signins');
  expect(await h.ask('钱七', '学习签到')).toContain('已于 今天 18:00 结束，不再接受签到');
  expect(await h.ask('钱七', '学习签到 1')).toContain('不再接受签到，这次没有记录');
  expect(h.count('study_signins')).toBe(before);
  // A sign-in with a course is plain self-study, counted once.
  expect(await h.ask('钱七', '学习签到 《党章》 30分钟')).toContain('自学签到');
  expect(h.count('study_signins')).toBe(before + 1);

  const sent = h.adapter.sent.length;
  await h.say('书记', '导出 本月');
  const file = h.adapter.sent.slice(sent)[0]!.file!;
  const rows = tableAfter((await readXlsx(file.path)).get('学习台账')!, '编号');
  expect(rows[0]).toEqual([1, '2026-11-02', '二十大报告', 4, 6]);
});
