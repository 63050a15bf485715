import type { CommandContext } from '../../core/context.js';
import type { Db } from '../../core/db.js';
import { leavesOverlapping } from '../../core/leaves.js';
import { memberNames, membersDuring, roleOf } from '../../core/members.js';
import { meetingTypeOf, SIGN_IN_EARLY_MS, type MeetingType } from '../../domain/meetings.js';
import { UserError } from '../../domain/user-error.js';
import { dayOf, shortDay, timeOf } from '../../domain/time.js';
import {
  attendanceRows,
  findMeeting,
  frozenAttendance,
  pendingMeetings,
  type AttendanceRow,
  type Meeting,
} from './store.js';

type Ctx = CommandContext<unknown>;

export interface Person {
  id: number;
  name: string;
}

/** 应到/实到/请假/缺席 of one meeting: frozen once ended, computed from sign-ins and leave before. */
export interface Attendance {
  expected: Person[];
  present: Person[];
  leave: (Person & { reason: string })[];
  /** Before 结束会议: those not (yet) signed in. */
  absent: Person[];
  makeups: (Person & { at: number; note: string })[];
  final: boolean;
}

export const typeOf = (m: Meeting): MeetingType => meetingTypeOf(m.kind);

/** '第3号会议（支委会）'. */
export function meetingName(m: Meeting): string {
  return `第${m.number}号会议（${typeOf(m).name}）`;
}

/** '11月20日 15:00'. */
export function meetingWhen(m: Meeting, tz: string): string {
  return `${shortDay(m.day)} ${timeOf(m.startsAt, tz)}`;
}

/**
 * Who is expected: members of the branch on the meeting's day; for a 支委会 only its 书记 and
 * 委员 (roles as they are now).
 */
export function expectedMembers(db: Db, m: Meeting): Person[] {
  const people = membersDuring(db, m.branchId, m.day, m.day);
  const chosen =
    typeOf(m).attendees === 'committee' ? people.filter((p) => roleOf(db, p.id) !== 'member') : people;
  return chosen.map((p) => ({ id: p.id, name: p.name }));
}

/** Check-in leave (core leaves) covering the meeting's day, by member: the leave's reason. */
function checkinLeaves(db: Db, m: Meeting): Map<number, string> {
  return new Map(leavesOverlapping(db, m.branchId, m.day, m.day).map((l) => [l.memberId, l.reason]));
}

export function attendance(
  db: Db,
  m: Meeting,
  /** The branch's names, when the caller looks at several meetings (loaded once, not per meeting). */
  name: (id: number) => string = memberNames(db, m.branchId),
): Attendance {
  return m.endedAt !== null ? frozen(db, m.id, name) : live(db, m, attendanceRows(db, m.id), name);
}

function frozen(db: Db, meetingId: number, name: (id: number) => string): Attendance {
  const f = frozenAttendance(db, meetingId);
  const person = (id: number): Person => ({ id, name: name(id) });
  const present = f.present.map(person);
  const absent = f.absent.map(person);
  const leave = f.leave.map((r) => ({ ...person(r.memberId), reason: r.reason }));
  const makeups = f.makeups.map((r) => ({ ...person(r.memberId), at: r.at, note: r.note }));
  const expected = [...present, ...leave, ...absent].sort((a, b) => a.id - b.id);
  return { expected, present, leave, absent, makeups, final: true };
}

function live(db: Db, m: Meeting, rows: AttendanceRow[], name: (id: number) => string): Attendance {
  const byMember = new Map(rows.map((r) => [r.memberId, r]));
  const expected = expectedMembers(db, m);
  // Someone who signed in counts even if the roster does not place them here (joined since).
  const listed = new Set(expected.map((p) => p.id));
  for (const r of rows)
    if (!listed.has(r.memberId)) expected.push({ id: r.memberId, name: name(r.memberId) });
  expected.sort((a, b) => a.id - b.id);
  const onLeave = checkinLeaves(db, m);
  const a: Attendance = { expected, present: [], leave: [], absent: [], makeups: [], final: false };
  for (const p of expected) {
    const r = byMember.get(p.id);
    if (r?.status === 'present') a.present.push(p);
    else if (r?.status === 'leave') a.leave.push({ ...p, reason: r.reason });
    else if (onLeave.has(p.id)) a.leave.push({ ...p, reason: leaveReason(onLeave.get(p.id)!) });
    else a.absent.push(p);
  }
  return a;
}

/** How a check-in leave shows at a meeting. */
export const leaveReason = (reason: string) => `已请假${reason ? `（${reason}）` : ''}`;

/** '实到 3/5（请假 1，缺席 1）'. */
export function countsText(a: Attendance): string {
  const rest = [
    a.leave.length ? `请假 ${a.leave.length}` : '',
    a.absent.length ? `${a.final ? '缺席' : '未签到'} ${a.absent.length}` : '',
  ]
    .filter(Boolean)
    .join('，');
  return `实到 ${a.present.length}/${a.expected.length}${rest ? `（${rest}）` : ''}`;
}

export const names = (people: readonly Person[]) => people.map((p) => p.name).join('、');

/** The meeting with this number in the branch; UserError naming the pending ones otherwise. */
export function meetingByNumber(ctx: Ctx, n: number): Meeting {
  const m = findMeeting(ctx.db, ctx.branch.id, n);
  if (m) return m;
  const pending = pendingMeetings(ctx.db, ctx.branch.id);
  const hint = pending.length
    ? `未结束的会议：${pending.map((p) => `${p.number}（${typeOf(p).name} ${meetingWhen(p, ctx.tz)}）`).join('、')}。`
    : '现在没有未结束的会议。';
  throw new UserError(`没有第 ${n} 号会议。${hint}`);
}

/** Refuses a cancelled or ended meeting for `what` (参会, 请假…). */
export function requirePending(m: Meeting, what: string, tz: string): void {
  if (m.cancelledAt !== null) throw new UserError(`${meetingName(m)}已取消，不能${what}。`);
  if (m.endedAt !== null)
    throw new UserError(
      `${meetingName(m)}已于 ${shortDay(dayOf(m.endedAt, tz))} ${timeOf(m.endedAt, tz)} 结束，不能再${what}。`,
    );
}

/** Sign-in is open from 30 minutes before the start until 结束会议, and only on the meeting's day. */
export function signInState(m: Meeting, at: number, tz: string): 'early' | 'open' | 'over' {
  if (at < m.startsAt - SIGN_IN_EARLY_MS) return 'early';
  return dayOf(at, tz) > m.day ? 'over' : 'open';
}

/** The one pending meeting that has started (for 结束会议 without a number). */
export function pickStarted(ctx: Ctx, command: string): Meeting {
  const started = pendingMeetings(ctx.db, ctx.branch.id).filter(
    (m) => m.startsAt - SIGN_IN_EARLY_MS <= ctx.at,
  );
  if (started.length === 1) return started[0]!;
  if (started.length > 1)
    throw new UserError(
      `现在有 ${started.length} 个会议未结束，请写编号，例如「${command} ${started[0]!.number}」：${started.map((m) => `${m.number}（${typeOf(m).name} ${meetingWhen(m, ctx.tz)}）`).join('、')}`,
    );
  throw new UserError(`请写会议编号，例如「${command} 3」。发送「会议」查看最近的会议。`);
}
