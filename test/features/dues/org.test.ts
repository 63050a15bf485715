import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

function inGroup(chat: string, title: string): void {
  h.chat = chat;
  h.title = title;
}

describe('党费 in the organisation table', () => {
  it('each branch’s 收缴率 is a column, the 党委 gets the total, and a branch without 党费 shows —', async () => {
    h = await new Harness(undefined, '2026-11-02 10:00').start(); // after the check-in window: the day counts
    inGroup('org', '某某镇党委');
    await h.say('书记', '帮助', { chatOwnerId: '书记' });
    const code = /邀请码 ([A-Z0-9]{6})/.exec(await h.ask('书记', '设置 组织 党委'))![1]!;
    for (const [chat, title] of [
      ['a', '第一党支部'],
      ['b', '第二党支部'],
    ] as const) {
      inGroup(chat, title);
      await h.say('书记', '帮助', { chatOwnerId: '书记' });
      await h.ask('书记', `设置 上级 ${code}`);
    }
    // 第一党支部: two members owe for November, one has paid (confirmed by the secretary).
    inGroup('a', '第一党支部');
    await h.ask('张三', '我的');
    await h.ask('王五', '我的');
    await h.ask('书记', '设置 党费 @张三 25.5');
    await h.ask('书记', '设置 党费基数 @王五 6000 在职');
    await h.ask('张三', '交党费 1个月');
    expect(await h.ask('书记', '确认 1')).toContain('党费结存 25.50 元');

    inGroup('org', '某某镇党委');
    const text = await h.ask('书记', '汇总 本月');
    expect(text).toContain('党费 收缴率');
    expect(text).toContain('1. 第一党支部｜3人｜');
    expect(text.split('\n').find((l) => l.includes('第一党支部｜'))).toContain('｜50.0%｜');
    expect(text.split('\n').find((l) => l.includes('第二党支部｜'))).toMatch(/0\.00\/0\.00｜—｜/);
    expect(text).toContain('党费：收缴率 50.0%（1/2 人），实收 25.50 元');
  });
});
