import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** A branch where 书记 is secretary and 李四 committee; 张三 and 王五 are plain members. */
async function branch(): Promise<Harness> {
  h = await branchWithSecretary('2026-11-02 08:00');
  await h.say('李四', '帮助');
  expect(await h.ask('书记', '设置 委员 李四')).toContain('已将 李四 设为委员');
  return h;
}

const entries = () => h.count('fund_entries');
const fundAudits = () =>
  (
    h.db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'fund.%'`).get() as {
      n: number;
    }
  ).n;
/** What someone with the database file could do: drop the guards and edit rows. */
const tamper = (sql: string) =>
  h.db.$client.exec(
    `DROP TRIGGER IF EXISTS fund_entries_no_update; DROP TRIGGER IF EXISTS fund_entries_no_delete; ${sql}`,
  );

describe('党内关怀基金 through the real app', () => {
  it('mixed spellings, refusals, confirmations, a payout and a reversal give a 公示 that matches the hand calculation; tampering is named', async () => {
    await branch();
    expect(await h.ask('张三', '捐款 50')).toBe(
      '🙏 #1 张三 捐款 50.00 元（伍拾元整）已登记，待委员确认收款后计入。\n你累计捐款 50.00 元（已确认 0.00 元，待确认 50.00 元）。',
    );
    expect(await h.ask('张三', '捐款 ５０元 七一')).toContain('#2 张三 捐款 50.00 元（伍拾元整）「七一」');
    expect(await h.ask('张三', '关怀基金 ¥12.5')).toContain('#3 张三 捐款 12.50 元（壹拾贰元伍角）');
    expect(await h.ask('张三', 'donate 一百二十元五角')).toContain(
      '#4 张三 捐款 120.50 元（壹佰贰拾元伍角）',
    );
    expect(await h.ask('张三', 'donate 一百二十元五角')).toContain('你累计捐款 353.50 元');
    expect(await h.ask('王五', '捐款 五十块')).toContain('#6 王五 捐款 50.00 元');
    expect(await h.ask('王五', '捐款 三块五')).toContain('#7 王五 捐款 3.50 元（叁元伍角）');

    for (const [text, reason] of [
      ['捐款 0', '大于 0'],
      ['捐款 -5', '负数'],
      ['捐款 50.555', '两位小数'],
      ['捐款 很多钱', '看不懂金额'],
      ['捐款 20000', '不能超过 10,000.00 元'],
      ['捐款', '请写明金额'],
    ] as const) {
      expect(await h.ask('张三', text)).toContain(reason);
    }
    expect(await h.ask('张三', '确认 1')).toBe('「确认」需要委员权限，你目前是党员。');
    expect(entries()).toBe(7);

    const confirmed = await h.ask('李四', '确认 1 2 3 4 6');
    expect(confirmed).toContain('已确认收款 5 笔，共 283.00 元');
    expect(confirmed).toContain('另有 124.00 元 待确认');
    expect(await h.ask('李四', '确认 5 99')).toContain('没有确认任何一笔：#99 不存在');
    expect(await h.ask('书记', '确认 5')).toContain('已确认收款 1 笔，共 120.50 元');
    expect(await h.ask('李四', '支出 500 慰问 老党员王某 住院')).toContain('结余只有 403.50 元');
    expect(await h.ask('李四', '支出 200 慰问 老党员王某 住院')).toBe(
      '💸 #14 支出 200.00 元（贰佰元整）：慰问 老党员王某 住院。\n基金结余 203.50 元。',
    );
    expect(await h.ask('书记', '冲正 3 金额写错')).toBe(
      '↩️ #15 已冲正 #3（张三的捐款 12.50 元）：金额写错。原记录保留可查。\n基金结余 191.00 元。',
    );
    expect(await h.ask('书记', '冲正 3 再冲一次')).toContain('每条记录只能冲正一次');

    // By hand: confirmed 50 + 50 + 120.50 + 120.50 + 50 = 391.00 (12.50 reversed) from 2 donors in
    // 5 donations; pending 3.50; paid 200.00; balance 191.00; 15 entries.
    const notice = await h.ask('王五', '公示');
    expect(notice).toContain('已确认捐款 391.00 元（已扣除冲正），2 人共 5 笔');
    expect(notice).toContain('待确认 1 笔，共 3.50 元');
    // Issue 12: each donor by name with their confirmed sum net of reversals; pending listed apart.
    expect(notice).toContain('捐款人：张三 341.00 元（4 笔）、王五 50.00 元');
    expect(notice).toContain('　#7 11月2日 王五 3.50 元');
    expect(notice).toContain('支出 1 笔，共 200.00 元');
    expect(notice).toContain('#14 11月2日 200.00 元　慰问 老党员王某 住院');
    expect(notice).toContain('结余 191.00 元');
    expect(notice).toContain('冲正 1 笔：#15 冲正 #3 捐款 12.50 元（金额写错）');
    expect(notice).toContain('✅ 账本校验通过：共 15 条记录');

    tamper('UPDATE fund_entries SET amount_fen = 500000 WHERE seq = 6');
    const tampered = await h.ask('王五', '公示');
    expect(tampered).toContain('⚠️ 账本校验未通过：第 6 号记录的内容与它的校验码不符');
    expect(tampered).not.toContain('✅');
  });

  it('a deleted row is reported by number, in the middle and at the end', async () => {
    await branch();
    for (const amount of [10, 20, 30, 40]) await h.ask('张三', `捐款 ${amount}`);
    tamper('DELETE FROM fund_entries WHERE seq = 2');
    expect(await h.ask('张三', '公示')).toContain('第 2 号记录缺失');
    await h.stop();
    // The chain cannot see a missing last row; the audit log, written in the same transaction, can.
    await branch();
    for (const amount of [10, 20, 30]) await h.ask('张三', `捐款 ${amount}`);
    tamper('DELETE FROM fund_entries WHERE seq = 3');
    expect(await h.ask('张三', '公示')).toContain('第 3 号记录缺失');
  });

  it('a member who is not on the committee is refused every money command, and nothing changes', async () => {
    await branch();
    await h.ask('张三', '捐款 50');
    const before = { entries: entries(), audits: fundAudits() };
    for (const [text, role] of [
      ['确认 1', '委员'],
      ['支出 10 慰问', '委员'],
      ['冲正 1 写错', '委员'],
      ['捐款记录', '委员'],
      ['设置 捐款上限 1', '书记'],
      ['设置 捐款确认 关', '书记'],
    ] as const) {
      expect(await h.ask('王五', text)).toContain(`需要${role}权限`);
    }
    expect(await h.ask('李四', '设置 捐款确认 关')).toContain('需要书记权限');
    expect({ entries: entries(), audits: fundAudits() }).toEqual(before);
  });

  it('with confirmation off a donation counts at once; confirming it again is harmless', async () => {
    await branch();
    expect(await h.ask('书记', '设置 捐款确认 关')).toContain('直接计入');
    expect(await h.ask('张三', '捐款 50')).toBe(
      '🙏 #1 张三 捐款 50.00 元（伍拾元整）已入账。\n你累计捐款 50.00 元。',
    );
    expect(await h.ask('李四', '确认 1')).toContain(
      '此前已确认，未重复计入：#1 张三 50.00 元（登记时直接入账）',
    );
    expect(entries()).toBe(1);
    expect(await h.ask('张三', '公示')).toContain('结余 50.00 元');
  });

  it('the per-entry limit is a setting and applies to payouts too; 强制 allows an overdraft that 公示 shows', async () => {
    await branch();
    expect(await h.ask('书记', '设置 捐款上限 100')).toContain('100.00 元');
    expect(await h.ask('张三', '捐款 100.01')).toContain('不能超过 100.00 元');
    expect(await h.ask('李四', '支出 150 慰问 强制')).toContain('单笔支出不能超过 100.00 元');
    expect(await h.ask('李四', '支出 80 慰问 老党员 强制')).toContain('超出结余，已按「强制」登记');
    const notice = await h.ask('张三', '公示');
    expect(notice).toContain('慰问 老党员（超出结余，强制支出）');
    expect(notice).toContain('结余 -80.00 元（已透支');
  });

  it('a reversed payout returns to the balance; confirmations and reversals cannot be reversed', async () => {
    await branch();
    await h.ask('张三', '捐款 100');
    await h.ask('李四', '确认 1');
    await h.ask('李四', '支出 60 春节走访');
    expect(await h.ask('书记', '冲正 3 重复登记')).toContain('基金结余 100.00 元');
    expect(await h.ask('李四', '冲正 2 没收到')).toContain(
      '不能单独冲正；如果款项其实没收到，请冲正原捐款 #1',
    );
    expect(await h.ask('李四', '冲正 4 再来')).toContain('本身就是冲正记录');
    expect(await h.ask('李四', '冲正 1')).toContain('请写明冲正原因');
    expect(await h.ask('李四', '确认 9')).toContain('#9 不存在');
  });

  it('我的, 捐款记录 and 汇总 show the fund', async () => {
    await branch();
    await h.ask('张三', '捐款50元七一慰问');
    await h.ask('张三', '捐款 20');
    await h.ask('李四', '确认 1');
    await h.ask('李四', '支出 30 慰问 王某');
    expect(await h.ask('张三', '我的')).toContain(
      '关怀基金：已确认捐款 50.00 元（1 笔），待确认 20.00 元（1 笔）',
    );
    expect(await h.ask('王五', '我的')).toContain('关怀基金：暂无捐款');
    const log = await h.ask('李四', '捐款记录');
    expect(log).toContain('#1 11月2日 捐款 张三 50.00 元 七一慰问 ✅已确认');
    expect(log).toContain('#2 11月2日 捐款 张三 20.00 元 ⏳待确认');
    expect(log).toContain('#3 11月2日 确认 #1 50.00 元（李四）');
    expect(log).toContain('#4 11月2日 支出 30.00 元 慰问 王某（李四登记）');
    expect(await h.ask('李四', '捐款记录 上月')).toContain('没有记录');
    expect(await h.ask('书记', '汇总 本月')).toContain(
      '关怀基金：收到捐款 50.00 元（1 人 1 笔），待确认 20.00 元（1 笔），支出 30.00 元（1 笔）；期末结余 20.00 元',
    );
  });

  it('every money action is in the audit log with who and when', async () => {
    await branch();
    await h.ask('张三', '捐款 50');
    h.setTime('2026-11-02 09:15');
    await h.ask('李四', '确认 1');
    const rows = h.db.$client
      .prepare(
        `SELECT a.action, m.name, a.at, a.detail FROM audit_log a JOIN members m ON m.id = a.member_id WHERE a.action LIKE 'fund.%' ORDER BY a.id`,
      )
      .all() as { action: string; name: string; at: number; detail: string }[];
    expect(rows.map((r) => [r.action, r.name, JSON.parse(r.detail).seq])).toEqual([
      ['fund.donate', '张三', 1],
      ['fund.confirm', '李四', 2],
    ]);
    expect(rows[1]!.at - rows[0]!.at).toBe(75 * 60_000);
  });
});
