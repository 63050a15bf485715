import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const notes = () =>
  (h.db.$client.prepare('SELECT note FROM checkins').all() as { note: string }[]).map((r) => r.note);

describe('notes and reasons need substance', () => {
  it('打卡！ then 打卡。 leave no note; punctuation around words is kept', async () => {
    h = await branchWithSecretary('2026-11-02 07:30');
    expect(await h.ask('张三', '打卡！')).toContain('张三 打卡成功');
    expect(await h.ask('张三', '打卡。')).toBe('张三 今天已在 07:30 打过卡，不重复计数。');
    expect(await h.ask('张三', '打卡 👍👍')).not.toContain('备注已补充');
    expect(notes()).toEqual(['']);
    expect(await h.ask('张三', '打卡 走访3户！')).toContain('备注已补充');
    expect(notes()).toEqual(['走访3户!']);
  });

  it('冲正 18 ！ is refused with a clear reply and records nothing; so is 支出 with only emoji', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    await h.ask('张三', '捐款 50');
    const before = h.count('fund_entries');
    const refused = await h.ask('书记', '冲正 1 ！');
    expect(refused).toContain('冲正原因「!」没有文字，请写明冲正原因，例如：冲正 17 金额写错');
    expect(await h.ask('书记', '支出 20 🙏')).toContain('支出的事由和对象「🙏」没有文字');
    expect(h.count('fund_entries')).toBe(before);
    expect(await h.ask('书记', '冲正 1 金额写错！')).toContain('已冲正 #1');
  });
});

describe('every command honours its arguments', () => {
  it('未打卡 昨天 answers yesterday; 未打卡 本周 points to 汇总', async () => {
    h = await branchWithSecretary('2026-11-03 08:00');
    await h.ask('张三', '打卡');
    h.setTime('2026-11-04 08:00');
    await h.ask('李四', '打卡');
    expect(await h.ask('书记', '未打卡 昨天')).toBe('11月3日 未打卡 1 人（已打卡 1/2）：书记');
    expect(await h.ask('书记', '未打卡昨天')).toBe('11月3日 未打卡 1 人（已打卡 1/2）：书记');
    expect(await h.ask('书记', '未打卡')).toContain('11月4日 未打卡 2 人（已打卡 1/3）');
    expect(await h.ask('书记', '未打卡 本周')).toContain('请发送「汇总 本周」');
    expect(await h.ask('书记', '未打卡 明天')).toContain('还没到');
    expect(await h.ask('书记', '未打卡 某天')).toContain('无法识别的日期「某天」');
  });

  it('我的 上月 answers last month, without today’s lines', async () => {
    h = await branchWithSecretary('2026-10-30 08:00');
    await h.ask('张三', '打卡');
    h.setTime('2026-11-02 08:00');
    const last = await h.ask('张三', '我的 上月');
    expect(last).toContain('2026年10月打卡 1 天');
    expect(last).not.toContain('今日');
    expect(await h.ask('张三', '我的上月')).toBe(last);
    const now = await h.ask('张三', '我的');
    expect(now).toContain('本月打卡 0 天');
    expect(now).toContain('今日：未打卡');
    expect(await h.ask('张三', '我的 下个世纪')).toContain('无法识别的时段');
  });

  it('公示 says it takes no arguments', async () => {
    h = await branchWithSecretary();
    expect(await h.ask('张三', '公示 本月')).toContain('「公示」不带参数');
  });
});

describe('what a secretary types', () => {
  it('汇总本月 and 捐款：50 work; 打咔 gets a suggestion; 打卡了吗 is not a check-in', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    expect(await h.ask('书记', '汇总本月')).toContain('2026年11月');
    expect(await h.ask('张三', '捐款：50')).toContain('捐款 50.00 元');
    expect(await h.ask('张三', '捐款:  12.5 七一')).toContain('捐款 12.50 元');
    expect(await h.ask('张三', '打咔')).toBe('没有「打咔」这个命令。你是不是想发「打卡」？');
    expect(await h.say('张三', '打卡了吗', { addressed: false })).toEqual([]);
    expect(h.count('checkins')).toBe(0);
  });
});
