import { eq } from 'drizzle-orm';
import { inTransaction } from '../../src/core/db.js';
import { confirm, donate, payout, type FundActor } from '../../src/features/fund/store.js';
import { members } from '../../src/core/schema.js';
import { at, branchWithSecretary, type Harness } from './harness.js';

/**
 * A branch with a few days of November 2026 behind it, ending 2026-11-05 09:30:
 * 书记 checks in every day (11-04 by 补卡), 张三 on 11-02 only (leave 11-03..04, missed 11-05),
 * 李四 joins 11-03 and checks in daily (late on 11-04). Study: 张三 30 min, 李四 45 min.
 * Fund: 张三 50.00 confirmed, 李四 12.50 pending, a payout of 20.00.
 *
 * Expected figures: 8 of 9 member-days (88.9%), 1 late, 1 makeup, 2 leave, 1 missed;
 * daily 2/2, 2/2, 2/2, 2/3; longest streaks 书记 4, 李四 3, 张三 1.
 */
export async function seededMonth(): Promise<Harness> {
  const h = await branchWithSecretary('2026-11-02 08:00');
  await h.ask('书记', '打卡');
  await h.ask('张三', '打卡 走访3户');
  h.setTime('2026-11-03 08:00');
  await h.ask('书记', '打卡');
  await h.ask('张三', '请假 11-03 至 11-04 下乡');
  await h.ask('李四', '打卡');
  h.setTime('2026-11-04 10:00');
  await h.ask('李四', '打卡');
  h.setTime('2026-11-05 08:00');
  await h.ask('书记', '打卡');
  await h.ask('李四', '打卡');
  await h.ask('书记', '补卡 2026-11-04 在乡里开会');
  h.setTime('2026-11-05 08:10');
  await h.ask('张三', '学习签到 《党章》第一章 30分钟');
  await h.ask('李四', '学习签到 《二十大报告》 45分钟');
  const id = (name: string) => h.db.select().from(members).where(eq(members.name, name)).get()!.id;
  const actor = (name: string): FundActor => ({
    db: h.db,
    branchId: 1,
    memberId: id(name),
    at: at('2026-11-05 08:20'),
    day: '2026-11-05',
  });
  inTransaction(h.db, () => {
    donate(actor('张三'), { amountFen: 5000, note: '', pending: true, limitFen: 1_000_000 });
    donate(actor('李四'), { amountFen: 1250, note: '', pending: true, limitFen: 1_000_000 });
    confirm(actor('书记'), [1]);
    payout(actor('书记'), { amountFen: 2000, note: '慰问 老党员王某', force: false, limitFen: 1_000_000 });
  });
  h.setTime('2026-11-05 09:30');
  return h;
}
