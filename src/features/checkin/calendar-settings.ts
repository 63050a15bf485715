import type { CommandContext } from '../../core/context.js';
import type { SettingEntry } from '../../core/feature.js';
import { setSetting } from '../../core/settings.js';
import {
  CHECKIN_DAY_RULE_HELP,
  describeDaysOff,
  formatCheckinDayRule,
  nextDaysOff,
  nextExtraWorkdays,
  parseCheckinDayRule,
} from '../../domain/calendar.js';
import { parseDay } from '../../domain/dates.js';
import { addDays, isDay, shortDay, weekdayOf, type Day } from '../../domain/time.js';
import { UserError } from '../../domain/user-error.js';
import { branchCheckinDays, calendarFromSettings, dayList } from './calendar.js';

/** `设置 打卡日 / 休息日 / 上班日` (DESIGN §5 "Check-in days"); the rules are src/domain/calendar.ts. */

const CANCEL = /^(取消|撤销|删除|清除|清空)$/;
const WEEKDAY = ['一', '二', '三', '四', '五', '六', '日'];

/** A day for an override: '12-31' without a year means its next occurrence (today or later). */
function overrideDay(raw: string, today: Day): Day {
  const day = parseDay(raw, today);
  if (/^\d{4}/.test(raw.trim()) || day >= today) return day;
  const next = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
  return isDay(next) ? next : day;
}

/** The rule and what is coming: '工作日；接下来的休息日：…；调休上班：…'. */
function describeCalendar(ctx: CommandContext<unknown>): string {
  const cal = calendarFromSettings(ctx.settings);
  // Counted in days: 15 covers the next two or three holidays (国庆 alone is seven).
  const off = nextDaysOff(ctx.today, 15, cal.rule, cal.overrides);
  const extra = nextExtraWorkdays(ctx.today, 3, cal.rule, cal.overrides);
  const parts = [formatCheckinDayRule(cal.rule)];
  if (off.length) parts.push(`接下来的休息日：${describeDaysOff(off)}`);
  if (extra.length)
    parts.push(
      `另需打卡：${extra
        .map(
          (e) =>
            `${shortDay(e.day)}（周${WEEKDAY[weekdayOf(e.day) - 1]}）${e.why === 'makeup' ? `${e.name}调休上班` : '支部上班日'}`,
        )
        .join('、')}`,
    );
  // The coming months in a year the holiday data lacks: say so rather than list nothing.
  const note = branchCheckinDays(cal, ctx.today, addDays(ctx.today, 120)).note;
  if (note) parts.push(note.replace(/。$/, ''));
  return parts.join('；');
}

/**
 * One override list (休息日 or 上班日): `设置 休息日 12-31` adds, `设置 休息日 取消 12-31` (or
 * `12-31 取消`) removes one, `设置 休息日 取消` clears the list. A day is in at most one list.
 */
function overrideEntry(
  name: '休息日' | '上班日',
  key: 'daysOff' | 'extraWorkdays',
  other: 'daysOff' | 'extraWorkdays',
  usage: string,
): SettingEntry {
  return {
    name,
    usage,
    valueOptional: true,
    describe: (ctx) => {
      const list = dayList(ctx.settings[key]).filter((d) => d >= ctx.today);
      return list.length ? list.map(shortDay).join('、') : undefined;
    },
    apply(ctx, value) {
      const words = value.split(/\s+/).filter(Boolean);
      const cancel = words.some((w) => CANCEL.test(w));
      const days = words.filter((w) => !CANCEL.test(w)).map((w) => overrideDay(w, ctx.today));
      const mine = new Set(dayList(ctx.settings[key]));
      if (!cancel && days.length === 0) {
        const upcoming = [...mine].filter((d) => d >= ctx.today);
        return upcoming.length
          ? `支部${name}：${upcoming.map(shortDay).join('、')}。用法：${usage}`
          : `还没有设置支部${name}。用法：${usage}`;
      }
      if (days.length > 31) throw new UserError('一次最多设置 31 天。');
      if (cancel) {
        const gone = days.length ? days.filter((d) => mine.delete(d)) : [...mine];
        if (!days.length) mine.clear();
        setSetting(ctx.db, ctx.branch.id, key, [...mine].sort().join(','));
        if (!gone.length) return `${days.map(shortDay).join('、')} 本来就不是支部${name}。`;
        return `已取消支部${name}：${gone.map(shortDay).join('、')}，恢复按打卡日规则（${describeCalendar({ ...ctx, settings: { ...ctx.settings, [key]: [...mine].join(',') } })}）。`;
      }
      const others = new Set(dayList(ctx.settings[other]));
      for (const d of days) {
        mine.add(d);
        others.delete(d);
      }
      setSetting(ctx.db, ctx.branch.id, key, [...mine].sort().join(','));
      setSetting(ctx.db, ctx.branch.id, other, [...others].sort().join(','));
      const what = name === '休息日' ? '这些天不用打卡，不提醒、不计缺勤' : '这些天需要打卡，计入打卡率';
      return `已设 ${days.map((d) => `${shortDay(d)}（周${WEEKDAY[weekdayOf(d) - 1]}）`).join('、')} 为支部${name}：${what}。取消请发「设置 ${name} 取消 ${shortDay(days[0]!)}」。`;
    },
  };
}

export const calendarSettings: SettingEntry[] = [
  {
    name: '打卡日',
    usage: `设置 打卡日 工作日｜每天｜一至六｜一三五（${CHECKIN_DAY_RULE_HELP}）`,
    describe: describeCalendar,
    apply(ctx, value) {
      const rule = parseCheckinDayRule(value);
      const text = formatCheckinDayRule(rule);
      setSetting(ctx.db, ctx.branch.id, 'checkinDays', text);
      return `打卡日已设为：${describeCalendar({ ...ctx, settings: { ...ctx.settings, checkinDays: text } })}。休息日不提醒、不计缺勤。`;
    },
  },
  overrideEntry(
    '休息日',
    'daysOff',
    'extraWorkdays',
    '设置 休息日 12-31（支部自定休息日；取消：设置 休息日 取消 12-31）',
  ),
  overrideEntry(
    '上班日',
    'extraWorkdays',
    'daysOff',
    '设置 上班日 2027-01-02（支部自定需打卡的日子；取消：设置 上班日 取消 2027-01-02）',
  ),
];
