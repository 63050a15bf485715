import { afterEach, describe, expect, it } from 'vitest';
import { setLedgerKey } from '../../../src/core/ledger-key.js';
import { checkLedger } from '../../../src/core/ledger/store.js';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const INTERNAL_ERROR = '处理这条消息时出错了';
const counts = () => [h.count('fund_entries'), h.count('dues_standards')];

/** 书记 secretary, 李四 committee, 张三 with a 25.50 元 standard, 赵六 without one. */
async function branch(): Promise<Harness> {
  h = await branchWithSecretary('2026-11-02 08:00');
  for (const name of ['张三', '李四', '赵六']) await h.ask(name, '我的');
  await h.ask('书记', '设置 委员 李四');
  await h.ask('书记', '设置 党费 @张三 25.5');
  await h.ask('张三', '交党费 25.5');
  await h.ask('李四', '确认 1');
  return h;
}

describe('党费 refuses bad input clearly and changes nothing', () => {
  it('every refusal names the problem in Chinese; the ledger and the standards are untouched', async () => {
    await branch();
    const before = counts();
    for (const [who, text, reason] of [
      ['赵六', '交党费 25', '你还没有党费标准'],
      ['张三', '交党费', '请写明金额或月数'],
      ['张三', '交党费 0', '大于 0'],
      ['张三', '交党费 -5', '负数'],
      ['张三', '交党费 25.555', '两位小数'],
      ['张三', '交党费 1e20', '金额'],
      ['张三', '交党费 5-3', '金额'],
      ['张三', '交党费 0x10', '金额'],
      ['张三', '交党费 13个月', '一次可交 1–12 个月'],
      ['张三', '交党费 5000', '最多预交到 2027年11月'],
      ['张三', '交党费 __proto__', '金额'],
      ['张三', '交党费 constructor', '金额'],
      ['书记', '设置 党费 @张三 0', '大于 0'],
      ['书记', '设置 党费 @张三 20000', '超出常理'],
      ['书记', '设置 党费 @张三', '用法'],
      ['书记', '设置 党费 @张三 25 30', '只写一个每月金额'],
      ['书记', '设置 党费 @不存在 25', '本支部没有名为「不存在」的成员'],
      ['书记', '设置 党费 @张三 25 自2028-01', '超过一年以后'],
      ['书记', '设置 党费基数 @张三 99999999 在职', '月收入应在 0 到 200000 之间'],
      ['书记', '设置 党费基数 @张三 0 在职', '请写明每月工资收入'],
      ['书记', '设置 党费基数 @张三 6000 公务员', '看不懂「公务员」'],
      ['书记', '设置 党费基数 @张三 6000', '请写明类别'],
      ['书记', '设置 党费基数 @张三 3000 农民', '农民党员每月交纳 0.20–1.00 元'],
      ['书记', '设置 党费基数 @张三 6e3 在职', '看不懂「6e3」'],
      ['书记', '设置 党费基数 @张三 __proto__', '看不懂「__proto__」'],
      ['书记', '设置 党费基数 @张三 6000 constructor', '看不懂「constructor」'],
      ['张三', '党费标准 @张三 100', '需要委员权限'],
      ['李四', '党费上缴 10', '请写明上缴的是哪个月'],
      ['李四', '党费上缴 10 __proto__', '请写明上缴的是哪个月'],
      ['李四', '党费上缴 1e20 2026-11', '金额'],
      ['李四', '党费上缴 10 2028-01', '超过一年以后'],
      ['李四', '党费上缴 100 2026-11', '党费结存只有 25.50 元'],
      ['张三', '党费上缴 10 2026-11', '需要委员权限'],
      ['张三', '党费公示 constructor', '无法识别的时段'],
      ['张三', '党费 __proto__', '无法识别的时段'],
      ['李四', '确认 1', '此前已确认'],
    ] as const) {
      const reply = await h.ask(who, text);
      expect(reply, text).toContain(reason);
      expect(reply, text).not.toContain(INTERNAL_ERROR);
    }
    expect(counts()).toEqual(before);
  });

  it('nobody confirms or reverses their own 党费 entry, and 确认 refuses a 上缴', async () => {
    await branch();
    await h.ask('书记', '设置 党费 @李四 20');
    expect(await h.ask('李四', '交党费 20')).toContain('#3 李四 交党费 20.00 元');
    expect(await h.ask('李四', '确认 3')).toContain('#3 是你自己的党费，需由其他委员或书记确认');
    expect(await h.ask('李四', '冲正 3 写错了')).toContain('#3 是你自己登记的记录，不能由你冲正');
    expect(await h.ask('李四', '党费上缴 25.5 2026-11')).toContain('#4 已登记上缴2026年11月党费 25.50 元');
    expect(await h.ask('书记', '确认 4')).toContain('#4 是上缴，不是捐款或党费');
    expect(await h.ask('李四', '冲正 4 报错了')).toContain('不能由你冲正');
    expect(await h.ask('书记', '冲正 4 报错了')).toContain(
      '↩️ #5 已冲正 #4（上缴 25.50 元）：报错了。原记录保留可查。\n党费结存 25.50 元。',
    );
    expect(checkLedger(h.db, 1).chain.ok).toBe(true);
  });

  it('with LEDGER_KEY the 党费 entries are HMACs (version 5) beside the fund’s (version 3), and the one chain verifies', async () => {
    await branch(); // #1, #2 before the key: versions 4
    setLedgerKey(h.db, 'a-ledger-key-of-32-characters!!!');
    await h.ask('张三', '捐款 50');
    await h.ask('张三', '交党费 1个月');
    await h.ask('李四', '确认 3 4');
    const versions = checkLedger(h.db, 1).entries.map((e) => [e.seq, e.book, e.hashVersion]);
    expect(versions).toEqual([
      [1, 'dues', 4],
      [2, 'dues', 4],
      [3, 'fund', 3],
      [4, 'dues', 5],
      [5, 'fund', 3],
      [6, 'dues', 5],
    ]);
    expect(checkLedger(h.db, 1).chain.ok).toBe(true);
    expect(await h.ask('张三', '党费公示')).toContain('✅ 账本校验通过：共 6 条记录');
    setLedgerKey(h.db, undefined);
    expect(await h.ask('张三', '党费公示')).toContain('需要 LEDGER_KEY');
  });
});
