import { defineCommand, type CommandContext } from '../../core/context.js';
import { mergers } from '../../core/outbox.js';
import { UserError } from '../../domain/user-error.js';
import { parseWindow } from '../../domain/checkin-window.js';
import { parseDay } from '../../domain/dates.js';
import { streak } from '../../domain/streak.js';
import { addDays, daysBetween, minuteOfDay, shortDay, timeOf, type Day } from '../../domain/time.js';
import { audit } from '../../core/audit.js';
import { meaningfulText } from '../../core/text.js';
import {
  appendNote,
  countCheckinsOn,
  findCheckin,
  insertCheckin,
  memberCheckinDays,
  memberLeaves,
} from './store.js';
import type { Db } from '../../core/db.js';
import { countExpected } from '../../core/members.js';
import { members } from '../../core/schema.js';
import { eq } from 'drizzle-orm';

export const MAX_NOTE = 200;

/** Checks a note's length; returns it trimmed, or '' when it is only punctuation or emoji. */
export function parseNote(raw: string): string {
  const note = meaningfulText(raw);
  if (note.length > MAX_NOTE)
    throw new UserError(`备注太长（${note.length} 字），请控制在 ${MAX_NOTE} 字以内。`);
  return note;
}

/** A member's current streak as of `today`. */
export function memberStreak(db: Db, branchId: number, memberId: number, today: Day): number {
  const floor = addDays(today, -400);
  const days = new Set(memberCheckinDays(db, branchId, memberId, floor, today));
  const leaves = memberLeaves(db, memberId, floor, today);
  return streak(days, (d) => leaves.some((l) => l.startDay <= d && d <= l.endDay), today, floor);
}

/** A check-in for a day before the member joined moves their join day back: they were there. */
function extendMembership(ctx: CommandContext<unknown>, day: Day): void {
  if (day < ctx.member.joinedDay)
    ctx.db.update(members).set({ joinedDay: day }).where(eq(members.id, ctx.member.id)).run();
}

/** Check-in confirmations waiting for one group become one message in a burst (DESIGN §2). */
mergers.checkin = (payloads, db) => {
  const { branchId, day } = payloads[0]!.mergeData as { branchId: number; day: Day };
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
    const existing = findCheckin(db, branch.id, member.id, today);
    if (existing) {
      if (ctx.args) appendNote(db, existing.id, ctx.args);
      ctx.reply(
        `${member.name} 今天已在 ${timeOf(existing.at, tz)} 打过卡，不重复计数${ctx.args ? '；备注已补充' : ''}。`,
      );
      return;
    }
    const window = parseWindow(ctx.settings.checkinWindow);
    const late = minuteOfDay(at, tz) > window.end;
    insertCheckin(db, {
      branchId: branch.id,
      memberId: member.id,
      day: today,
      at,
      late,
      kind: 'normal',
      note: ctx.args,
      inboxId: null,
    });
    extendMembership(ctx, today);
    const days = memberStreak(db, branch.id, member.id, today);
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
