import { defineCommand } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { parseDay } from '../../domain/dates.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { shortDay, type Day } from '../../domain/time.js';
import { UserError } from '../../domain/user-error.js';
import { missingOn } from './missing.js';
import { calendarFromSettings, dayOffSentence } from './calendar.js';

/** The day `未打卡` asks about: today by default, or a day as written ('昨天', '11-05'). */
export function parseMissingDay(raw: string, today: Day): Day {
  if (!raw.trim()) return today;
  try {
    return parseDay(raw, today);
  } catch (err) {
    // '未打卡 本周' names a real period, just not one day: point to the command for periods.
    let period: Period | undefined;
    try {
      period = parsePeriod(raw, today);
    } catch {
      throw err;
    }
    if (period.kind === 'day') return period.start;
    throw new UserError(`「未打卡」查的是某一天；${period.label}的情况请发送「汇总 ${raw.trim()}」。`);
  }
}

export const missingCommand = defineCommand<Day>({
  name: '未打卡',
  aliases: ['missing'],
  usage: ['未打卡 [日期]　例：未打卡、未打卡 昨天、未打卡 11-05（默认今天）'],
  summary: '某天（默认今天）还没打卡的成员（请假的除外）',
  role: 'secretary',
  parse: (raw, ctx) => parseMissingDay(raw, ctx.today),
  glued: gluedWhen((rest) => parseMissingDay(rest, FORM_DAY)),
  run(ctx) {
    const target = ctx.args;
    if (target > ctx.today) throw new UserError(`${shortDay(target)} 还没到，无法查看未打卡。`);
    const calendar = calendarFromSettings(ctx.settings);
    const { missing, onLeave, checked, expected, dayOff } = missingOn(
      ctx.db,
      ctx.branch.id,
      target,
      calendar,
    );
    if (dayOff) {
      ctx.reply(
        `🏖️ ${dayOffSentence(calendar, target)}，没有未打卡的成员${checked ? `（休息日打卡 ${checked} 人，不计入打卡率）` : ''}。`,
      );
      return;
    }
    const day = shortDay(target);
    const lines = [
      missing.length === 0
        ? `🎉 ${day} 全员已打卡（${checked}/${expected}）。`
        : `${day} 未打卡 ${missing.length} 人（已打卡 ${checked}/${expected}）：${missing.map((m) => m.name).join('、')}`,
    ];
    if (onLeave.length) lines.push(`请假 ${onLeave.length} 人：${onLeave.map((m) => m.name).join('、')}`);
    // Only today's missing are @-mentioned: a past day cannot be made up by checking in now.
    ctx.reply(lines.join('\n'), target === ctx.today ? { mention: missing } : {});
  },
});
