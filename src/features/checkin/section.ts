import type { ReportSection } from '../../core/feature.js';
import { buildCheckinDetail } from './period-detail.js';
import { checkinTable } from './ledger.js';
import { buildCheckinReport, type CheckinReport } from './report.js';
import { formatRate } from '../../domain/rate.js';
import { chartReply } from './chart-file.js';
import { countExpected, reportRoster } from '../../core/members.js';
import { daysBetween, shortDay } from '../../domain/time.js';
import { calendarFromSettings, dayOffReason, isBranchCheckinDay, lastCountedDay } from './calendar.js';
import { countCheckinsOn } from './store.js';

/** Check-ins in every report: the rate first, the per-member table last. */
export const checkinSection: ReportSection<CheckinReport> = {
  figures(scope, period, through) {
    const calendar = calendarFromSettings(scope.settings);
    // DESIGN §5 "When a day counts": today enters the figures once its check-in window has closed.
    const closed = lastCountedDay(scope.settings, scope.at, scope.tz, scope.today);
    const counted = closed < through ? closed : through;
    const report = buildCheckinReport(
      scope.db,
      scope.branch.id,
      period,
      counted,
      calendar,
      reportRoster(scope),
    );
    if (!report) return undefined;
    const { today } = scope;
    if (counted < today && period.start <= today && today <= through) {
      const dayOff = !isBranchCheckinDay(calendar, today);
      report.progress = {
        day: today,
        checked: countCheckinsOn(scope.db, scope.branch.id, today),
        expected: dayOff ? 0 : countExpected(scope.db, scope.branch.id, today),
        dayOff: dayOff ? dayOffReason(calendar, today) : null,
      };
    }
    return report;
  },
  lines(r) {
    const lines: string[] = [];
    if (r.note) lines.push(`⚠️ ${r.note}`);
    if (r.expected > 0 || !r.progress) {
      lines.push(
        `打卡率 ${formatRate(r.rate)}（实到 ${r.checked} / 应到 ${r.expected} 人日；请假 ${r.leave} 人日不计）`,
        `迟到 ${r.late} 次，补卡 ${r.makeup} 次，缺勤 ${r.missed} 人日`,
      );
    }
    const counted = r.through >= r.period.start ? daysBetween(r.period.start, r.through) + 1 : 0;
    if (counted > r.checkinDays)
      lines.push(`打卡日 ${r.checkinDays} 天（休息日 ${counted - r.checkinDays} 天不计）`);
    if (r.offDay > 0) lines.push(`休息日打卡 ${r.offDay} 次（已记录，不计入打卡率）`);
    const p = r.progress;
    if (p) {
      const until =
        r.through >= r.period.start ? `打卡率统计至 ${shortDay(r.through)}` : '本期还没有计入的打卡日';
      lines.push(
        p.dayOff
          ? `今日是${p.dayOff === '休息日' ? '休息日' : `休息日（${p.dayOff}）`}，不计入打卡率${p.checked ? `（休息日打卡 ${p.checked} 人）` : ''}`
          : `今日 已打卡 ${p.checked}/${Math.max(p.checked, p.expected)}（打卡时间结束后计入；${until}）`,
      );
    }
    const worst = r.members
      .filter((l) => l.missed > 0)
      .sort((a, b) => b.missed - a.missed)
      .slice(0, 5);
    if (worst.length) lines.push(`缺勤最多：${worst.map((l) => `${l.name} ${l.missed} 天`).join('、')}`);
    return lines;
  },
  detail: (r) => ({
    columns: ['成员', '打卡', '迟到', '缺勤', '请假'],
    rows: r.members.map((l) => [l.name, l.checked, l.late, l.missed, l.leave].map(String)),
    lines: r.members.length
      ? [
          '—— 每人：打卡/迟到/缺勤/请假 ——',
          ...r.members.map((l) => `${l.name} ${l.checked}/${l.late}/${l.missed}/${l.leave}`),
        ]
      : [],
  }),
  summaryCells: (c) => [
    ['应到（人日）', c.expected],
    ['实到（人日）', c.checked],
    ['打卡率', { percent: c.rate }],
    ['迟到（次）', c.late],
    ['补卡（次）', c.makeup],
    ['请假（人日）', c.leave],
    ['缺勤（人日）', c.missed],
  ],
  memberCells(r, scope) {
    const streak = new Map(buildCheckinDetail(scope, r).streaks.map((s) => [s.memberId, s.longest]));
    return {
      columns: ['应到', '实到', '迟到', '补卡', '请假', '缺勤', '最长连续打卡（天）'],
      byMember: new Map(
        r.members.map((l) => [
          l.memberId,
          [l.expected, l.checked, l.late, l.makeup, l.leave, l.missed, streak.get(l.memberId) ?? 0],
        ]),
      ),
    };
  },
  sheets(r, scope, period, through) {
    const daily = buildCheckinDetail(scope, r).daily.map((d) => [
      d.day,
      d.expected,
      d.checked,
      { percent: d.rate },
    ]);
    return [
      {
        name: '打卡台账',
        tables: [
          checkinTable(scope.db, scope.branch.id, period.start, through, scope.tz),
          { title: '每日打卡率', columns: ['日期', '应到', '实到', '打卡率'], rows: daily },
        ],
      },
    ];
  },
  orgColumns: [
    { title: '成员', cell: (r) => r?.members.length ?? 0, total: 'sum' },
    { title: '打卡率', cell: (r) => ({ percent: r?.rate ?? null }) },
  ],
  orgText: [
    { title: '成员', cell: (r) => `${r?.members.length ?? 0}人` },
    { title: '打卡率', cell: (r) => formatRate(r?.rate ?? null) },
  ],
  headline: (r) => ({ numerator: r.checked, denominator: r.expected }),
  afterMonthlyReport: (ctx, period) => chartReply(ctx, period),
  restDay: (scope, day) => !isBranchCheckinDay(calendarFromSettings(scope.settings), day),
  json: (r, scope) => {
    const { daily, streaks, mostMissed } = buildCheckinDetail(scope, r);
    return { ...r, daily, streaks, mostMissed };
  },
};
