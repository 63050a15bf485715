import { afterEach, describe, expect, it } from 'vitest';
import { cleanName } from '../../src/core/text.js';
import { at, branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const names = (h: Harness) =>
  (h.db.$client.prepare('SELECT name FROM members ORDER BY id').all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('identity hygiene', () => {
  it('cleanName drops control, bidi and zero-width characters and shortens to 32 characters', () => {
    expect(cleanName('李\u200b四')).toBe('李四');
    expect(cleanName('\u202e四李\u202c')).toBe('四李');
    expect(cleanName('王\u0007五\u2066\u2069\ufeff')).toBe('王五');
    expect(cleanName('  张\n三  ')).toBe('张 三');
    expect(cleanName('长'.repeat(40))).toBe('长'.repeat(32));
    expect(cleanName('😀'.repeat(40))).toBe('😀'.repeat(32)); // code points, never half a surrogate pair
  });

  it('"李\\u200b四" is the same 李四: replies show the clean name and @李四 finds them', async () => {
    h = await branchWithSecretary();
    const reply = await h.ask('u-lisi', '打卡', { senderName: '李\u200b四' });
    expect(reply).toContain('✅ 李四 打卡成功');
    expect(await h.ask('书记', '设置 委员 @李四')).toContain('李四');
    expect(await h.ask('u-evil', '我的', { senderName: '\u202e\u0000' })).toContain('未命名成员');
    expect(names(h)).toEqual(['书记', '李四', '未命名成员']);
  });

  it('a sender name or group title over 256 characters does not make the message vanish', async () => {
    h = await branchWithSecretary();
    const reply = await h.ask('u-long', '打卡', {
      senderName: '名'.repeat(300),
      chatTitle: '群'.repeat(300),
    });
    expect(reply).toContain(`✅ ${'名'.repeat(32)} 打卡成功`);
    expect(h.count('checkins')).toBe(1);
  });

  it('repeated 打卡 does not grow the day’s note without bound', async () => {
    h = await branchWithSecretary();
    await h.ask('张三', '打卡 走访');
    for (let i = 0; i < 5; i++) await h.ask('张三', `打卡 ${'访'.repeat(90)}`);
    const note = (h.db.$client.prepare('SELECT note FROM checkins').get() as { note: string }).note;
    expect(note.length).toBeLessThanOrEqual(200);
    expect(await h.ask('张三', `打卡 ${'记'.repeat(150)}`)).toContain('备注已满');
    expect((h.db.$client.prepare('SELECT note FROM checkins').get() as { note: string }).note).toBe(note);
  });

  it('leave is at most a year ahead: 2099 is refused', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    expect(await h.ask('张三', '请假 2099-01-01 出国')).toBe('请假最多提前一年登记（到 2027-11-02 为止）。');
    expect(await h.ask('张三', '请假 2027-01-04 至 2099-01-01')).toContain('最多提前一年');
    expect(h.count('leaves')).toBe(0);
    expect(await h.ask('张三', '请假 2027-10-30 探亲')).toContain('已登记');
  });

  it('event times from 1970 or 2100 are bounded to the receive time', async () => {
    h = await branchWithSecretary('2026-11-02 08:00');
    expect(await h.ask('张三', '打卡', { sentAt: 1000 })).toContain('打卡成功（08:00）');
    expect(await h.ask('李四', '打卡', { sentAt: Date.UTC(2100, 0, 1) })).toContain('打卡成功（08:00）');
    const days = h.db.$client.prepare('SELECT day, at FROM checkins ORDER BY id').all();
    expect(days).toEqual([
      { day: '2026-11-02', at: at('2026-11-02 08:00') },
      { day: '2026-11-02', at: at('2026-11-02 08:00') },
    ]);
    // A message from an hour ago (a redelivery after an outage) keeps its own time.
    h.setTime('2026-11-02 09:30');
    expect(await h.ask('王五', '打卡', { sentAt: at('2026-11-02 08:30') })).toContain('打卡成功（08:30）');
  });
});
