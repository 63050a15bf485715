import { defineCommand, type CommandContext } from '../../core/context.js';
import type { Merger } from '../../core/outbox.js';
import { UserError } from '../../domain/user-error.js';
import { parseWindow } from '../../domain/checkin-window.js';
import { parseDay } from '../../domain/dates.js';
import { streak } from '../../domain/streak.js';
import { addDays, daysBetween, minuteOfDay, shortDay, timeOf, type Day } from '../../domain/time.js';
import { audit } from '../../core/audit.js';
import { appendNote, countCheckinsOn, findCheckin, insertCheckin, memberCheckinDays } from './store.js';
import { memberLeaves } from '../../core/leaves.js';
import type { Db } from '../../core/db.js';
import { countExpected } from '../../core/members.js';
import { members } from '../../core/schema.js';
import { eq } from 'drizzle-orm';
import { MAX_NOTE, parseNote } from '../../core/text.js';
import {
  branchCheckinDays,
  calendarFromSettings,
  calendarOf,
  dayOffReason,
  dayOffSentence,
  isBranchCheckinDay,
  type BranchCalendar,
} from './calendar.js';

/**
 * A member's current streak of check-in days as of `today`. Days off neither break nor extend it
 * (like leave): a check-in on a day off is not counted, and a holiday between two check-in days
 * does not end the run.
 */
export function memberStreak(
  db: Db,
  branchId: number,
  memberId: number,
  today: Day,
  calendar: BranchCalendar = calendarOf(db, branchId),
): number {
  const floor = addDays(today, -400);
  const cal = branchCheckinDays(calendar, floor, today);
  const days = new Set(memberCheckinDays(db, branchId, memberId, floor, today).filter((d) => cal.has(d)));
  const leaves = memberLeaves(db, memberId, floor, today);
  return streak(
    days,
    (d) => !cal.has(d) || leaves.some((l) => l.startDay <= d && d <= l.endDay),
    today,
    floor,
  );
}

/** A check-in for a day before the member joined moves their join day back: they were there. */
function extendMembership(ctx: CommandContext<unknown>, day: Day): void {
  if (day < ctx.member.joinedDay)
    ctx.db.update(members).set({ joinedDay: day }).where(eq(members.id, ctx.member.id)).run();
}

/** Check-in confirmations waiting for one group become one message in a burst (DESIGN §2). */
export const checkinMerger: Merger = (payloads, db) => {
  const { branchId, day, dayOff } = payloads[0]!.mergeData as { branchId: number; day: Day; dayOff?: number };
  if (dayOff) {
    if (payloads.length === 1) return payloads[0]!.text;
    return `✅ 休息日打卡：${payloads.map((p) => p.mergeItem).join('、')}（已记录，不计入打卡率）`;
  }
  const count = countCheckinsOn(db, branchId, day);
  const tally = `今日 ${count}/${Math.max(count, countExpected(db, branchId, day))}`;
  if (payloads.length === 1) return `${payloads[0]!.text}。${tally}`;
  return `✅ 已打卡：${payloads.map((p) => p.mergeItem).join('、')}（${tally}）`;
};

