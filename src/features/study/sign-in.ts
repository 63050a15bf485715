import { defineCommand, type CommandContext } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import type { Merger } from '../../core/outbox.js';
import { monthPeriod } from '../../domain/period.js';
import { formatDeadline } from '../../domain/study-session.js';
import { formatMinutes, parseStudyInput, type StudyInput } from '../../domain/study.js';
import { dayOf, shortDay, timeOf, type Day } from '../../domain/time.js';
import { courseLabel } from './report.js';
import {
  findSelfStudy,
  findSessionById,
  latestSession,
  findSessionSignin,
  insertSignin,
  memberStudyTotals,
  sessionSigners,
  unclosedSessions,
  type StudySession,
} from './store.js';
import { countExpected } from '../../core/members.js';
import {
  isOpen,
  isPastDeadline,
  openSessions,
  sessionByNumber,
  sessionListLines,
  sessionAttendance,
  sessionName,
} from './shared.js';

export type StudyArgs = { kind: 'list' } | ({ kind: 'signin' } & StudyInput);

type Ctx = CommandContext<StudyArgs>;

const LIST_WORDS = new Set(['列表', '清单', 'list', 'ls']);

export const studyCommand = defineCommand<StudyArgs>({
  name: '学习签到',
  aliases: ['学习', 'study'],
  usage: [
    '学习签到 [课程] [时长]　例：学习签到 《党章》第一章 30分钟、学习签到 二十大报告 1.5小时',
    '学习签到 编号　有多场学习进行时选择一场，例：学习签到 2',
    '学习 列表　查看进行中的学习及编号',
  ],
  summary: '学习签到：有进行中的学习时计入该场，否则记为当天自学；时长如 30分钟、1小时、一个半小时',
  role: 'member',
  parse(raw) {
    if (LIST_WORDS.has(raw.trim().toLowerCase())) return { kind: 'list' };
    const parsed = parseStudyInput(raw);
    if (!parsed.ok) throw new UserError(parsed.error, true);
    return { kind: 'signin', ...parsed.value };
  },
  run(ctx) {
    const args = ctx.args;
    if (args.kind === 'list') return listSessions(ctx);
    const target =
      args.sessionNo !== null
        ? sessionByNumber(
            ctx,
            args.sessionNo,
            `如果 ${args.sessionNo} 是学习时长，请写成「${args.sessionNo}分钟」。`,
          )
        : implicitSession(ctx);
    if (!target) {
      // A bare 学习签到 right after 结束学习 means that session, not a 0-minute self-study.
      const closed = args.course || args.minutes ? undefined : closedToday(ctx);
      if (closed) return refuseClosed(ctx, closed);
      return selfStudy(ctx, args, null);
    }
    const already = findSessionSignin(ctx.db, target.id, ctx.member.id);
    if (already) {
      ctx.reply(
        `${ctx.member.name} 已在 ${shortDay(already.day)} ${timeOf(already.at, ctx.tz)} 签到过${sessionName(target)}，不重复计数。`,
      );
      return;
    }
    // A session closed by 结束学习 takes no more sign-ins (DESIGN §5); past its deadline but not
    // closed, a sign-in is kept as self-study (the announcement says so).
    if (target.closedAt !== null) return refuseClosed(ctx, target);
    if (!isOpen(target, ctx.at)) return selfStudy(ctx, args, target);
    signInToSession(ctx, args, target);
  },
});

/**
 * The session a sign-in without a number joins: the only open one. With several open the member
 * must pick (UserError with the list). With none open, a session whose deadline passed earlier
 * today and was not closed is still meant (the sign-in is late); otherwise there is none.
 */
function implicitSession(ctx: Ctx): StudySession | undefined {
  const open = openSessions(ctx);
  if (open.length === 1) return open[0];
  if (open.length > 1) {
    throw new UserError(
      [
        `现在有 ${open.length} 场学习在进行，请发送「学习签到 编号」选择一场，例如「学习签到 ${open[0]!.number}」：`,
        ...sessionListLines(ctx, open),
      ].join('\n'),
    );
  }
  const expiredToday = unclosedSessions(ctx.db, ctx.branch.id).filter(
    (s) => isPastDeadline(s, ctx.at) && dayOf(s.deadlineAt!, ctx.tz) === ctx.today,
  );
  return expiredToday.length === 1 ? expiredToday[0] : undefined;
}

/** The branch's latest session, when 结束学习 closed it today. */
function closedToday(ctx: Ctx): StudySession | undefined {
  const s = latestSession(ctx.db, ctx.branch.id);
  return s && s.closedAt !== null && dayOf(s.closedAt, ctx.tz) === ctx.today ? s : undefined;
}

function refuseClosed(ctx: Ctx, s: StudySession): void {
  const when = formatDeadline(s.closedAt!, { at: ctx.at, today: ctx.today, tz: ctx.tz });
  ctx.reply(
    `${sessionName(s)}已于 ${when} 结束，不再接受签到，这次没有记录。自学请写明课程和时长，例如「学习签到 《党章》 30分钟」。`,
  );
}

