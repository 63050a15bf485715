import { afterEach, describe, expect, it } from 'vitest';
import { monthPeriod } from '../../../src/domain/period.js';
import { branchWithSecretary, reportScope, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

/** A branch with a secretary and three members who have spoken (so they have identities). */
async function branch(): Promise<Harness> {
  h = await branchWithSecretary('2026-11-02 08:00');
  for (const name of ['张三', '李四', '王五']) await h.say(name, '帮助');
  return h;
}

const lastSent = () => h.adapter.sent[h.adapter.sent.length - 1]!;

describe('通知 and 收到 (console harness)', () => {
  it('posts notice 1 asking for 收到 and @mentions everyone but the sender', async () => {
    await branch();
    const text = await h.ask('书记', '通知 截止 11-05 18:00 明天15:00开支部党员大会');
    expect(text).toContain('📢 第1号通知');
    expect(text).toContain('明天15:00开支部党员大会');
    expect(text).toContain('截止：11月5日 18:00');
    expect(text).toContain('请回复「收到」（3 人需回复）');
    expect(lastSent().mentions?.map((m) => m.name)).toEqual(['张三', '李四', '王五']);
    expect(await h.ask('书记', '通知 第二件事')).toContain('📢 第2号通知');
  });

  it('收到 answers the latest open notice; a second 收到 is recognised; 回执 lists who and when', async () => {
    await branch();
    await h.say('书记', '通知 明天15:00开支部党员大会');
    h.setTime('2026-11-02 08:10');
    expect(await h.ask('张三', '收到')).toBe('✅ 已收到第1号通知：张三（回执 1/3（33.3%））');
    expect(await h.ask('张三', '收到')).toContain('已于 11月2日 08:10 确认过第1号通知');
    h.setTime('2026-11-02 09:30');
    await h.say('李四', '收到，谢谢书记');
    const receipt = await h.ask('书记', '回执 1');
    expect(receipt).toContain('第1号通知 回执 2/3（66.7%）');
    expect(receipt).toContain('已收到 2 人：张三 08:10、李四 09:30');
    expect(receipt).toContain('未回复 1 人：王五');
    expect(h.count('notice_receipts WHERE answered_at IS NOT NULL')).toBe(2);
  });

  it('收到 N answers a given notice; a bare 收到 answers the newest one not yet answered', async () => {
    await branch();
    await h.say('书记', '通知 第一件事');
    await h.say('书记', '通知 第二件事');
    expect(await h.ask('张三', '收到 1')).toContain('已收到第1号通知');
    expect(await h.ask('张三', '收到')).toContain('已收到第2号通知');
    // Both answered: the next bare 收到 says so instead of counting twice.
    expect(await h.ask('张三', '收到')).toContain('确认过第2号通知');
    expect(h.count('notice_receipts WHERE answered_at IS NOT NULL')).toBe(2);
  });

  it('收到 in reply to a notice answers that notice: quoted text (WeChat) or the replied message id (Feishu)', async () => {
    await branch();
    await h.say('书记', '通知 第一件事');
    const firstId = `fake-msg-${h.adapter.sent.length}`;
    await h.say('书记', '通知 第二件事');
    const byQuote = await h.ask('李四', '收到', {
      quote: { authorName: '支部助手', text: '📢 第1号通知\n第一件事' },
    });
    expect(byQuote).toContain('已收到第1号通知');
    expect(await h.ask('王五', '收到', { inReplyTo: firstId })).toContain('已收到第1号通知');
    // Replying 收到 to a colleague's chat message is chat, not an answer to a notice.
    expect(
      await h.say('张三', '收到', {
        quote: { authorName: '李四', text: '周末一起去走访' },
        addressed: false,
      }),
    ).toEqual([]);
    expect(h.count('notice_receipts WHERE answered_at IS NOT NULL')).toBe(2);
  });

  it('a bare 收到 with no open notice is chat, or told so when the bot was addressed', async () => {
    await branch();
    expect(await h.say('张三', '收到', { addressed: false })).toEqual([]);
    expect(await h.ask('张三', '收到')).toBe('目前没有需要回复「收到」的通知。');
    await h.say('书记', '通知 截止 今天 09:00 交材料');
    h.setTime('2026-11-02 09:01');
    expect(await h.say('张三', '收到', { addressed: false })).toEqual([]);
    // 收到 N still records it, marked late.
    expect(await h.ask('张三', '收到 1')).toContain('截止后回复');
    expect(await h.ask('书记', '回执 1')).toContain('张三 09:01（逾期）');
  });

  it('refuses bad input with a clear reply and changes nothing', async () => {
    await branch();
    await h.say('书记', '通知 第一件事');
    const before = h.count('notices');
    const receipts = h.count('notice_receipts WHERE answered_at IS NOT NULL');
    expect(await h.ask('书记', '通知')).toContain('请写上通知内容');
    expect(await h.ask('书记', '通知 截止 11-05 18:00')).toContain('请写上通知内容');
    expect(await h.ask('书记', '通知 截止 11-01 18:00 开会')).toContain('已经过去了');
    expect(await h.ask('书记', '通知 截止 __proto__ 开会')).toContain('无法识别截止时间');
    expect(await h.ask('张三', '通知 我也发一个')).toContain('需要委员权限');
    expect(await h.ask('张三', '收到 9')).toBe('没有第9号通知（最近的是第1号）。');
    expect(await h.ask('张三', '回执 1')).toContain('需要委员权限');
    expect(await h.ask('书记', '回执 constructor')).toContain('不是通知编号');
    expect(await h.ask('书记', '回执 7')).toContain('没有第7号通知');
    expect(await h.ask('书记', '收到 1')).toContain('是你发出的');
    expect(await h.ask('书记', `通知 ${'长'.repeat(1001)}`)).toContain('通知内容太长');
    expect(h.count('notices')).toBe(before);
    expect(h.count('notice_receipts WHERE answered_at IS NOT NULL')).toBe(receipts);
  });

  it('通知 列表 shows recent notices with their rates', async () => {
    await branch();
    expect(await h.ask('书记', '通知 列表')).toContain('还没有发过通知');
    await h.say('书记', '通知 第一件事');
    await h.say('书记', '通知 截止 11-05 18:00 第二件事');
    await h.say('张三', '收到 2');
    const list = await h.ask('书记', '通知 列表');
    expect(list).toContain('第2号 11月2日 08:00 「第二件事」 回执 1/3（33.3%），截止 11月5日 18:00');
    expect(list).toContain('第1号 11月2日 08:00 「第一件事」 回执 0/3（0.0%）');
  });
});

describe('follow-up and deadline (scheduler)', () => {
  it('one follow-up after 4 hours @mentions only those who have not answered, exactly once, across a restart', async () => {
    await branch();
    await h.say('书记', '通知 截止 11-03 18:00 交党费');
    await h.say('张三', '收到');
    h.setTime('2026-11-02 11:59');
    expect(h.app.scheduler.runDue()).toBe(0);
    h.setTime('2026-11-02 12:00');
    const before = h.adapter.sent.length;
    expect(h.app.scheduler.runDue()).toBe(1);
    await h.app.sender.idle();
    const sent = h.adapter.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('⏰ 第1号通知还有 2 人未回复「收到」：李四、王五');
    expect(sent[0]!.mentions?.map((m) => m.name)).toEqual(['李四', '王五']);
    expect(h.app.scheduler.runDue()).toBe(0);
    await h.restart();
    h.setTime('2026-11-02 13:00');
    expect(h.app.scheduler.runDue()).toBe(0);
  });

  it('a 收到 replying to the follow-up answers the notice', async () => {
    await branch();
    await h.say('书记', '通知 交党费');
    h.setTime('2026-11-02 12:00');
    h.app.scheduler.runDue();
    await h.app.sender.idle();
    const followUpId = `fake-msg-${h.adapter.sent.length}`;
    expect(await h.ask('李四', '收到', { inReplyTo: followUpId })).toContain('已收到第1号通知');
  });

  it('at the deadline the sender gets the list privately, once', async () => {
    await branch();
    await h.say('书记', '设置 通知提醒 关');
    await h.say('书记', '通知 截止 今天 10:00 交材料');
    await h.say('张三', '收到');
    h.setTime('2026-11-02 10:00');
    const before = h.adapter.sent.length;
    expect(h.app.scheduler.runDue()).toBe(1);
    await h.app.sender.idle();
    const sent = h.adapter.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.private).toBe(true);
    expect(sent[0]!.chatId).toBe('书记');
    expect(sent[0]!.text).toContain('回执 1/3（33.3%）');
    expect(sent[0]!.text).toContain('未回复 2 人：李四、王五');
    h.setTime('2026-11-02 12:30');
    // Follow-ups are off: nothing more, and the deadline list is not sent again.
    expect(h.app.scheduler.runDue()).toBe(0);
  });

  it('设置 通知提醒 changes the delay; 关 turns it off; bad values are refused', async () => {
    await branch();
    expect(await h.ask('书记', '设置 通知提醒 2小时')).toContain('发出 2小时后');
    expect(await h.ask('书记', '设置 通知提醒 五分钟')).toContain('请写提醒时间');
    expect(await h.ask('书记', '设置 通知提醒 5分钟')).toContain('10 分钟到 72 小时');
    expect(await h.ask('张三', '设置 通知提醒 关')).toContain('权限');
    await h.say('书记', '通知 交党费');
    h.setTime('2026-11-02 10:00');
    expect(h.app.scheduler.runDue()).toBe(1);
    await h.say('书记', '设置 通知提醒 关');
    await h.say('书记', '通知 第二件事');
    h.setTime('2026-11-03 10:00');
    expect(h.app.scheduler.runDue()).toBe(0);
  });
});

