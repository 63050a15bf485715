import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('打卡', () => {
  it('counts once per member per day; a second one says when, and appends the note', async () => {
    h = await branchWithSecretary('2026-11-02 07:30');
    expect(await h.ask('张三', '打卡 走访3户')).toMatch(/^✅ 张三 打卡成功（07:30），连续 1 天。今日 1\/2$/);
    h.setTime('2026-11-02 10:00');
    expect(await h.ask('张三', '打卡 又去了一户')).toBe(
      '张三 今天已在 07:30 打过卡，不重复计数；备注已补充。',
    );
    expect(h.count('checkins')).toBe(1);
    const note = h.db.$client.prepare('SELECT note FROM checkins').get() as { note: string };
    expect(note.note).toBe('走访3户；又去了一户');
  });

  it('after the window ends a check-in is late; the window is a branch setting', async () => {
    h = await branchWithSecretary('2026-11-02 09:01');
    expect(await h.ask('张三', '签到')).toContain('迟到');
    expect(await h.ask('书记', '设置 打卡时间 06:00-10:00')).toContain('06:00-10:00');
    h.setTime('2026-11-03 09:30');
    expect(await h.ask('张三', '打卡')).not.toContain('迟到');
  });

  it('every setting change is audited with its value before and after; a refused or unchanged one is not', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    const audited = () =>
      (
        h.db.$client.prepare('SELECT action, detail FROM audit_log ORDER BY id').all() as {
          action: string;
          detail: string;
        }[]
      )
        .filter((a) => a.action.startsWith('settings.'))
        .map((a) => [a.action, JSON.parse(a.detail)]);
    await h.ask('书记', '设置 打卡时间 06:00-10:00');
    await h.ask('书记', '设置 捐款上限 500');
    await h.ask('书记', '设置 打卡时间 06:00-10:00'); // unchanged
    expect(await h.ask('书记', '设置 补卡天数 99')).toContain('0 到 31'); // refused
    expect(audited()).toEqual([
      ['settings.checkinWindow', { from: '05:00-09:00', to: '06:00-10:00' }],
      ['settings.fundLimit', { from: '1000000', to: '50000' }],
    ]);
  });

  it('the day is the day the message was sent, even when handled later', async () => {
    h = await branchWithSecretary('2026-11-02 23:59');
    const late = h.message('张三', '打卡');
    h.setTime('2026-11-03 00:05');
    await h.adapter.sink!(late);
    await h.app.inbox.idle();
    const row = h.db.$client.prepare('SELECT day FROM checkins').get() as { day: string };
    expect(row.day).toBe('2026-11-02');
  });

  it('a redelivered message is counted once and answered once', async () => {
    h = await branchWithSecretary();
    const msg = h.message('张三', '打卡');
    await h.adapter.sink!(msg);
    await h.adapter.sink!(msg);
    await h.app.inbox.idle();
    expect(h.count('checkins')).toBe(1);
    expect(h.adapter.texts().filter((t) => t.includes('张三 打卡成功'))).toHaveLength(1);
  });

  it('a 6,000-character note is refused and nothing is stored', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', `打卡 ${'很'.repeat(6000)}`)).toContain('备注太长');
    expect(h.count('checkins')).toBe(0);
  });

  it('full-width text, @bot and a leading / or # work', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', '／打卡')).toContain('打卡成功');
    expect(await h.ask('李四', '＃ＣＨＥＣＫＩＮ')).toContain('打卡成功');
    expect(await h.ask('王五', '@支部助手 打卡')).toContain('打卡成功');
  });

  it('streaks count consecutive days and survive a day on leave', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('张三', '打卡');
    await h.ask('张三', '请假 11-03 家中有事');
    h.setTime('2026-11-04 08:00');
    expect(await h.ask('张三', '打卡')).toContain('连续 2 天');
    h.setTime('2026-11-06 08:00');
    expect(await h.ask('张三', '打卡')).toContain('连续 1 天');
  });
});

describe('补卡', () => {
  it('fills a day within the window and refuses older, future, today and duplicate days', async () => {
    h = await branchWithSecretary('2026-11-23 08:00');
    expect(await h.ask('张三', '补卡 2026-11-20 在乡里开会')).toBe(
      '✅ 张三 已补 11月20日 的打卡（在乡里开会）。',
    );
    expect(await h.ask('张三', '补卡 11-20')).toContain('已有打卡记录');
    expect(await h.ask('张三', '补卡 11-01')).toContain('只能补最近 7 天内的卡');
    expect(await h.ask('张三', '补卡 明天')).toContain('不能为将来的日期补卡');
    expect(await h.ask('张三', '补卡 今天')).toContain('请直接发送「打卡」');
    expect(await h.ask('张三', '补卡 下周三')).toContain('无法识别的日期');
    expect(h.count('checkins')).toBe(1);
  });
});

describe('请假 and 未打卡', () => {
  it("lists today's missing members by name, leaving out those on leave", async () => {
    h = await branchWithSecretary('2026-11-23 08:00');
    await h.ask('张三', '打卡');
    await h.ask('李四', '我的');
    expect(await h.ask('王五', '请假 今天 至 11-25 下乡')).toContain(
      '请假 11月23日 至 11月25日（3 天）：下乡',
    );
    const missing = await h.ask('书记', '未打卡');
    expect(missing).toContain('未打卡 2 人');
    expect(missing).toContain('书记、李四');
    expect(missing).toContain('请假 1 人：王五');
  });

  it('refuses a leave that ends before it starts, or is too long', async () => {
    h = await branchWithSecretary('2026-11-23 08:00');
    expect(await h.ask('张三', '请假 11-26 至 11-24')).toContain('早于开始日期');
    expect(await h.ask('张三', '请假 11-24 至 2027-06-01')).toContain('最多 92 天');
    expect(h.count('leaves')).toBe(0);
  });
});

describe('roles', () => {
  it('a member cannot use secretary commands; the refusal names the role and changes nothing', async () => {
    h = await branchWithSecretary();
    await h.ask('张三', '打卡');
    expect(await h.ask('张三', '未打卡')).toBe('「未打卡」需要书记权限，你目前是党员。');
    expect(await h.ask('张三', '设置 书记 @张三')).toContain('需要书记权限');
    expect(await h.ask('张三', '汇总')).toContain('需要书记权限');
  });

  it('设置 书记 hands the role over; the last secretary cannot step down', async () => {
    h = await branchWithSecretary();
    await h.ask('李四', '打卡');
    expect(await h.ask('书记', '设置 党员 @书记')).toContain('至少要有一位书记');
    expect(await h.ask('书记', '设置 书记 @李四')).toBe('⚙️ 已将 李四 设为书记（原为党员）。');
    expect(await h.ask('李四', '未打卡')).toContain('未打卡');
    expect(await h.ask('书记', '设置 委员 @没这人')).toContain('没有名为「没这人」的成员');
  });
});

describe('restart', () => {
  it('reopening the same database keeps members, roles and check-ins', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('张三', '打卡');
    await h.restart();
    expect(await h.ask('张三', '打卡')).toContain('今天已在 08:00 打过卡');
    expect(await h.ask('书记', '未打卡')).toContain('未打卡 1 人');
  });
});

describe('unknown input', () => {
  it('an addressed unknown command gets a hint; ordinary chat is ignored', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', '发红包')).toContain('没有「发红包」这个命令');
    expect(await h.say('张三', '大家早上好', { addressed: false })).toEqual([]);
  });
});
