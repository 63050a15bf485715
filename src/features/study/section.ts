import type { CommandContext } from '../../core/context.js';
import type { Cell, ReportSection } from '../../core/feature.js';
import { reportNames, reportRoster } from '../../core/members.js';
import type { Period } from '../../domain/period.js';
import { displayTitle, formatHours } from '../../domain/study.js';
import { timeOf } from '../../domain/time.js';
import { buildStudyReport, studyReportLines, type StudyReport } from './report.js';
import { studySessions } from './schema.js';
import { memberStudyTotals, signinsBetween, usesStudy } from './store.js';
import { eq } from 'drizzle-orm';

/** Study in every report; a branch that never used study sign-ins has no study section. */
export const studySection: ReportSection<StudyReport> = {
  figures: (scope, period, through) =>
    usesStudy(scope.db, scope.branch.id)
      ? buildStudyReport(
          scope.db,
          scope.branch.id,
          period,
          through,
          { tz: scope.tz, now: scope.at },
          reportRoster(scope),
        )
      : undefined,
  lines: (r) => studyReportLines(r),
  summaryCells: (r) => [
    ['学习（人次）', r.personTimes],
    ['学习（分钟）', r.minutes],
    ['集体学习（人次）', r.sessionTimes],
    ['自学（人次）', r.selfStudyTimes],
  ],
  memberCells: (r) => ({
    columns: ['学习（次）', '学习（分钟）'],
    byMember: new Map(r.members.map((l) => [l.memberId, [l.times, l.minutes]])),
  }),
  sheets(r, scope, period, through) {
    const { db, branch, tz } = scope;
    const name = reportNames(scope);
    const sessions = new Map(
      db
        .select({ id: studySessions.id, number: studySessions.number, topic: studySessions.topic })
        .from(studySessions)
        .where(eq(studySessions.branchId, branch.id))
        .all()
        .map((s) => [s.id, s]),
    );
    const how = (sessionId: number | null, lateFor: number | null): string => {
      const s = sessionId !== null ? sessions.get(sessionId) : undefined;
      if (s) return `第${s.number}期「${s.topic}」`;
      const late = lateFor !== null ? sessions.get(lateFor) : undefined;
      return late ? `自学（第${late.number}期截止后签到）` : '自学';
    };
    const rows = signinsBetween(db, branch.id, period.start, through).map((s): Cell[] => [
      s.day,
      name(s.memberId),
      timeOf(s.at, tz),
      s.course ? displayTitle(s.course) : '',
      s.minutes,
      how(s.sessionId, s.lateForSessionId),
    ]);
    return [
      {
        name: '学习台账',
        tables: [
          { columns: ['日期', '姓名', '时间', '课程', '分钟', '方式'], rows },
          // The same 签到/应到 as every reply (expected: members that day, not on leave).
          ...(r.sessions.length
            ? [
                {
                  title: '集体学习',
                  columns: ['编号', '日期', '主题', '签到', '应到'],
                  rows: r.sessions.map((x): Cell[] => [x.number, x.day, x.topic, x.signedIn, x.expected]),
                },
              ]
            : []),
        ],
      },
    ];
  },
  orgColumns: [
    { title: '学习人次', cell: (r) => r?.personTimes ?? 0, total: 'sum' },
    { title: '学习分钟', cell: (r) => r?.minutes ?? 0, total: 'sum' },
  ],
  orgText: [{ title: '学习 人次/分钟', cell: (r) => `${r?.personTimes ?? 0}/${r?.minutes ?? 0}` }],
  orgTotals(all) {
    const times = all.reduce((a, r) => a + (r?.personTimes ?? 0), 0);
    const minutes = all.reduce((a, r) => a + (r?.minutes ?? 0), 0);
    return [`学习 ${times} 人次，合计 ${minutes} 分钟（${formatHours(minutes)} 小时）`];
  },
};

/** `我的`: the period's study. */
export function studyMeLines(ctx: CommandContext<unknown>, period: Period): string[] {
  const through = period.end < ctx.today ? period.end : ctx.today;
  const t = memberStudyTotals(ctx.db, ctx.branch.id, ctx.member.id, period.start, through);
  const name = period.end >= ctx.today && period.kind === 'month' ? '本月' : period.label;
  return [
    `${name}学习 ${t.minutes} 分钟，${t.times} 次（集体学习 ${t.sessions} 次，自学 ${t.selfStudy} 次）`,
  ];
}