export const checkinCommand = defineCommand<string>({
  name: '打卡',
  aliases: ['签到', 'checkin'],
  usage: ['打卡 [备注]　例：打卡 走访3户'],
  summary: '今日打卡，可附备注；每人每天计一次',
  role: 'member',
  parse: parseNote,
  run(ctx) {
    const { db, branch, member, today, at, tz } = ctx;
    const calendar = calendarFromSettings(ctx.settings);
    const dayOff = !isBranchCheckinDay(calendar, today);
    const window = parseWindow(ctx.settings.checkinWindow!);
    // Nobody is late on a day nobody is expected.
    const late = !dayOff && minuteOfDay(at, tz) > window.end;
    // Inserted unless there is one already (one statement for the usual first 打卡 of the day).
    const inserted = insertCheckin(db, {
      branchId: branch.id,
      memberId: member.id,
      day: today,
      at,
      late,
      kind: 'normal',
      note: ctx.args,
      inboxId: null,
    });
    if (!inserted) {
      const existing = findCheckin(db, branch.id, member.id, today)!;
      // A second 打卡 adds to the day's note, up to MAX_NOTE: repeating it must not grow a row
      // (and every export) without bound. The same note twice is added once.
      const note = ctx.args;
      const had = existing.note ?? '';
      const already = note !== '' && had.split('；').includes(note);
      const full = note !== '' && !already && had.length + 1 + note.length > MAX_NOTE;
      if (note && !already && !full) appendNote(db, existing.id, note);
      const tail =
        !note || already
          ? ''
          : full
            ? `；备注已满（每天最多 ${MAX_NOTE} 字），这次的备注没有加上`
            : '；备注已补充';
      ctx.reply(`${member.name} 今天已在 ${timeOf(existing.at, tz)} 打过卡，不重复计数${tail}。`);
      return;
    }
    extendMembership(ctx, today);
    if (dayOff) {
      // Kept (the member did the work) but in no rate: say so rather than show a tally.
      const why = dayOffReason(calendar, today);
      ctx.reply(
        `✅ ${member.name} 休息日打卡已记录（${timeOf(at, tz)}）。今天是${why === '休息日' ? '休息日' : `休息日（${why}）`}，不计入打卡率。`,
        {
          mergeKey: `checkin:${today}`,
          mergeItem: member.name,
          mergeData: { branchId: branch.id, day: today, dayOff: 1 },
        },
      );
      return;
    }
    const days = memberStreak(db, branch.id, member.id, today, calendar);
    // Today's tally is added when the confirmation is sent (see the merger below): one count per
    // message sent instead of one per check-in, and the figure is the latest.
    ctx.reply(`✅ ${member.name} 打卡成功（${timeOf(at, tz)}${late ? '，迟到' : ''}），连续 ${days} 天`, {
      mergeKey: `checkin:${today}`,
      mergeItem: late ? `${member.name}（迟到）` : member.name,
      mergeData: { branchId: branch.id, day: today },
    });
  },
});

export const makeupCommand = defineCommand<{ day: Day; note: string }>({
  name: '补卡',
  aliases: ['makeup'],
  usage: ['补卡 日期 [备注]　例：补卡 2026-11-20 在乡里开会'],
  summary: '为最近几天补打卡（天数由书记设置，默认 7 天）',
  role: 'member',
  parse(raw, ctx) {
    const [first, ...rest] = raw.split(' ');
    if (!first) throw new UserError('请写明补卡日期。', true);
    return { day: parseDay(first, ctx.today), note: parseNote(rest.join(' ')) };
  },
  run(ctx) {
    const { db, branch, member, today } = ctx;
    const { day, note } = ctx.args;
    const reach = Number(ctx.settings.makeupDays);
    if (day >= today)
      throw new UserError(day === today ? '今天请直接发送「打卡」。' : '不能为将来的日期补卡。');
    if (daysBetween(day, today) > reach)
      throw new UserError(`只能补最近 ${reach} 天内的卡（${shortDay(addDays(today, -reach))} 起）。`);
    const calendar = calendarFromSettings(ctx.settings);
    if (!isBranchCheckinDay(calendar, day))
      throw new UserError(`${dayOffSentence(calendar, day)}，也无需补卡。`);
    const existing = findCheckin(db, branch.id, member.id, day);
    if (existing)
      throw new UserError(
        `${shortDay(day)} 已有打卡记录（${existing.kind === 'makeup' ? '补卡' : timeOf(existing.at, ctx.tz)}），无需补卡。`,
      );
    insertCheckin(db, {
      branchId: branch.id,
      memberId: member.id,
      day,
      at: ctx.at,
      late: false,
      kind: 'makeup',
      note,
      inboxId: null,
    });
    extendMembership(ctx, day);
    audit(db, {
      branchId: branch.id,
      memberId: member.id,
      action: 'checkin.makeup',
      detail: { day, note },
      at: ctx.at,
    });
    ctx.reply(`✅ ${member.name} 已补 ${shortDay(day)} 的打卡${note ? `（${note}）` : ''}。`);
  },
});
