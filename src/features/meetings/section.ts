import type { CommandContext } from '../../core/context.js';
import type { Cell, ReportSection } from '../../core/feature.js';
import { reportNames } from '../../core/members.js';
import type { Period } from '../../domain/period.js';
import { CADENCE_NAME } from '../../domain/meetings.js';
import { shortDay } from '../../domain/time.js';
import { buildMeetingFigures, complianceText, type MeetingFigures, type MeetingLine } from './report.js';
import { usesMeetings } from './store.js';

const MAX_LISTED = 20;

function meetingLine(m: MeetingLine): string {
  const head = `　第${m.number}号 ${m.type} ${shortDay(m.day)} ${m.time}${m.topic ? `「${m.topic}」` : ''}`;
  if (m.state !== 'ended') return `${head} ${m.state === 'scheduled' ? '未开始' : '未结束'}`;
  const parts = [`实到 ${m.present.length}/${m.expected}`];
  if (m.leave.length) parts.push(`请假 ${m.leave.length}`);
  if (m.absent.length) parts.push(`缺席 ${m.absent.length}：${m.absent.join('、')}`);
  if (m.makeups.length) parts.push(`补课 ${m.makeups.length}`);
  return `${head} ${parts.join('，')}${m.quorum?.startsWith('⚠️') ? '（正式党员未过半）' : ''}`;
}

/** 三会一课 in every report; a branch that never called a meeting has no meetings section. */
export const meetingsSection: ReportSection<MeetingFigures> = {
  figures: (scope, period, through) =>
    usesMeetings(scope.db, scope.branch.id)
      ? buildMeetingFigures(
          scope.db,
          scope.branch,
          { start: period.start, through },
          { tz: scope.tz, at: scope.at },
          reportNames(scope),
        )
      : undefined,
  lines(f) {
    const lines = [`🏛️ 三会一课 完成/应开 ${f.done}/${f.due}：${complianceText(f.compliance)}`];
    if (f.compliance.some((r) => r.running && r.done < r.due)) lines.push('　（* 周期尚未结束，还可召开）');
    const shown = f.meetings.slice(-MAX_LISTED);
    if (shown.length) {
      lines.push(`召开会议 ${f.meetings.filter((m) => m.state === 'ended').length} 次：`);
      if (shown.length < f.meetings.length)
        lines.push(`　……更早的 ${f.meetings.length - shown.length} 次见「导出」`);
      lines.push(...shown.map(meetingLine));
    }
    return lines;
  },
  summaryCells: (f) => [
    ['三会一课 完成/应开', `${f.done}/${f.due}`],
    ['召开会议（次）', f.meetings.filter((m) => m.state === 'ended').length],
    ['参会（人次）', f.members.reduce((s, m) => s + m.present, 0)],
    ['会议请假（人次）', f.members.reduce((s, m) => s + m.leave, 0)],
    ['会议缺席（人次）', f.members.reduce((s, m) => s + m.absent, 0)],
    ['补课（人次）', f.members.reduce((s, m) => s + m.makeups, 0)],
  ],
  memberCells: (f) => ({
    columns: ['参会（次）', '会议缺席（次）'],
    byMember: new Map(f.members.map((m): [number, Cell[]] => [m.memberId, [m.present, m.absent]])),
  }),
  sheets(f) {
    const columns = [
      '编号',
      '日期',
      '时间',
      '类型',
      '议题',
      '地点',
      '应到',
      '实到',
      '请假',
      '缺席',
      '实到人员',
      '请假人员',
      '缺席人员',
      '法定人数',
      '会议记录',
      '补课',
    ];
    const rows = f.meetings.map((m): Cell[] => [
      m.number,
      m.day,
      m.time,
      m.type,
      m.topic,
      m.place,
      m.expected,
      m.present.length,
      m.leave.length,
      m.state === 'ended' ? m.absent.length : null,
      m.present.join('、'),
      m.leave.map((p) => `${p.name}（${p.reason}）`).join('、'),
      m.state === 'ended' ? m.absent.join('、') : '（未结束）',
      m.quorum ?? '',
      m.minutes,
      m.makeups.map((p) => `${p.name} ${p.day}：${p.note}`).join('；'),
    ]);
    const cadence = f.compliance.map((r): Cell[] => [r.name, CADENCE_NAME[r.cadence], r.due, r.done, r.held]);
    return [
      {
        name: '会议台账',
        tables: [
          { columns, rows },
          { title: '完成/应开', columns: ['类型', '周期', '应开', '完成', '召开（次）'], rows: cadence },
        ],
      },
    ];
  },
  orgColumns: [
    { title: '三会一课完成', cell: (f) => f?.done ?? 0, total: 'sum' },
    { title: '三会一课应开', cell: (f) => f?.due ?? 0, total: 'sum' },
  ],
  orgText: [{ title: '三会一课 完成/应开', cell: (f) => (f ? `${f.done}/${f.due}` : '—') }],
  orgTotals(all) {
    const used = all.filter((f): f is MeetingFigures => f !== undefined);
    if (used.length === 0) return [];
    const done = used.reduce((s, f) => s + f.done, 0);
    const due = used.reduce((s, f) => s + f.due, 0);
    return [`三会一课：${used.length} 个支部登记，完成 ${done} / 应开 ${due}`];
  },
};

/** `我的`: the member's attendance at the period's ended meetings. */
export function meetingsMeLines(ctx: CommandContext<unknown>, period: Period): string[] {
  if (!usesMeetings(ctx.db, ctx.branch.id)) return [];
  const f = buildMeetingFigures(
    ctx.db,
    ctx.branch,
    { start: period.start, through: ctx.today },
    { tz: ctx.tz, at: ctx.at },
  );
  const me = f.members.find((m) => m.memberId === ctx.member.id);
  if (!me) return ['本月会议：暂无'];
  const extra = [
    me.leave ? `请假 ${me.leave} 次` : '',
    me.absent ? `缺席 ${me.absent} 次` : '',
    me.makeups ? `补课 ${me.makeups} 次` : '',
  ]
    .filter(Boolean)
    .join('，');
  return [`本月会议：应到 ${me.expected} 次，实到 ${me.present} 次${extra ? `，${extra}` : ''}`];
}
