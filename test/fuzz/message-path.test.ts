import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

/** CI runs a few hundred cases; `FUZZ_RUNS=100000 npx vitest run test/fuzz` runs the long version. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let h: Harness;
beforeAll(async () => {
  h = await branchWithSecretary('2026-11-02 08:00');
  await h.ask('书记', '设置 委员 @书记');
  await h.ask('书记', '设置 书记 @书记');
});
afterAll(async () => h?.stop());

/** Words that name Object.prototype members: a lookup by user text must never find them. */
const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty', 'prototype'];

const commandWords = [
  '打卡',
  '补卡',
  '请假',
  '我的',
  '未打卡',
  '汇总',
  '设置',
  '帮助',
  '学习签到',
  '学习',
  '发起学习',
  '结束学习',
  '学习未签到',
  '捐款',
  '确认',
  '支出',
  '冲正',
  '公示',
  '捐款记录',
  '导出',
  '／打卡',
  '#汇总',
  '@支部助手',
];
const fragments = [
  '2026-11-05',
  '11-20',
  '今天',
  '明天',
  '至',
  '50',
  '¥12.5',
  '五十元',
  '一百二十元五角',
  '-3',
  '0',
  '1e9',
  '99999999999',
  '30分钟',
  '一个半小时',
  '《党章》',
  '截止',
  '21:00',
  '强制',
  '@书记',
  '书记',
  '委员',
  '提醒',
  '关',
  '周一',
  '2026-Q3',
  '本月',
  'csv',
  '\u0000',
  '\u202e',
  '😀',
  ' ',
  '　',
  '\n',
  ...PROTOTYPE_WORDS,
];

const messageText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom(...commandWords),
      fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 })), { maxLength: 6 }),
    )
    .map(([c, args]) => `${c} ${args.join(' ')}`),
);

const INTERNAL_ERROR = '处理这条消息时出错了';

describe('prototype words', () => {
  it('the four reported words get a clear Chinese refusal', async () => {
    expect(await h.ask('书记', '请假 __proto__')).toContain('无法识别的日期「__proto__」');
    expect(await h.ask('书记', '请假 constructor')).toContain('无法识别的日期「constructor」');
    expect(await h.ask('书记', '补卡 valueOf')).toContain('无法识别的日期「valueOf」');
    expect(await h.ask('书记', '导出 constructor')).toContain('无法识别的时段「constructor」');
  });

  it('every command and alias, with every prototype word as each argument, answers and never errs', async () => {
    const names = h.app.registry.router.commands().flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      for (const word of PROTOTYPE_WORDS) {
        for (const text of [`${name} ${word}`, `${name} ${word} ${word}`, `${name} 1 ${word}`]) {
          const replies = await h.say('书记', text);
          expect(replies.length, text).toBeGreaterThan(0);
          for (const r of replies) expect(r, text).not.toContain(INTERNAL_ERROR);
        }
      }
    }
    const notDone = h.db.$client.prepare("SELECT count(*) AS n FROM inbox WHERE status != 'done'").get() as {
      n: number;
    };
    expect(notDone.n).toBe(0);
  });
});

describe('the whole message path under random input', () => {
  it('never fails: every message is handled (done, never failed), the process keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(messageText, fc.constantFrom('书记', '张三', '李四'), async (text, sender) => {
        await h.say(sender, text);
        const failed = h.db.$client
          .prepare("SELECT count(*) AS n FROM inbox WHERE status != 'done'")
          .get() as { n: number };
        expect(failed.n).toBe(0);
      }),
      { numRuns: RUNS },
    );
    // Still healthy afterwards, and the ledger still verifies.
    expect(await h.ask('张三', '帮助 打卡')).toContain('打卡');
    expect(await h.ask('张三', '公示')).not.toContain('校验未通过');
  });
});
