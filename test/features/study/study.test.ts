import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

type SigninRow = {
  member: string;
  session: number | null;
  course: string;
  minutes: number | null;
  late: number | null;
  day: string;
};

function signins(): SigninRow[] {
  return h.db.$client
    .prepare(
      `SELECT m.name AS member, s.number AS session, i.course, i.minutes, l.number AS late, i.day
       FROM study_signins i JOIN members m ON m.id = i.member_id
       LEFT JOIN study_sessions s ON s.id = i.session_id
       LEFT JOIN study_sessions l ON l.id = i.late_for_session_id
       ORDER BY i.id`,
    )
    .all() as SigninRow[];
}

describe('学习签到 without a session: self-study for the day', () => {
  it('records course and minutes, and says this month’s total', async () => {
    h = await branchWithSecretary('2026-11-02 20:00');
    expect(await h.ask('张三', '学习签到 《党章》第一章 30分钟')).toBe(
      '✅ 张三 自学签到 《党章》第一章 30 分钟。本月学习 1 次，共 30 分钟。',
    );
    expect(await h.ask('张三', '学习 二十大报告 一个半小时')).toBe(
      '✅ 张三 自学签到 《二十大报告》 90 分钟。本月学习 2 次，共 120 分钟。',
    );
    expect(await h.ask('张三', 'study')).toContain('未写时长');
    expect(signins()).toEqual([
      { member: '张三', session: null, course: '《党章》第一章', minutes: 30, late: null, day: '2026-11-02' },
      { member: '张三', session: null, course: '二十大报告', minutes: 90, late: null, day: '2026-11-02' },
      { member: '张三', session: null, course: '', minutes: null, late: null, day: '2026-11-02' },
    ]);
  });

  it('the same course twice on one day counts once; another day counts again', async () => {
    h = await branchWithSecretary('2026-11-02 20:00');
    await h.ask('张三', '学习签到 《党章》 30分钟');
    expect(await h.ask('张三', '学习签到 党章 45分钟')).toBe(
      '张三 今天 20:00 已记录过自学 《党章》，不重复计数。',
    );
    expect(h.count('study_signins')).toBe(1);
    h.setTime('2026-11-03 07:00');
    expect(await h.ask('张三', '学习签到 《党章》 30分钟')).toContain('本月学习 2 次，共 60 分钟');
  });

  it('bad durations are refused with the usage, and nothing is stored', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', '学习签到 党章 25小时')).toContain('学习时长最多 24 小时');
    expect(await h.ask('张三', '学习签到 党章 30分钟 1小时')).toContain('请只写一个');
    expect(await h.ask('张三', '学习签到 党章 0分钟')).toContain('用法：');
    expect(await h.ask('张三', '学习签到 30')).toBe(
      '没有第 30 期学习。现在没有进行中的学习。如果 30 是学习时长，请写成「30分钟」。',
    );
    expect(h.count('study_signins')).toBe(0);
  });
});

