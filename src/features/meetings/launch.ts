import { defineCommand } from '../../core/context.js';
import { leavesOverlapping } from '../../core/leaves.js';
import { membersDuring } from '../../core/members.js';
import {
  parseMeetingLaunch,
  parseMeetingNumber,
  TYPE_LIST,
  type MeetingLaunch,
} from '../../domain/meetings.js';
import { UserError } from '../../domain/user-error.js';
import { dayjs } from '../../domain/time.js';
import { insertMeeting, updateMeeting } from './store.js';
import { expectedMembers, meetingByNumber, meetingName, meetingWhen, requirePending } from './shared.js';

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];

export const launchMeetingCommand = defineCommand<MeetingLaunch>({
  name: '发起会议',
  aliases: ['召开会议', 'meeting'],
  usage: [
    '发起会议 类型 时间 [地点] [议题 …]　例：发起会议 支委会 11-20 15:00 会议室 议题 学习全会精神',
    `类型：${TYPE_LIST}`,
    '时间可写 11-20 15:00、明天 15:00、2026-11-20 15:00、11月20日下午3点',
  ],
  summary: '三会一课：发起一次会议，成员「参会」签到',
  role: 'secretary',
  parse: (raw, ctx) => parseMeetingLaunch(raw, { at: ctx.at, today: ctx.today, tz: ctx.tz }),
  run(ctx) {
    const { type, startsAt, day, place, topic } = ctx.args;
    const m = insertMeeting(ctx.db, {
      branchId: ctx.branch.id,
      kind: type.kind,
      startsAt,
      day,
      place,
      topic,
      createdBy: ctx.member.id,
      createdAt: ctx.at,
    });
    ctx.audit('meeting.call', { number: m.number, kind: type.kind, startsAt, place, topic });
    const onLeave = new Set(leavesOverlapping(ctx.db, ctx.branch.id, day, day).map((l) => l.memberId));
    const expected = expectedMembers(ctx.db, m);
    const ids = new Set(expected.filter((p) => !onLeave.has(p.id)).map((p) => p.id));
    // Mention those expected who are in the branch now (not on leave that day).
    const mention = membersDuring(ctx.db, ctx.branch.id, ctx.today, ctx.today).filter((p) => ids.has(p.id));
    const weekday = WEEKDAY[dayjs.utc(day).day()];
    ctx.reply(
      [
        `📣 ${meetingName(m)}`,
        `时间：${meetingWhen(m, ctx.tz)}（周${weekday}）`,
        ...(place ? [`地点：${place}`] : []),
        ...(topic ? [`议题：${topic}`] : []),
        `应到 ${expected.length} 人${type.attendees === 'committee' ? '（支委会：书记和委员）' : ''}${onLeave.size ? `，其中已请假 ${expected.length - ids.size} 人` : ''}。`,
        `开始前 30 分钟起发送「参会 ${m.number}」签到；不能参加请发「会议请假 ${m.number} 原因」。`,
      ].join('\n'),
      { mention },
    );
  },
});

export const cancelMeetingCommand = defineCommand<number | null>({
  name: '取消会议',
  aliases: ['cancelmeeting'],
  usage: ['取消会议 编号　例：取消会议 3（已结束的会议不能取消）'],
  summary: '取消一次还没结束的会议（发错了或改期）',
  role: 'secretary',
  parse: parseMeetingNumber,
  run(ctx) {
    if (ctx.args === null) throw new UserError('请写要取消的会议编号，例如「取消会议 3」。', true);
    const m = meetingByNumber(ctx, ctx.args);
    requirePending(m, '取消', ctx.tz);
    updateMeeting(ctx.db, m.id, { cancelledAt: ctx.at, cancelledBy: ctx.member.id });
    ctx.audit('meeting.cancel', { number: m.number });
    ctx.reply(`🚫 ${meetingName(m)}（${meetingWhen(m, ctx.tz)}）已取消，不计入三会一课。`);
  },
});
