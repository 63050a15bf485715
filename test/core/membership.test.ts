import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('membership from the first line', () => {
  it('a member whose first message is refused is still a member, and 未打卡 names them', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', '未打卡')).toContain('需要书记权限');
    expect(await h.ask('书记', '未打卡')).toContain('张三');
  });

  it('a refused command changes nothing but the speaker being known', async () => {
    h = await branchWithSecretary();
    const before = h.count('checkins');
    expect(await h.ask('李四', '补卡 2099-01-01')).toMatch(/补卡|日期/);
    expect(h.count('checkins')).toBe(before);
    expect(h.count("members WHERE name = '李四'")).toBe(1);
  });
});
