import { defineCommand } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { parseSessionOpen, formatDeadline, type SessionOpenInput } from '../../domain/study-session.js';
import { shortDay } from '../../domain/time.js';
import { audit } from '../../core/audit.js';
import { closeSession, insertSession, latestSession, lateSigners } from './store.js';
import {
  sessionAttendance,
  openSessions,
  parseSessionNumber,
  pickUnclosed,
  sessionByNumber,
  sessionName,
  sessionTerms,
} from './shared.js';

export const openStudyCommand = defineCommand<SessionOpenInput>({
  name: '发起学习',
  aliases: ['openstudy'],
  usage: [
    '发起学习 主题 [截止 时间] [时长]　例：发起学习 二十大报告 截止 21:00 60分钟',
    '截止可写 21:00（今天；已过则为明天）、11-30 18:00、明晚8点、明天（当天 23:59）；不写则到「结束学习」为止',
  ],
  summary: '发起一场集体学习，成员发送「学习签到」计入这一场',
  role: 'secretary',
  parse: (raw, ctx) => parseSessionOpen(raw, { at: ctx.at, today: ctx.today, tz: ctx.tz }),
  run(ctx) {
    const { topic, deadlineAt, plannedMinutes } = ctx.args;
    const s = insertSession(ctx.db, {
      branchId: ctx.branch.id,
      topic,
      openedBy: ctx.member.id,
      openedAt: ctx.at,
      day: ctx.today,
      deadlineAt,
      plannedMinutes,
      closedAt: null,
      closedBy: null,
    });
    audit(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      action: 'study.open',
      detail: { number: s.number, topic, deadlineAt, plannedMinutes },
      at: ctx.at,
    });
    const open = openSessions(ctx);
    const terms = sessionTerms(s, ctx);
    const how =
      open.length > 1
        ? `现在有 ${open.length} 场学习在进行，签到请带编号：学习签到 ${s.number}`
        : `学习后请发送「学习签到」签到（也可写时长，如「学习签到 30分钟」）。`;
    ctx.reply(
      [
        `📚 ${sessionName(s)}开始了${terms ? `（${terms}）` : ''}`,
        how,
        deadlineAt === null ? '书记发送「结束学习」结束签到。' : '截止后签到记为自学，不计入本场。',
      ].join('\n'),
    );
  },
});

export const closeStudyCommand = defineCommand<number | null>({
  name: '结束学习',
  aliases: ['closestudy'],
  usage: ['结束学习 [编号]　只有一场进行中时可不写编号，例：结束学习 2'],
  summary: '结束一场集体学习并公布签到人数',
  role: 'secretary',
  parse: parseSessionNumber,
  run(ctx) {
    const s = ctx.args !== null ? sessionByNumber(ctx, ctx.args) : pickUnclosed(ctx, '结束学习');
    if (s.closedAt !== null)
      throw new UserError(
        `${sessionName(s)}已于 ${formatDeadline(s.closedAt, { at: ctx.at, today: ctx.today, tz: ctx.tz })} 结束。`,
      );
    closeSession(ctx.db, s.id, ctx.member.id, ctx.at);
    audit(ctx.db, {
      branchId: ctx.branch.id,
      memberId: ctx.member.id,
      action: 'study.close',
      detail: { number: s.number },
      at: ctx.at,
    });
    const { expected, onLeave, signed, total } = sessionAttendance(ctx.db, s);
    const missing = expected.filter((m) => !signed.has(m.id));
    const lines = [`🏁 ${sessionName(s)}已结束：签到 ${signed.size}/${total} 人。`];
    if (missing.length) lines.push(`未签到 ${missing.length} 人：${missing.map((m) => m.name).join('、')}`);
    if (onLeave.length)
      lines.push(`请假 ${onLeave.length} 人（不计应到）：${onLeave.map((m) => m.name).join('、')}`);
    lines.push('此后本场不再接受签到。');
    ctx.reply(lines.join('\n'));
  },
});

export const studyMissingCommand = defineCommand<number | null>({
  name: '学习未签到',
  aliases: ['studymissing'],
  usage: ['学习未签到 [编号]　不写编号时为唯一进行中的一场，或最近的一场'],
  summary: '某场集体学习还没签到的成员',
  role: 'secretary',
  parse: parseSessionNumber,
  run(ctx) {
    const s =
      ctx.args !== null
        ? sessionByNumber(ctx, ctx.args)
        : pickUnclosed(ctx, '学习未签到', () => latestSession(ctx.db, ctx.branch.id));
    const { expected, onLeave, signed, total } = sessionAttendance(ctx.db, s);
    const lateIds = lateSigners(ctx.db, s.id);
    const late = expected.filter((m) => !signed.has(m.id) && lateIds.has(m.id));
    const missing = expected.filter((m) => !signed.has(m.id) && !lateIds.has(m.id));
    const leave = onLeave;
    const head = `${sessionName(s)}（${shortDay(s.day)}${s.closedAt !== null ? '，已结束' : ''}）`;
    const lines = [
      missing.length > 0
        ? `${head}未签到 ${missing.length} 人（已签到 ${signed.size}/${total}）：${missing.map((m) => m.name).join('、')}`
        : late.length > 0
          ? `${head}没有未签到的成员（按时签到 ${signed.size}/${total}）。`
          : `🎉 ${head}全员已签到（${signed.size}/${total}）。`,
    ];
    if (late.length)
      lines.push(`截止后签到 ${late.length} 人（记为自学）：${late.map((m) => m.name).join('、')}`);
    if (leave.length) lines.push(`请假 ${leave.length} 人：${leave.map((m) => m.name).join('、')}`);
    ctx.reply(lines.join('\n'));
  },
});
