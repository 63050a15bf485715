import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const leaveRows = () =>
  h.db.$client
    .prepare(
      'SELECT m.name, l.start_day AS s, l.end_day AS e FROM leaves l JOIN members m ON m.id = l.member_id ORDER BY l.start_day',
    )
    .all() as { name: string; s: string; e: string }[];

const auditActions = () =>
  (
    h.db.$client.prepare('SELECT action, detail FROM audit_log ORDER BY id').all() as {
      action: string;
      detail: string;
    }[]
  ).filter((a) => a.action.startsWith('leave.'));

describe('销假', () => {
  it('withdraws one day from the end of a leave, or cuts a leave in two', async () => {
    h = await branchWithSecretary('2026-11-23 08:00');
    await h.ask('张三', '请假 11-24 至 11-28 下乡');
    expect(await h.ask('张三', '销假 11-28')).toBe(
      '↩️ 已为 张三 销假 11月28日（1 天）。这些天恢复正常打卡。',
    );
    expect(leaveRows()).toEqual([{ name: '张三', s: '2026-11-24', e: '2026-11-27' }]);
    expect(await h.ask('张三', '请假 取消 11-25')).toContain('销假 11月25日（1 天）');
    expect(leaveRows()).toEqual([
      { name: '张三', s: '2026-11-24', e: '2026-11-24' },
      { name: '张三', s: '2026-11-26', e: '2026-11-27' },
    ]);
  });

  it('without a date withdraws today and every later day, keeping the past', async () => {
    h = await branchWithSecretary('2026-11-20 08:00');
    await h.ask('张三', '请假 11-18 至 11-25 探亲');
    h.setTime('2026-11-22 08:00');
    expect(await h.ask('张三', '取消请假')).toContain('销假 11月22日 至 11月25日（4 天）');
    expect(leaveRows()).toEqual([{ name: '张三', s: '2026-11-18', e: '2026-11-21' }]);
    // Past days are history: a member cannot withdraw them, and is told who can.
    const refused = await h.ask('张三', '销假 11-19');
    expect(refused).toContain('已经过去，请假记录保留');
    expect(refused).toContain('书记');
    expect(leaveRows()).toHaveLength(1);
    expect(await h.ask('张三', '销假')).toBe('你今天及以后没有请假，无需销假。');
  });

  it('a range reaching into the past withdraws only from today, and says so', async () => {
    h = await branchWithSecretary('2026-11-20 08:00');
    await h.ask('张三', '请假 11-20 至 11-24');
    h.setTime('2026-11-22 08:00');
    const reply = await h.ask('张三', '销假 11-20至11-24');
    expect(reply).toContain('销假 11月22日 至 11月24日（3 天）');
    expect(reply).toContain('11月20日 至 11月21日 已过去，请假记录保留');
  });

  it('the withdrawn day counts again in 未打卡', async () => {
    h = await branchWithSecretary('2026-11-23 08:00');
    await h.ask('张三', '请假 今天');
    expect(await h.ask('书记', '未打卡')).toContain('请假 1 人：张三');
    await h.ask('张三', '销假');
    const missing = await h.ask('书记', '未打卡');
    expect(missing).toContain('张三');
    expect(missing).not.toContain('请假');
  });
});

describe('a secretary enters and withdraws leave for a member', () => {
  it('请假 @某人 and 销假 @某人, audited with who did it, past days included', async () => {
    h = await branchWithSecretary('2026-11-20 08:00');
    await h.ask('王五', '打卡');
    expect(await h.ask('书记', '请假 @王五 11-05 开会')).toBe(
      '📝 已登记 王五 请假 11月5日（1 天）：开会（书记 代为登记）。这些天不计入未打卡。',
    );
    expect(leaveRows()).toEqual([{ name: '王五', s: '2026-11-05', e: '2026-11-05' }]);
    expect(await h.ask('书记', '销假 @王五 11-05')).toBe(
      '↩️ 已为 王五 销假 11月5日（1 天）（书记 操作）。这些天恢复正常打卡。',
    );
    expect(leaveRows()).toEqual([]);
    const actions = auditActions();
    expect(actions.map((a) => a.action)).toEqual(['leave.add', 'leave.withdraw']);
    const wangwu = h.db.$client.prepare("SELECT id FROM members WHERE name = '王五'").get() as { id: number };
    expect(JSON.parse(actions[0]!.detail)).toMatchObject({ start: '2026-11-05', for: wangwu.id });
  });

  it('finds the member by the platform mention', async () => {
    h = await branchWithSecretary('2026-11-20 08:00');
    await h.ask('王五', '打卡');
    const reply = await h.ask('书记', '请假 @老王 明天 开会', {
      mentions: [{ userId: '王五', name: '老王' }],
    });
    expect(reply).toContain('已登记 王五 请假 11月21日');
  });

  it('a plain member cannot enter or withdraw leave for others; the refusal names the role', async () => {
    h = await branchWithSecretary('2026-11-20 08:00');
    await h.ask('王五', '打卡');
    expect(await h.ask('张三', '请假 @王五 11-21 开会')).toBe(
      '替他人请假需要书记权限，你目前是党员。给自己请假请直接发送「请假 日期」。',
    );
    expect(await h.ask('张三', '销假 @王五')).toContain('替他人销假需要书记权限');
    expect(await h.ask('书记', '请假 @没这人 11-21')).toContain('没有名为「没这人」的成员');
    expect(h.count('leaves')).toBe(0);
  });
});
