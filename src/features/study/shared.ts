import type { CommandContext } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { formatDeadline } from '../../domain/study-session.js';
import { formatMinutes } from '../../domain/study.js';

import type { Db } from '../../core/db.js';
import { rosterOf, type Member, type Roster } from '../../core/members.js';
import { leavesOverlapping } from '../../core/leaves.js';
import { findSessionByNumber, sessionSigners, unclosedSessions, type StudySession } from './store.js';

type Ctx = CommandContext<unknown>;

/** The deadline minute itself still counts: '截止 21:00' accepts a sign-in sent at 21:00:40. */
export function isPastDeadline(s: StudySession, at: number): boolean {
  return s.deadlineAt !== null && at >= s.deadlineAt + 60_000;
}

/** Open for sign-in: not closed by 结束学习 and not past its deadline. */
export function isOpen(s: StudySession, at: number): boolean {
  return s.closedAt === null && !isPastDeadline(s, at);
}

/** Sessions open for sign-in right now, by number. */
export function openSessions(ctx: Ctx): StudySession[] {
  return unclosedSessions(ctx.db, ctx.branch.id).filter((s) => isOpen(s, ctx.at));
}

/** '第3期「二十大报告」'. */
export function sessionName(s: StudySession): string {
  return `第${s.number}期「${s.topic}」`;
}

/** '计划 60 分钟，截止 今天 21:00' (empty parts left out). */
export function sessionTerms(s: StudySession, ctx: Ctx): string {
  const parts: string[] = [];
  if (s.plannedMinutes) parts.push(`计划 ${formatMinutes(s.plannedMinutes)}`);
  if (s.deadlineAt !== null)
    parts.push(`截止 ${formatDeadline(s.deadlineAt, { at: ctx.at, today: ctx.today, tz: ctx.tz })}`);
  return parts.join('，');
}

/** One line per session: number, topic, terms and how many signed in. */
export function sessionListLines(ctx: Ctx, sessions: StudySession[]): string[] {
  return sessions.map((s) => {
    const terms = sessionTerms(s, ctx);
    const state = isPastDeadline(s, ctx.at) ? '，已截止' : '';
    return `${s.number}. 「${s.topic}」${terms ? `（${terms}${state}）` : state ? `（${state.slice(1)}）` : ''}，已签到 ${sessionSigners(ctx.db, s.id).size} 人`;
  });
}

/**
 * A session's attendance, the one definition every reply, 汇总 and export uses (DESIGN §5 "Study
 * attendance"): expected = members of the branch on the session's day who are not on leave that
 * day; anyone who signed in counts as expected too (a late joiner who came). `total` is 应到.
 */
export interface SessionAttendance {
  /** Members in the branch that day, not on leave, or who signed in. */
  expected: Member[];
  /** In the branch that day, on leave and not signed in. */
  onLeave: Member[];
  signed: Set<number>;
  total: number;
}

export function sessionAttendance(
  db: Db,
  s: StudySession,
  roster: Roster = rosterOf(db, s.branchId),
): SessionAttendance {
  const signed = sessionSigners(db, s.id);
  const leave = new Set(leavesOverlapping(db, s.branchId, s.day, s.day).map((l) => l.memberId));
  const present = roster(s.day, s.day);
  const expected = present.filter((m) => signed.has(m.id) || !leave.has(m.id));
  const onLeave = present.filter((m) => !signed.has(m.id) && leave.has(m.id));
  const expectedIds = new Set(expected.map((m) => m.id));
  const outside = [...signed].filter((id) => !expectedIds.has(id)).length;
  return { expected, onLeave, signed, total: expected.length + outside };
}

/** Reads an optional session number ('3', '第3期'); null when empty. Throws UserError otherwise. */
export function parseSessionNumber(raw: string): number | null {
  const s = raw.trim();
  if (!s) return null;
  const m = /^(?:第|#)?(\d{1,6})(?:期|场|号)?$/.exec(s);
  if (!m || Number(m[1]) < 1) throw new UserError(`「${s}」不是学习编号，请写数字，例如 2。`, true);
  return Number(m[1]);
}

/** The session with this number in the branch; throws UserError naming the open ones. */
export function sessionByNumber(ctx: Ctx, n: number, extraHint = ''): StudySession {
  const s = findSessionByNumber(ctx.db, ctx.branch.id, n);
  if (s) return s;
  const open = openSessions(ctx);
  const hint = open.length
    ? `进行中的学习：${open.map((o) => `${o.number}「${o.topic}」`).join('、')}。`
    : '现在没有进行中的学习。';
  throw new UserError(`没有第 ${n} 期学习。${hint}${extraHint}`);
}

/**
 * The session a secretary's command without a number means: the only unclosed one. Several →
 * UserError asking for the number; none → `fallback` (or UserError when there is none).
 */
export function pickUnclosed(
  ctx: Ctx,
  command: string,
  fallback?: () => StudySession | undefined,
): StudySession {
  const unclosed = unclosedSessions(ctx.db, ctx.branch.id);
  if (unclosed.length === 1) return unclosed[0]!;
  if (unclosed.length > 1) {
    throw new UserError(
      [
        `现在有 ${unclosed.length} 场学习未结束，请写编号，例如「${command} ${unclosed[0]!.number}」：`,
        ...sessionListLines(ctx, unclosed),
      ].join('\n'),
    );
  }
  const found = fallback?.();
  if (found) return found;
  throw new UserError('现在没有进行中的学习。书记可发送「发起学习 主题 截止 21:00」发起。');
}
