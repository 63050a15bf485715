import { defineCommand } from '../../core/context.js';
import { parseNote } from '../../core/text.js';
import { parseMeetingNumber, SIGN_IN_EARLY_MS, splitNumberAndText } from '../../domain/meetings.js';
import { UserError } from '../../domain/user-error.js';
import { dayOf, shortDay, timeOf } from '../../domain/time.js';
import { findAttendance, pendingMeetings, putAttendance, recordMakeup } from './store.js';
import {
  attendance,
  expectedMembers,
  meetingByNumber,
  meetingName,
  meetingWhen,
  requirePending,
  signInState,
  typeOf,
} from './shared.js';

export const attendCommand = defineCommand<number | null>({
  name: '参会',
  aliases: ['会议签到', 'attend'],
  usage: ['参会 [编号]　会议开始前 30 分钟起可签到，直到「结束会议」；只有一个会议可签到时可不写编号'],
  summary: '三会一课：会议签到',
  role: 'member',
  parse: parseMeetingNumber,
  run(ctx) {
    const m = ctx.args !== null ? meetingByNumber(ctx, ctx.args) : openNow(ctx);
    requirePending(m, '签到', ctx.tz);
    const state = signInState(m, ctx.at, ctx.tz);
    if (state === 'early')
      throw new UserError(
        `${meetingName(m)}在 ${meetingWhen(m, ctx.tz)} 开始，${timeOf(m.startsAt - SIGN_IN_EARLY_MS, ctx.tz)} 起可签到。`,
      );
    if (state === 'over') throw new UserError(`${meetingName(m)}（${shortDay(m.day)}）的签到已关闭。`);
    const before = findAttendance(ctx.db, m.id, ctx.member.id);
    if (before?.status === 'present')
      throw new UserError(`你已于 ${timeOf(before.at, ctx.tz)} 签到${meetingName(m)}，无需重复签到。`);
    putAttendance(ctx.db, {
      meetingId: m.id,
      memberId: ctx.member.id,
      status: 'present',
      at: ctx.at,
      reason: '',
    });
    ctx.audit('meeting.attend', { number: m.number });
    const a = attendance(ctx.db, m);
    const late = ctx.at >= m.startsAt + 60_000 ? '（迟到）' : '';
    ctx.reply(
      `✅ ${ctx.member.name} 已签到${meetingName(m)}${late}，已到 ${a.present.length}/${a.expected.length} 人。`,
    );
  },
});

/** The one meeting open for sign-in now; UserError saying when the next one opens otherwise. */
function openNow(ctx: Parameters<typeof attendCommand.run>[0]) {
  const pending = pendingMeetings(ctx.db, ctx.branch.id);
  const open = pending.filter((m) => signInState(m, ctx.at, ctx.tz) === 'open');
  if (open.length === 1) return open[0]!;
  if (open.length > 1)
    throw new UserError(
      `现在有 ${open.length} 个会议可签到，请写编号：${open.map((m) => `参会 ${m.number}（${typeOf(m).name}）`).join('、')}`,
    );
  const next = pending.find((m) => signInState(m, ctx.at, ctx.tz) === 'early');
  throw new UserError(
    next
      ? `现在没有可签到的会议。${meetingName(next)}在 ${meetingWhen(next, ctx.tz)} 开始，${timeOf(next.startsAt - SIGN_IN_EARLY_MS, ctx.tz)} 起可签到。`
      : '现在没有可签到的会议。',
  );
}

export const meetingLeaveCommand = defineCommand<{ number: number; reason: string }>({
  name: '会议请假',
  aliases: ['meetingleave'],
  usage: ['会议请假 编号 原因　例：会议请假 3 下乡走访'],
  summary: '三会一课：不能参加某次会议时请假',
  role: 'member',
  parse(raw) {
    const { number, text } = splitNumberAndText(raw);
    if (number === null || number < 1)
      throw new UserError('请写会议编号和原因，例如「会议请假 3 下乡走访」。', true);
    const reason = parseNote(text);
    if (!reason) throw new UserError('请写请假原因，例如「会议请假 3 下乡走访」。', true);
    return { number, reason };
  },
  run(ctx) {
    const m = meetingByNumber(ctx, ctx.args.number);
    requirePending(m, '请假', ctx.tz);
    if (!expectedMembers(ctx.db, m).some((p) => p.id === ctx.member.id))
      throw new UserError(`${meetingName(m)}不需要你参加，无需请假。`);
    const before = findAttendance(ctx.db, m.id, ctx.member.id);
    if (before?.status === 'present')
      throw new UserError(`你已于 ${timeOf(before.at, ctx.tz)} 签到${meetingName(m)}，不能再请假。`);
    putAttendance(ctx.db, {
      meetingId: m.id,
      memberId: ctx.member.id,
      status: 'leave',
      at: ctx.at,
      reason: ctx.args.reason,
    });
    ctx.audit('meeting.leave', { number: m.number, reason: ctx.args.reason });
    ctx.reply(
      `📝 ${ctx.member.name} ${meetingName(m)}（${meetingWhen(m, ctx.tz)}）请假：${ctx.args.reason}。会后可发「补课 ${m.number} 学习内容」补课。`,
    );
  },
});

export const makeupCommand = defineCommand<{ number: number; note: string }>({
  name: '补课',
  aliases: ['makeuplesson'],
  usage: ['补课 编号 内容　例：补课 3 学习了会议记录和全会精神（缺席或请假的成员在会议结束后补课）'],
  summary: '三会一课：缺席或请假的成员登记补课',
  role: 'member',
  parse(raw) {
    const { number, text } = splitNumberAndText(raw);
    if (number === null || number < 1)
      throw new UserError('请写会议编号和补课内容，例如「补课 3 学习了会议记录」。', true);
    const note = parseNote(text);
    if (!note) throw new UserError('请写补课内容，例如「补课 3 学习了会议记录」。', true);
    return { number, note };
  },
  run(ctx) {
    const m = meetingByNumber(ctx, ctx.args.number);
    if (m.cancelledAt !== null) throw new UserError(`${meetingName(m)}已取消，无需补课。`);
    const row = findAttendance(ctx.db, m.id, ctx.member.id);
    if (row?.status === 'present') throw new UserError(`你参加了${meetingName(m)}，无需补课。`);
    if (m.endedAt === null)
      throw new UserError(
        `${meetingName(m)}还没有结束，能参加请发「参会 ${m.number}」；会议结束后才能补课。`,
      );
    if (!row) throw new UserError(`${meetingName(m)}不需要你参加，无需补课。`);
    if (row.makeupAt !== null)
      throw new UserError(
        `你已于 ${shortDay(dayOf(row.makeupAt, ctx.tz))} 登记过${meetingName(m)}的补课：${row.makeupNote}`,
      );
    recordMakeup(ctx.db, m.id, ctx.member.id, ctx.at, ctx.args.note);
    ctx.audit('meeting.makeup', { number: m.number, note: ctx.args.note });
    ctx.reply(
      `📚 ${ctx.member.name} 已登记${meetingName(m)}（${meetingWhen(m, ctx.tz)}）的补课：${ctx.args.note}`,
    );
  },
});
