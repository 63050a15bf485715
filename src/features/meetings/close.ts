import { defineCommand } from '../../core/context.js';
import type { Db } from '../../core/db.js';
import { quorum, parseMeetingNumber, splitNumberAndText } from '../../domain/meetings.js';
import { UserError } from '../../domain/user-error.js';
import { timeOf } from '../../domain/time.js';
import { probationaryIds, putAttendance, updateMeeting, type Meeting } from './store.js';
import {
  attendance,
  meetingByNumber,
  meetingName,
  meetingWhen,
  names,
  pickStarted,
  requirePending,
  typeOf,
  type Attendance,
} from './shared.js';

/** A 支部党员大会's quorum line: more than half of the 正式党员 expected must attend. */
export function quorumLine(db: Db, m: Meeting, a: Attendance): string | undefined {
  if (typeOf(m).kind !== 'general') return undefined;
  const probationary = probationaryIds(db, m.branchId);
  const full = a.expected.filter((p) => !probationary.has(p.id));
  const fullPresent = a.present.filter((p) => !probationary.has(p.id)).length;
  const probationaryPresent = a.present.length - fullPresent;
  const q = quorum(full.length, fullPresent);
  const votes = probationaryPresent ? `；到会预备党员 ${probationaryPresent} 人（无表决权）` : '';
  return q.met
    ? `⚖️ 正式党员应到 ${full.length} 人，到会 ${fullPresent} 人，超过半数，会议有效${votes}。`
    : `⚠️ 正式党员应到 ${full.length} 人，到会 ${fullPresent} 人，未超过半数（至少需 ${q.needed} 人），不能进行表决${votes}。`;
}

export const closeMeetingCommand = defineCommand<number | null>({
  name: '结束会议',
  aliases: ['endmeeting'],
  usage: ['结束会议 [编号]　公布应到、实到、请假、缺席；支部党员大会还判断正式党员是否过半'],
  summary: '三会一课：结束会议并公布出席情况',
  role: 'secretary',
  parse: parseMeetingNumber,
  run(ctx) {
    const m = ctx.args !== null ? meetingByNumber(ctx, ctx.args) : pickStarted(ctx, '结束会议');
    requirePending(m, '结束', ctx.tz);
    if (ctx.at < m.startsAt)
      throw new UserError(
        `${meetingName(m)}在 ${meetingWhen(m, ctx.tz)} 才开始，不能提前结束；不开了请发「取消会议 ${m.number}」。`,
      );
    const a = attendance(ctx.db, m);
    // Freeze the attendance: later leave records or roster changes do not rewrite the 台账.
    for (const p of a.leave)
      putAttendance(ctx.db, {
        meetingId: m.id,
        memberId: p.id,
        status: 'leave',
        at: ctx.at,
        reason: p.reason,
      });
    for (const p of a.absent)
      putAttendance(ctx.db, { meetingId: m.id, memberId: p.id, status: 'absent', at: ctx.at, reason: '' });
    updateMeeting(ctx.db, m.id, { endedAt: ctx.at, endedBy: ctx.member.id });
    ctx.audit('meeting.end', {
      number: m.number,
      expected: a.expected.length,
      present: a.present.length,
      leave: a.leave.length,
      absent: a.absent.length,
    });
    const lines = [
      `🏁 ${meetingName(m)}（${meetingWhen(m, ctx.tz)}）于 ${timeOf(ctx.at, ctx.tz)} 结束`,
      `应到 ${a.expected.length} 人，实到 ${a.present.length} 人，请假 ${a.leave.length} 人，缺席 ${a.absent.length} 人。`,
    ];
    if (a.present.length) lines.push(`实到：${names(a.present)}`);
    if (a.leave.length) lines.push(`请假：${a.leave.map((p) => `${p.name}（${p.reason}）`).join('、')}`);
    if (a.absent.length) lines.push(`缺席：${names(a.absent)}`);
    const q = quorumLine(ctx.db, m, a);
    if (q) lines.push(q);
    if (a.leave.length + a.absent.length)
      lines.push(`请假和缺席的同志会后发送「补课 ${m.number} 学习内容」登记补课。`);
    if (!m.minutes) lines.push(`请书记或委员发送「会议记录 ${m.number} 内容」留存会议记录。`);
    ctx.reply(lines.join('\n'));
  },
});

const MAX_MINUTES = 2000;
const MAX_TOTAL = 20_000;

export const minutesCommand = defineCommand<{ number: number; text: string }>({
  name: '会议记录',
  aliases: ['minutes'],
  usage: [
    '会议记录 编号 内容　例：会议记录 3 传达学习全会精神，讨论通过发展对象名单（可多次发送，逐条追加）',
  ],
  summary: '三会一课：留存会议记录',
  role: 'committee',
  parse(raw) {
    const { number, text } = splitNumberAndText(raw);
    if (number === null || number < 1)
      throw new UserError('请写会议编号和记录内容，例如「会议记录 3 传达学习全会精神」。', true);
    if (!text) throw new UserError('请写会议记录的内容。', true);
    if (text.length > MAX_MINUTES)
      throw new UserError(`一次记录最多 ${MAX_MINUTES} 字（这次 ${text.length} 字），请分几次发送。`);
    return { number, text };
  },
  run(ctx) {
    const m = meetingByNumber(ctx, ctx.args.number);
    if (m.cancelledAt !== null) throw new UserError(`${meetingName(m)}已取消，不能记录。`);
    if (ctx.at < m.startsAt - 30 * 60_000) throw new UserError(`${meetingName(m)}还没有开始，会后再记录。`);
    const minutes = m.minutes ? `${m.minutes}\n${ctx.args.text}` : ctx.args.text;
    if (minutes.length > MAX_TOTAL)
      throw new UserError(`这次会议的记录已超过 ${MAX_TOTAL} 字，请精简后附在台账里。`);
    updateMeeting(ctx.db, m.id, { minutes });
    ctx.audit('meeting.minutes', { number: m.number, length: ctx.args.text.length });
    const count = minutes.split('\n').length;
    ctx.reply(`🗒️ 已记入${meetingName(m)}的会议记录（共 ${count} 条，${minutes.length} 字）。`);
  },
});