function signInToSession(ctx: Ctx, args: StudyInput, s: StudySession): void {
  const minutes = args.minutes ?? s.plannedMinutes;
  insertSignin(ctx.db, {
    branchId: ctx.branch.id,
    memberId: ctx.member.id,
    sessionId: s.id,
    day: ctx.today,
    at: ctx.at,
    course: args.course || s.topic,
    minutes,
    lateForSessionId: null,
  });
  // The tally is added when the confirmation is sent (merger below), so a burst of sign-ins after
  // an announcement becomes one message with the latest count.
  ctx.reply(
    `✅ ${ctx.member.name} 已签到${sessionName(s)}${minutes ? `（${formatMinutes(minutes)}）` : ''}`,
    {
      mergeKey: `study:${s.id}`,
      mergeItem: ctx.member.name,
      mergeData: { sessionId: s.id, branchId: ctx.branch.id, day: ctx.today, name: sessionName(s) },
    },
  );
}

/** Session sign-in confirmations waiting for one group become one message (DESIGN §2). */
export const studyMerger: Merger = (payloads, db) => {
  const { sessionId, branchId, day, name } = payloads[0]!.mergeData as {
    sessionId: number;
    branchId: number;
    day: Day;
    name: string;
  };
  const session = findSessionById(db, sessionId);
  const { signed, total } = session
    ? sessionAttendance(db, session)
    : { signed: sessionSigners(db, sessionId), total: countExpected(db, branchId, day) };
  const count = signed.size;
  const tally = `已签到 ${count}/${Math.max(count, total)} 人`;
  if (payloads.length === 1) return `${payloads[0]!.text}。${tally}`;
  return `✅ ${name}签到：${payloads.map((p) => p.mergeItem).join('、')}（${tally}）`;
};

/**
 * Self-study (自学) for the day: once per member, day and course. `late` is the session the
 * member meant but which had closed or passed its deadline: its topic and planned minutes are used.
 */
function selfStudy(ctx: Ctx, args: StudyInput, late: StudySession | null): void {
  const course = args.course || late?.topic || '';
  const minutes = args.minutes ?? late?.plannedMinutes ?? null;
  const lateNote = late
    ? `${sessionName(late)}${lateReason(ctx, late)}，本次不计入该场签到，记为自学。\n`
    : '';
  const already = findSelfStudy(ctx.db, ctx.branch.id, ctx.member.id, ctx.today, course);
  if (already) {
    ctx.reply(
      `${lateNote}${ctx.member.name} 今天 ${timeOf(already.at, ctx.tz)} 已记录过自学 ${courseLabel(course)}，不重复计数。`,
    );
    return;
  }
  insertSignin(ctx.db, {
    branchId: ctx.branch.id,
    memberId: ctx.member.id,
    sessionId: null,
    day: ctx.today,
    at: ctx.at,
    course,
    minutes,
    lateForSessionId: late?.id ?? null,
  });
  const [y, m] = ctx.today.split('-').map(Number) as [number, number];
  const month = monthPeriod(y, m);
  const totals = memberStudyTotals(ctx.db, ctx.branch.id, ctx.member.id, month.start, ctx.today);
  const what = course ? ` ${courseLabel(course)}` : '';
  const how = minutes ? ` ${formatMinutes(minutes)}` : '（未写时长，可写成「学习签到 《党章》 30分钟」）';
  ctx.reply(
    `${late ? '⏰' : '✅'} ${lateNote}${ctx.member.name} 自学签到${what}${how}。本月学习 ${totals.times} 次，共 ${totals.minutes} 分钟。`,
  );
}

/** '已于 今天 21:00 截止' or '已于 今天 20:30 结束', whichever came first. */
function lateReason(ctx: Ctx, s: StudySession): string {
  const now = { at: ctx.at, today: ctx.today, tz: ctx.tz };
  const closedFirst = s.closedAt !== null && (s.deadlineAt === null || s.closedAt < s.deadlineAt);
  return closedFirst
    ? `已于 ${formatDeadline(s.closedAt!, now)} 结束`
    : `已于 ${formatDeadline(s.deadlineAt!, now)} 截止`;
}

function listSessions(ctx: Ctx): void {
  const unclosed = unclosedSessions(ctx.db, ctx.branch.id);
  if (unclosed.length === 0) {
    ctx.reply(
      '现在没有进行中的学习。直接发送「学习签到 课程 时长」记为当天自学，例如：学习签到 《党章》 30分钟',
    );
    return;
  }
  const open = unclosed.filter((s) => isOpen(s, ctx.at));
  const hint =
    open.length > 1
      ? `签到请带编号，例如「学习签到 ${open[0]!.number}」。`
      : open.length === 1
        ? '发送「学习签到」即可签到。'
        : '已截止的学习不再接受签到，此时签到记为自学。';
  ctx.reply(['📚 进行中的学习：', ...sessionListLines(ctx, unclosed), hint].join('\n'));
}