describe('read receipts, reports and 我的', () => {
  it('a read event for the notice message marks the reader 已读 in 回执', async () => {
    await branch();
    await h.say('书记', '通知 交党费');
    const id = `fake-msg-${h.adapter.sent.length}`;
    await h.say('张三', '收到');
    for (const [eventId, readerId, messageIds] of [
      ['r1', '王五', [id]],
      ['r2', '张三', [id]],
      ['r3', '李四', ['fake-msg-unrelated']],
      ['r4', 'stranger', [id]],
    ] as const) {
      await h.app.sink({
        type: 'read',
        platform: 'fake',
        eventId,
        chatId: h.chat,
        at: h.clock.now(),
        readerId,
        messageIds: [...messageIds],
      });
    }
    await h.app.inbox.idle();
    const receipt = await h.ask('书记', '回执');
    expect(receipt).toContain('已收到 1 人：张三 08:00（已读）');
    expect(receipt).toContain('未回复 2 人：李四、王五（已读）');
    expect(h.count('notice_receipts WHERE read_at IS NOT NULL')).toBe(2);
  });

  it('汇总 gains the period notices and average 回执率; 我的 lists unanswered notices', async () => {
    await branch();
    await h.say('书记', '通知 第一件事');
    await h.say('书记', '通知 第二件事');
    for (const name of ['张三', '李四', '王五']) await h.say(name, '收到 1');
    await h.say('张三', '收到 2');
    const summary = (await h.say('书记', '汇总 本月')).join('\n');
    // (3/3 + 1/3) / 2
    expect(summary).toContain('通知 2 条，平均回执率 66.7%（回执 4/6 人次）');
    const me = (await h.say('王五', '我的')).join('\n');
    expect(me).toContain('通知 2 条需回复，已回复 1 条');
    expect(me).toContain('待回复通知 1 条：第2号「第二件事」');
  });

  it('导出 gets a 通知回执 sheet; the organisation table and the admin API get the figures', async () => {
    await branch();
    await h.say('书记', '通知 截止 11-05 18:00 第一件事');
    h.setTime('2026-11-02 09:15');
    await h.say('李四', '收到');
    const section = h.app.registry.sections.find((s) => s.name === 'notices')!.section;
    const scope = reportScope(h, '2026-11-02');
    const period = monthPeriod(2026, 11);
    const figures = section.figures(scope, period, '2026-11-02')!;
    const [sheet] = section.sheets!(figures, scope, period, '2026-11-02');
    expect(sheet!.name).toBe('通知回执');
    expect(sheet!.tables[0]!.rows).toEqual([
      [1, '11月2日 08:00', '第一件事', '11月5日 18:00', 3, 1, 0, { percent: 1 / 3 }],
    ]);
    expect(sheet!.tables[1]!.rows).toEqual([
      [1, '张三', '', ''],
      [1, '李四', '11月2日 09:15', ''],
      [1, '王五', '', ''],
    ]);
    expect(section.orgColumns!.map((c) => c.cell(figures))).toEqual([1, { percent: 1 / 3 }]);
    expect(section.orgText![0]!.cell(figures)).toBe('1/33.3%');
    expect(section.json!(figures, scope)).toMatchObject({
      count: 1,
      averageRate: 1 / 3,
      answered: 1,
      expected: 3,
    });
    // A branch that never posted a notice has no notices section.
    expect(
      section.figures({ ...scope, branch: { ...scope.branch, id: 999 } }, period, '2026-11-02'),
    ).toBeUndefined();
  });
});