describe('study sessions', () => {
  it('open → announce → sign in → list → close, with attendance', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    const announce = await h.ask('书记', '发起学习 二十大报告 截止 21:00 60分钟');
    expect(announce).toContain('📚 第1期「二十大报告」开始了（计划 60 分钟，截止 今天 21:00）');
    expect(announce).toContain('发送「学习签到」');
    expect(await h.ask('张三', '学习签到')).toBe(
      '✅ 张三 已签到第1期「二十大报告」（60 分钟）。已签到 1/2 人',
    );
    expect(await h.ask('李四', '学习签到 《党章》 30分钟')).toBe(
      '✅ 李四 已签到第1期「二十大报告」（30 分钟）。已签到 2/3 人',
    );
    expect(await h.ask('王五', '学习 列表')).toBe(
      [
        '📚 进行中的学习：',
        '1. 「二十大报告」（计划 60 分钟，截止 今天 21:00），已签到 2 人',
        '发送「学习签到」即可签到。',
      ].join('\n'),
    );
    expect(await h.ask('书记', '学习未签到')).toBe(
      '第1期「二十大报告」（11月2日）未签到 2 人（已签到 2/4）：书记、王五',
    );
    expect(await h.ask('书记', '结束学习')).toBe(
      '🏁 第1期「二十大报告」已结束：签到 2/4 人。\n未签到 2 人：书记、王五\n此后本场不再接受签到。',
    );
    expect(await h.ask('书记', '结束学习 1')).toContain('已于 今天 19:00 结束');
    // Closed: a plain sign-in is self-study again.
    expect(await h.ask('王五', '学习签到 党章 20分钟')).toContain('王五 自学签到 《党章》 20 分钟');
    expect(signins().map((r) => [r.member, r.session, r.course, r.minutes])).toEqual([
      ['张三', 1, '二十大报告', 60],
      ['李四', 1, '党章', 30],
      ['王五', null, '党章', 20],
    ]);
    expect(await h.ask('书记', '学习 列表')).toContain('现在没有进行中的学习');
  });

  it('once per member per session: a second sign-in says so and changes nothing', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    await h.ask('书记', '发起学习 《党章》');
    await h.ask('张三', '学习签到 30分钟');
    h.setTime('2026-11-02 19:40');
    expect(await h.ask('张三', '学习签到 一小时')).toBe(
      '张三 已在 11月2日 19:00 签到过第1期「党章」，不重复计数。',
    );
    expect(signins()).toHaveLength(1);
    expect(signins()[0]!.minutes).toBe(30);
  });

  it('after the deadline a sign-in is recorded as self-study, not for the session, and the reply says so', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    await h.ask('书记', '发起学习 二十大报告 截止 21:00 60分钟');
    h.setTime('2026-11-02 21:00'); // the deadline minute still counts
    expect(await h.ask('张三', '学习签到')).toContain('已签到第1期');
    h.setTime('2026-11-02 21:01');
    expect(await h.ask('李四', '学习签到')).toBe(
      '⏰ 第1期「二十大报告」已于 今天 21:00 截止，本次不计入该场签到，记为自学。\n李四 自学签到 《二十大报告》 60 分钟。本月学习 1 次，共 60 分钟。',
    );
    expect(await h.ask('李四', '学习签到')).toContain('已记录过自学 《二十大报告》，不重复计数');
    expect(await h.ask('张三', '学习签到')).toContain('签到过第1期');
    expect(signins().map((r) => [r.member, r.session, r.late])).toEqual([
      ['张三', 1, null],
      ['李四', null, 1],
    ]);
    expect(await h.ask('书记', '学习未签到')).toBe(
      '第1期「二十大报告」（11月2日）未签到 1 人（已签到 1/3）：书记\n截止后签到 1 人（记为自学）：李四',
    );
    // The next day an expired session no longer catches sign-ins: plain self-study.
    h.setTime('2026-11-03 08:00');
    expect(await h.ask('王五', '学习签到 党章 30分钟')).toMatch(/^✅ 王五 自学签到 《党章》 30 分钟/);
    // Explicitly naming the expired session is late again.
    expect(await h.ask('王五', '学习签到 1')).toContain('已于 11月2日 21:00 截止');
  });

  it('with several open sessions a member picks one by number', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    await h.ask('书记', '发起学习 二十大报告');
    expect(await h.ask('书记', '发起学习 《党章》 截止 22:00')).toContain(
      '现在有 2 场学习在进行，签到请带编号：学习签到 2',
    );
    const refused = await h.ask('张三', '学习签到');
    expect(refused).toContain('现在有 2 场学习在进行，请发送「学习签到 编号」');
    expect(refused).toContain('1. 「二十大报告」');
    expect(refused).toContain('2. 「党章」（截止 今天 22:00）');
    expect(h.count('study_signins')).toBe(0);
    expect(await h.ask('张三', '学习签到 2')).toContain('已签到第2期「党章」');
    expect(await h.ask('张三', 'study 1 30分钟')).toContain('已签到第1期「二十大报告」（30 分钟）');
    expect(await h.ask('张三', '学习签到 3')).toContain('没有第 3 期学习');
    expect(await h.ask('书记', '结束学习')).toContain('请写编号，例如「结束学习 1」');
    expect(await h.ask('书记', '学习未签到')).toContain('请写编号');
    await h.ask('书记', '结束学习 1');
    // One open session left: a plain sign-in joins it.
    expect(await h.ask('李四', '学习签到')).toContain('已签到第2期「党章」');
    expect(await h.ask('书记', '结束学习 第9期')).toContain('没有第 9 期学习');
    expect(await h.ask('书记', '结束学习 abc')).toContain('不是学习编号');
  });

  it('a burst of sign-ins is confirmed in one message with the latest count', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    await h.ask('书记', '发起学习 二十大报告');
    h.adapter.state = 'stopped';
    for (const name of ['张三', '李四', '王五']) await h.adapter.sink!(h.message(name, '学习签到'));
    await new Promise((r) => setTimeout(r, 20));
    const before = h.adapter.sent.length;
    h.adapter.state = 'running';
    h.app.sender.wake();
    await h.app.inbox.idle();
    expect(h.adapter.texts().slice(before)).toEqual([
      '✅ 第1期「二十大报告」签到：张三、李四、王五（已签到 3/4 人）',
    ]);
  });

  it('only a secretary opens, closes and asks who is missing; members are told and nothing changes', async () => {
    h = await branchWithSecretary('2026-11-02 19:00');
    expect(await h.ask('张三', '发起学习 二十大报告')).toBe('「发起学习」需要书记权限，你目前是党员。');
    expect(h.count('study_sessions')).toBe(0);
    await h.ask('书记', '发起学习 二十大报告');
    expect(await h.ask('张三', '结束学习')).toContain('需要书记权限');
    expect(await h.ask('张三', '学习未签到')).toContain('需要书记权限');
    expect(await h.ask('张三', '学习 列表')).toContain('1. 「二十大报告」');
    await h.ask('书记', '设置 书记 @张三');
    expect(await h.ask('张三', '结束学习')).toContain('已结束');
  });

  it('secretary commands without any session say how to start one', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('书记', '结束学习')).toContain('现在没有进行中的学习');
    expect(await h.ask('书记', '学习未签到')).toContain('现在没有进行中的学习');
    expect(await h.ask('书记', '发起学习')).toContain('请写明学习主题');
  });
});
