import { afterEach, describe, expect, it } from 'vitest';
import { roleName, roleRank } from '../../src/core/context.js';
import { roles } from '../../src/core/schema.js';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Every table's row count except the message queues, plus the whole fund ledger: "state". */
function snapshot(h: Harness): string {
  const tables = (
    h.db.$client
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'",
      )
      .all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((t) => !['inbox', 'outbox'].includes(t));
  const counts = tables.map((t) => `${t}=${h.count(t)}`);
  const settings = JSON.stringify(h.db.$client.prepare('SELECT * FROM branch_settings ORDER BY 1, 2').all());
  const roleRows = JSON.stringify(
    h.db.$client.prepare('SELECT member_id, role FROM member_roles ORDER BY 1').all(),
  );
  return [...counts, settings, roleRows].join('\n');
}

const sampleArgs = [
  '',
  '1',
  '本月',
  '500 慰问 老党员 强制',
  '书记 @张三',
  '委员 @李四',
  '提醒 关',
  '上级 ABC123',
  '1 金额写错',
  '二十大报告 截止 21:00',
];

describe('authorization matrix', () => {
  it('every privileged command is refused for every role below it, naming the role, and changes nothing', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('书记', '捐款 50');
    await h.say('委员甲', '我的');
    await h.ask('书记', '设置 委员 @委员甲');
    await h.say('党员乙', '我的');
    await h.ask('书记', '确认 1');
    const speakers: Record<string, string> = { member: '党员乙', committee: '委员甲' };
    const privileged = h.app.registry.router.commands().filter((c) => c.role !== 'member');
    expect(privileged.length).toBeGreaterThanOrEqual(8);
    let checked = 0;
    for (const command of privileged) {
      for (const role of roles.filter((r) => roleRank[r] < roleRank[command.role])) {
        for (const args of sampleArgs) {
          const before = snapshot(h);
          const reply = await h.ask(speakers[role]!, `${command.name} ${args}`.trim());
          expect(reply, `${command.name} ${args} as ${role}`).toBe(
            `「${command.name}」需要${roleName[command.role]}权限，你目前是${roleName[role]}。`,
          );
          expect(snapshot(h), `${command.name} ${args} as ${role}`).toBe(before);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('separation of duties in the care fund', () => {
  it('a committee member cannot confirm or reverse their own entries; a reversal that overdraws needs 强制', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.say('委员甲', '我的');
    await h.ask('书记', '设置 委员 @委员甲');
    expect(await h.ask('委员甲', '捐款 50')).toContain('#1 委员甲 捐款 50.00 元');

    // Confirming one's own donation: refused, nothing written.
    let before = snapshot(h);
    expect(await h.ask('委员甲', '确认 1')).toBe(
      '没有确认任何一笔：#1 是你自己的捐款，需由其他委员或书记确认。',
    );
    expect(snapshot(h)).toBe(before);
    expect(await h.ask('书记', '确认 1')).toContain('已确认收款 1 笔，共 50.00 元');

    // Paying it out "to themselves" is recorded under their name…
    expect(await h.ask('委员甲', '支出 50 慰问 委员甲')).toContain('#3 支出 50.00 元');
    // …but neither their donation nor their payout can be reversed by them.
    before = snapshot(h);
    expect(await h.ask('委员甲', '冲正 1 写错')).toBe(
      '#1 是你自己登记的记录，不能由你冲正，请由其他委员或书记冲正。',
    );
    expect(await h.ask('委员甲', '冲正 3 写错')).toBe(
      '#3 是你自己登记的记录，不能由你冲正，请由其他委员或书记冲正。',
    );
    expect(snapshot(h)).toBe(before);

    // Another officer reversing the donation would leave −50.00: refused without 强制.
    expect(await h.ask('书记', '冲正 1 写错')).toBe(
      '冲正 #1 后结余将是 -50.00 元（现有 0.00 元），会透支。确需冲正，请在末尾加「强制」。',
    );
    expect(snapshot(h)).toBe(before);
    const forced = await h.ask('书记', '冲正 1 写错 强制');
    expect(forced).toContain('↩️ #4 已冲正 #1（委员甲的捐款 50.00 元）：写错。');
    expect(forced).toContain('超出结余，已按「强制」登记');
    expect(forced).toContain('基金结余 -50.00 元（已透支');
    expect(await h.ask('党员乙', '公示')).toContain('#4 冲正 #1 捐款 50.00 元（写错，超出结余，强制冲正）');
  });

  it('the secretary, who also handles money, cannot confirm their own donation either', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('书记', '捐款 20');
    expect(await h.ask('书记', '确认 1')).toContain('#1 是你自己的捐款，需由其他委员或书记确认');
    expect(h.count('fund_entries')).toBe(1);
  });
});
