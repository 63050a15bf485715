import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** A branch of four: 书记, 张三, 李四, 王五 (all present from Nov 2). */
async function branchOfFour(): Promise<Harness> {
  h = await branchWithSecretary('2026-11-02 08:00');
  for (const name of ['张三', '李四', '王五']) await h.ask(name, '我的');
  return h;
}

describe('三会一课 in the chat', () => {
  it('发起会议 announces meeting 1 with time, place, topic and @mentions everyone expected', async () => {
    await branchOfFour();
    const before = h.adapter.sent.length;
    const reply = await h.ask('书记', '发起会议 主题党日 11-20 15:00 村委会 议题 学习全会精神');
    expect(reply).toBe(
      [
        '📣 第1号会议（主题党日）',
        '时间：11月20日 15:00（周五）',
        '地点：村委会',
        '议题：学习全会精神',
        '应到 4 人。',
        '开始前 30 分钟起发送「参会 1」签到；不能参加请发「会议请假 1 原因」。',
      ].join('\n'),
    );
    expect(h.adapter.sent[before]!.mentions!.map((m) => m.name)).toEqual(['书记', '张三', '李四', '王五']);
    expect(await h.ask('书记', '发起会议 支委会 明天 09:00')).toContain('第2号会议（支委会）');
  });

  it('a 支委会 expects the 书记 and 委员 only', async () => {
    await branchOfFour();
    await h.ask('书记', '设置 委员 李四');
    expect(await h.ask('书记', '发起会议 支委会 11-20 15:00')).toContain('应到 2 人（支委会：书记和委员）');
    h.setTime('2026-11-20 15:00');
    await h.ask('书记', '参会');
    const end = await h.ask('书记', '结束会议 1');
    expect(end).toContain('应到 2 人，实到 1 人，请假 0 人，缺席 1 人。');
    expect(end).toContain('缺席：李四');
  });

  it('sign-in opens 30 minutes before the start and closes with 结束会议 or at the day’s end', async () => {
    await branchOfFour();
    await h.ask('书记', '发起会议 主题党日 11-20 15:00');
    await h.ask('书记', '发起会议 党课 11-21 15:00');
    h.setTime('2026-11-19 15:00');
    expect(await h.ask('张三', '参会 1')).toBe(
      '第1号会议（主题党日）在 11月20日 15:00 开始，14:30 起可签到。',
    );
    expect(await h.ask('张三', '参会')).toBe(
      '现在没有可签到的会议。第1号会议（主题党日）在 11月20日 15:00 开始，14:30 起可签到。',
    );
    h.setTime('2026-11-20 14:29');
    expect(await h.ask('张三', '参会 1')).toContain('14:30 起可签到');
    expect(h.count('meeting_attendance')).toBe(0);
    h.setTime('2026-11-20 14:30');
    expect(await h.ask('张三', '参会')).toBe('✅ 张三 已签到第1号会议（主题党日），已到 1/4 人。');
    expect(await h.ask('张三', '参会 1')).toBe('你已于 14:30 签到第1号会议（主题党日），无需重复签到。');
    h.setTime('2026-11-20 15:10');
    expect(await h.ask('李四', '参会 1')).toBe('✅ 李四 已签到第1号会议（主题党日）（迟到），已到 2/4 人。');
    expect(await h.ask('王五', '参会 2')).toContain('11月21日 15:00 开始，14:30 起可签到');
    h.setTime('2026-11-21 09:00');
    expect(await h.ask('王五', '参会 1')).toBe('第1号会议（主题党日）（11月20日）的签到已关闭。');
    await h.ask('书记', '结束会议 1');
    h.setTime('2026-11-21 14:40');
    expect(await h.ask('王五', '参会 1')).toMatch(
      /^第1号会议（主题党日）已于 11月21日 09:00 结束，不能再签到。$/,
    );
    expect(await h.ask('王五', '参会')).toBe('✅ 王五 已签到第2号会议（党课），已到 1/4 人。');
    expect(await h.ask('王五', '参会 9')).toContain(
      '没有第 9 号会议。未结束的会议：2（党课 11月21日 15:00）',
    );
  });

  it('a 支部党员大会 needs more than half of the 正式党员; 预备党员 have no vote', async () => {
    await branchOfFour();
    expect(await h.ask('书记', '设置 预备党员 李四')).toBe('⚙️ 已将 李四 设为预备党员（原为正式党员）。');
    expect(await h.ask('书记', '设置 预备党员 李四')).toBe('⚙️ 李四 已经是预备党员。');
    expect(await h.ask('书记', '设置')).toContain('预备党员：1 人：李四');
    await h.ask('书记', '发起会议 党员大会 11-20 15:00 会议室 议题 讨论发展对象');
    h.setTime('2026-11-20 15:00');
    await h.ask('书记', '参会 1');
    await h.ask('李四', '参会 1');
    const first = await h.ask('书记', '结束会议');
    expect(first).toContain('应到 4 人，实到 2 人，请假 0 人，缺席 2 人。');
    expect(first).toContain(
      '⚠️ 正式党员应到 3 人，到会 1 人，未超过半数（至少需 2 人），不能进行表决；到会预备党员 1 人（无表决权）。',
    );
    await h.ask('书记', '发起会议 党员大会 11-20 16:00');
    h.setTime('2026-11-20 16:00');
    for (const name of ['书记', '张三', '李四']) await h.ask(name, '参会 2');
    expect(await h.ask('书记', '结束会议 2')).toContain(
      '⚖️ 正式党员应到 3 人，到会 2 人，超过半数，会议有效；到会预备党员 1 人（无表决权）。',
    );
    // 转正: the same attendance now counts 3 of 4 正式党员.
    expect(await h.ask('书记', '设置 正式党员 李四')).toBe('⚙️ 已将 李四 设为正式党员（原为预备党员）。');
    expect(await h.ask('书记', '会议 2')).toContain('⚖️ 正式党员应到 4 人，到会 3 人，超过半数，会议有效。');
    // Other types say nothing about a quorum.
    await h.ask('书记', '发起会议 党课 11-20 17:00');
    h.setTime('2026-11-20 17:00');
    expect(await h.ask('书记', '结束会议 3')).not.toContain('正式党员');
  });

  it('check-in leave and 会议请假 count as 请假; 结束会议 freezes the record; absentees make up with 补课', async () => {
    await branchOfFour();
    await h.ask('书记', '发起会议 党课 11-20 15:00 党校 议题 党章第一章');
    expect(await h.ask('王五', '请假 11-20 下乡')).toContain('请假');
    expect(await h.ask('张三', '会议请假 1 生病')).toBe(
      '📝 张三 第1号会议（党课）（11月20日 15:00）请假：生病。会后可发「补课 1 学习内容」补课。',
    );
    expect(await h.ask('李四', '补课 1 看了记录')).toBe(
      '第1号会议（党课）还没有结束，能参加请发「参会 1」；会议结束后才能补课。',
    );
    h.setTime('2026-11-20 14:50');
    await h.ask('书记', '参会 1');
    expect(await h.ask('书记', '会议请假 1 有事')).toBe('你已于 14:50 签到第1号会议（党课），不能再请假。');
    h.setTime('2026-11-20 16:30');
    const end = await h.ask('书记', '结束会议 1');
    expect(end).toBe(
      [
        '🏁 第1号会议（党课）（11月20日 15:00）于 16:30 结束',
        '应到 4 人，实到 1 人，请假 2 人，缺席 1 人。',
        '实到：书记',
        '请假：张三（生病）、王五（已请假（下乡））',
        '缺席：李四',
        '请假和缺席的同志会后发送「补课 1 学习内容」登记补课。',
        '请书记或委员发送「会议记录 1 内容」留存会议记录。',
      ].join('\n'),
    );
    expect(await h.ask('书记', '结束会议 1')).toContain('已于 11月20日 16:30 结束，不能再结束');
    expect(await h.ask('李四', '会议请假 1 补请')).toContain('已于 11月20日 16:30 结束，不能再请假');
    // A leave recorded afterwards does not rewrite the 台账.
    await h.ask('李四', '请假 11-20 补请假');
    h.setTime('2026-11-23 09:00');
    expect(await h.ask('书记', '补课 1 学习')).toBe('你参加了第1号会议（党课），无需补课。');
    expect(await h.ask('李四', '补课 1 自学党章第一章并写了心得')).toBe(
      '📚 李四 已登记第1号会议（党课）（11月20日 15:00）的补课：自学党章第一章并写了心得',
    );
    expect(await h.ask('李四', '补课 1 再补一次')).toContain('你已于 11月23日 登记过第1号会议（党课）的补课');
    expect(await h.ask('王五', '补课 1 看了会议记录')).toContain('王五 已登记');
    expect(await h.ask('张三', '会议记录 1 学习党章')).toBe('「会议记录」需要委员权限，你目前是党员。');
    expect(await h.ask('书记', '会议记录 1 学习党章第一章，交流心得')).toBe(
      '🗒️ 已记入第1号会议（党课）的会议记录（共 1 条，12 字）。',
    );
    expect(await h.ask('书记', '会议记录 1 会议决定下月开展走访')).toContain('共 2 条');
    const detail = await h.ask('张三', '会议 1');
    expect(detail).toContain('缺席：李四');
    expect(detail).toContain('补课：李四（自学党章第一章并写了心得）、王五（看了会议记录）');
    expect(detail).toContain('会议记录：\n学习党章第一章,交流心得\n会议决定下月开展走访');
    expect(await h.ask('张三', '会议')).toBe(
      [
        '🏛️ 第一党支部 最近的会议：',
        '1. 党课 11月20日 15:00 党校 「党章第一章」 已结束 实到 1/4（请假 2，缺席 1），补课 2',
        '发送「会议 编号」查看详情。',
      ].join('\n'),
    );
    expect(await h.ask('李四', '我的')).toContain('本月会议：应到 1 次，实到 0 次，缺席 1 次，补课 1 次');
    expect(await h.ask('书记', '我的')).toContain('本月会议：应到 1 次，实到 1 次');
  });

  it('bad input gets a clear reply and changes nothing', async () => {
    await branchOfFour();
    const none = async (text: string, who = '书记') => {
      const reply = await h.ask(who, text);
      expect(h.count('meetings')).toBe(0);
      return reply;
    };
    expect(await none('发起会议 座谈会 11-20 15:00')).toContain(
      '没有「座谈会」这种会议。会议类型：支委会、党小组会、主题党日、支部党员大会、党课、组织生活会、民主评议。',
    );
    expect(await none('发起会议 __proto__ 11-20 15:00')).toContain('没有「__proto__」这种会议');
    expect(await none('发起会议 constructor 11-20 15:00')).toContain('会议类型：');
    expect(await none('发起会议 支委会 11-01 15:00')).toContain('已经过去了');
    expect(await none('发起会议 支委会 2031-11-20 15:00')).toContain('会议最多提前一年安排');
    expect(await none('发起会议 支委会 11-20 99:00')).toContain('「99:00」不是有效的时刻');
    expect(await none('发起会议 支委会 11-20 下午')).toContain('请写会议开始时间');
    expect(await none('发起会议 支委会 11-20 15:61')).toContain('不是有效的时刻');
    expect(await none('发起会议')).toContain('请写会议类型和时间');
    expect(await none('发起会议 支委会 11-20 15:00', '张三')).toBe(
      '「发起会议」需要书记权限，你目前是党员。',
    );
    expect(await none('参会 __proto__', '张三')).toContain('不是会议编号');
    expect(await none('参会', '张三')).toBe('现在没有可签到的会议。');
    expect(await none('会议', '张三')).toContain('还没有会议记录');
    expect(await none('会议 constructor', '张三')).toContain('不是会议编号');
    expect(await none('结束会议 1')).toContain('没有第 1 号会议');
    expect(await none('会议请假 1', '张三')).toContain('请写请假原因');
    expect(await none('会议请假 出差', '张三')).toContain('请写会议编号和原因');

    await h.ask('书记', '发起会议 支委会 11-20 15:00');
    const snapshot = () => h.db.$client.prepare('SELECT * FROM meetings').all();
    const before = JSON.stringify(snapshot());
    expect(await h.ask('书记', '结束会议 1')).toBe(
      '第1号会议（支委会）在 11月20日 15:00 才开始，不能提前结束；不开了请发「取消会议 1」。',
    );
    expect(await h.ask('书记', '会议记录 1 提前写')).toBe('第1号会议（支委会）还没有开始，会后再记录。');
    expect(await h.ask('张三', '会议请假 1 出差')).toBe('第1号会议（支委会）不需要你参加，无需请假。');
    expect(await h.ask('书记', '补课 1 x')).toContain('还没有结束');
    expect(await h.ask('书记', '会议记录 1')).toContain('请写会议记录的内容');
    expect(JSON.stringify(snapshot())).toBe(before);
    expect(h.count('meeting_attendance')).toBe(0);

    expect(await h.ask('书记', '取消会议 1')).toBe(
      '🚫 第1号会议（支委会）（11月20日 15:00）已取消，不计入三会一课。',
    );
    h.setTime('2026-11-20 15:00');
    expect(await h.ask('书记', '参会 1')).toBe('第1号会议（支委会）已取消，不能签到。');
    expect(await h.ask('书记', '结束会议 1')).toBe('第1号会议（支委会）已取消，不能结束。');
    expect(await h.ask('书记', '会议')).toContain('1. 支委会 11月20日 15:00 已取消');
    // The next meeting gets the next number: numbers are never reused.
    expect(await h.ask('书记', '发起会议 支委会 11-21 15:00')).toContain('第2号会议');
  });
});
