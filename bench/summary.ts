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
import { appendEntry } from '../src/features/fund/store.js';

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
    seedOtherFeatures(app, branchId, days);
  })();
  return branchId;
}

/**
 * A year of the other features' records, at the sizes a busy branch reaches: self-study sign-ins
 * (each member about every third day) and two study sessions a month; four meetings a month with
 * everyone's attendance; four notices a month with everyone's receipts; a donation or payout a week.
 */
function seedOtherFeatures(app: ReturnType<typeof benchApp>['app'], branchId: number, days: string[]): void {
  const db = app.db.$client;
  const ids = (
    db.prepare('SELECT id FROM members WHERE branch_id = ? ORDER BY id').all(branchId) as { id: number }[]
  ).map((r) => r.id);
  const at = (day: string, hour: number) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const session = db.prepare(
    'INSERT INTO study_sessions (branch_id, number, topic, opened_by, opened_at, day, closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const signin = db.prepare(
    'INSERT INTO study_signins (branch_id, member_id, session_id, day, at, course, minutes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const meeting = db.prepare(
    'INSERT INTO meetings (branch_id, number, kind, starts_at, day, place, topic, created_by, created_at, ended_at, ended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const attend = db.prepare(
    'INSERT INTO meeting_attendance (meeting_id, member_id, status, at, reason) VALUES (?, ?, ?, ?, ?)',
  );
  const notice = db.prepare(
    'INSERT INTO notices (branch_id, number, chat_id, content, sender_id, posted_at, day, deadline_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const receipt = db.prepare(
    'INSERT INTO notice_receipts (notice_id, member_id, answered_at, read_at) VALUES (?, ?, ?, ?)',
  );
  const chatId = (db.prepare('SELECT id FROM chats LIMIT 1').get() as { id: number }).id;
  const kinds = ['general', 'committee', 'group', 'lecture'];
  let sessions = 0;
  let meetings = 0;
  let notices = 0;
  days.forEach((day, d) => {
    const dom = Number(day.slice(8));
    let sessionId: number | null = null;
    if (dom === 5 || dom === 20) {
      const opened = at(day, 19);
      sessionId = Number(
        session.run(
          branchId,
          ++sessions,
          `专题学习${sessions}`,
          ids[0],
          opened,
          day,
          opened + 3_600_000,
          ids[0],
        ).lastInsertRowid,
      );
    }
    ids.forEach((id, m) => {
      if (sessionId !== null && m % 4 !== 0) signin.run(branchId, id, sessionId, day, at(day, 20), '', 60);
      else if ((m + d) % 3 === 0)
        signin.run(branchId, id, null, day, at(day, 21), m % 2 ? '学习强国' : '', 30);
    });
    if (dom === 3 || dom === 10 || dom === 17 || dom === 24) {
      const starts = at(day, 15);
      const kind = kinds[meetings % kinds.length]!;
      const mid = Number(
        meeting.run(
          branchId,
          ++meetings,
          kind,
          starts,
          day,
          '会议室',
          `议题${meetings}`,
          ids[0],
          starts,
          starts + 7_200_000,
          ids[0],
        ).lastInsertRowid,
      );
      ids.forEach((id, m) => {
        const status = m % 15 === 0 ? 'leave' : m % 11 === 0 ? 'absent' : 'present';
        attend.run(mid, id, status, starts, status === 'leave' ? '出差' : '');
      });
    }
    if (dom === 1 || dom === 8 || dom === 15 || dom === 22) {
      const posted = at(day, 9);
      const nid = Number(
        notice.run(
          branchId,
          ++notices,
          chatId,
          `通知第${notices}号：请按时参加活动`,
          ids[0],
          posted,
          day,
          posted + 86_400_000,
        ).lastInsertRowid,
      );
      ids.forEach((id, m) =>
        receipt.run(nid, id, m % 9 === 0 ? null : posted + m * 1000, m % 5 === 0 ? null : posted + m * 500),
      );
    }
  });
  // The care fund goes through its own ledger code: entries are numbered and hash-chained.
  days.forEach((day, d) => {
    if (d % 7 !== 0) return;
    const kind = d % 28 === 21 ? 'payout' : 'donation';
    appendEntry(app.db, branchId, {
      kind,
      amountFen: kind === 'payout' ? 50_000 : 10_000 + (d % 5) * 1_000,
      memberId: ids[d % ids.length]!,
      refSeq: null,
      pending: false,
      forced: false,
      note: kind === 'payout' ? '慰问' : '',
      at: at(day, 12),
      day,
    });
  });
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
  // The baseline: one hand-written statement counting what the sections count — each member's
  // check-ins, study and meeting attendance, each notice's receipts, the fund's entries by kind.
  const aggregate = app.db.$client.prepare(`
    SELECT 'c' AS k, member_id AS id, count(*) AS a, sum(late) AS b, sum(kind = 'makeup') AS c
      FROM checkins WHERE branch_id = @branch AND day BETWEEN @start AND @end GROUP BY member_id
    UNION ALL SELECT 's', member_id, count(*), sum(minutes), sum(session_id IS NOT NULL)
      FROM study_signins WHERE branch_id = @branch AND day BETWEEN @start AND @end GROUP BY member_id
    UNION ALL SELECT 'm', a.member_id, sum(a.status = 'present'), sum(a.status = 'leave'), sum(a.status = 'absent')
      FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
      WHERE m.branch_id = @branch AND m.day BETWEEN @start AND @end AND m.ended_at IS NOT NULL GROUP BY a.member_id
    UNION ALL SELECT 'n', r.notice_id, count(*), count(r.answered_at), count(r.read_at)
      FROM notice_receipts r JOIN notices n ON n.id = r.notice_id
      WHERE n.branch_id = @branch AND n.day BETWEEN @start AND @end GROUP BY r.notice_id
    UNION ALL SELECT 'f', kind, count(*), sum(amount_fen), 0
      FROM fund_entries WHERE branch_id = @branch AND day BETWEEN @start AND @end GROUP BY kind`);
  const params = { branch: branchId, start: period.start, end: period.end };
  const rows = aggregate.all(params) as { k: string; a: number }[];
  // Only check-in days count (the default 工作日 calendar): the month's check-ins on them.
  const checkinDays = eachDay(period.start, period.end).filter((d) =>
    isCheckinDay(d, DEFAULT_CHECKIN_DAY_RULE),
  );
  const checked = app.db
    .select({ n: sql<number>`count(*)` })
    .from(checkins)
    .where(and(eq(checkins.branchId, branchId), inArray(checkins.day, checkinDays)))
    .get()!.n;
  const text = summaryMessage(scope, period)!.text;
  const meetingsInMonth = new Set(rows.filter((r) => r.k === 'n').map((r) => r.a)).size;
  if (
    !text.includes(`实到 ${checked} `) ||
    rows.filter((r) => r.k === 'c').length < MEMBERS - 1 ||
    !['学习', '三会一课', '通知 ', '关怀基金'].every((w) => text.includes(w)) ||
    meetingsInMonth === 0
  )
    throw new Error(
      `summary bench: the report does not match the aggregate or lacks a section:\n${text.slice(0, 600)}`,
    );
  const [baseline, value] = timeBoth(
    () => aggregate.all(params),
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
      budget: '<=1.5x_and_<50ms',
      pass: ratio <= 1.5 && value < 50,
      extra: { members: MEMBERS, checkins_in_month: checked },
    },
  ];
}
