import { and, eq, inArray, sql } from 'drizzle-orm';
import { DEFAULT_CHECKIN_DAY_RULE, isCheckinDay } from '../src/domain/calendar.js';
import { parsePeriod } from '../src/domain/period.js';
import { addDays, eachDay } from '../src/domain/time.js';
import { getSettings } from '../src/core/settings.js';
import { summaryMessage } from '../src/reports/summary-text.js';
import { findChat } from '../src/core/members.js';
import { checkins } from '../src/features/checkin/schema.js';
import { benchApp } from './fixtures.js';
import type { BenchResult } from './report.js';

const MEMBERS = 2000;
const TODAY = '2026-11-30';

/** Seeds a branch of 2,000 members with a year of check-ins (~90 % of days, some late, some 补卡) and some leave. */
export function seed(app: ReturnType<typeof benchApp>['app']): number {
  const db = app.db.$client;
  app.inbox.accept({
    platform: 'bench',
    messageId: 'seed',
    chatId: 'group',
    chatTitle: '基准支部',
    chatType: 'group',
    senderId: 'u0',
    senderName: '成员0',
    text: '我的',
    sentAt: Date.parse('2025-12-01T00:00:00Z'),
  });
  app.inbox.processPending();
  const branchId = findChat(app.db, 'bench', 'group')!.branch.id;
  const days = eachDay(addDays(TODAY, -364), TODAY);
  db.transaction(() => {
    const member = db.prepare(
      'INSERT INTO members (branch_id, name, joined_day, created_at) VALUES (?, ?, ?, 0)',
    );
    const checkin = db.prepare(
      "INSERT INTO checkins (branch_id, member_id, day, at, late, kind, note) VALUES (?, ?, ?, 0, ?, ?, '')",
    );
    const leave = db.prepare(
      "INSERT INTO leaves (branch_id, member_id, start_day, end_day, reason, created_at) VALUES (?, ?, ?, ?, '', 0)",
    );
    for (let m = 1; m < MEMBERS; m++) {
      const id = Number(member.run(branchId, `成员${m}`, days[0]).lastInsertRowid);
      days.forEach((day, d) => {
        if ((m * 7 + d * 13) % 10 !== 0)
          checkin.run(
            branchId,
            id,
            day,
            (m + d) % 17 === 0 ? 1 : 0,
            (m + d) % 31 === 0 ? 'makeup' : 'normal',
          );
      });
      if (m % 20 === 0) leave.run(branchId, id, '2026-11-10', '2026-11-12');
    }
  })();
  return branchId;
}

/** Median times of `a` and `b`, measured alternately so a noisy neighbour slows both alike. */
function timeBoth(a: () => void, b: () => void, runs: number): [number, number] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [f, out] of [
      [a, ta],
      [b, tb],
    ] as const) {
      const t = performance.now();
      f();
      out.push(performance.now() - t);
    }
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(ta), median(tb)];
}

/** The monthly 汇总 (text and card) against one hand-written SQL aggregate of the same counts. */
export async function benchSummary(): Promise<BenchResult[]> {
  const bench = benchApp(`${TODAY} 20:00`);
  const { app } = bench;
  const branchId = seed(app);
  const branch = findChat(app.db, 'bench', 'group')!.branch;
  const period = parsePeriod('本月', TODAY);
  const settings = getSettings(app.db, branch.id, app.registry.settingDefaults);
  const scope = {
    db: app.db,
    registry: app.registry,
    settings,
    branch,
    tz: 'Asia/Shanghai',
    at: bench.clock.now(),
    today: TODAY,
  };
  const aggregate = app.db.$client.prepare(
    "SELECT member_id, count(*) AS n, sum(late) AS late, sum(kind = 'makeup') AS makeup FROM checkins WHERE branch_id = ? AND day BETWEEN ? AND ? GROUP BY member_id",
  );
  const rows = aggregate.all(branchId, period.start, period.end).length;
  // Only check-in days count (the default 工作日 calendar, issue 12): the month's check-ins on them.
  const checkinDays = eachDay(period.start, period.end).filter((d) =>
    isCheckinDay(d, DEFAULT_CHECKIN_DAY_RULE),
  );
  const checked = app.db
    .select({ n: sql<number>`count(*)` })
    .from(checkins)
    .where(and(eq(checkins.branchId, branchId), inArray(checkins.day, checkinDays)))
    .get()!.n;
  const text = summaryMessage(scope, period)!.text;
  if (!text.includes(`实到 ${checked} `) || rows < MEMBERS - 1)
    throw new Error('summary bench: the report does not match the aggregate');
  const [baseline, value] = timeBoth(
    () => aggregate.all(branchId, period.start, period.end),
    () => summaryMessage(scope, period),
    31,
  );
  bench.close();
  const ratio = value / baseline;
  return [
    {
      name: 'summary',
      value,
      unit: 'ms',
      baseline,
      ratio,
      budget: '<=2x_and_<100ms',
      pass: ratio <= 2 && value < 100,
      extra: { members: MEMBERS, checkins_in_month: checked },
    },
  ];
}
