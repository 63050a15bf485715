import type { SettingEntry } from '../../core/feature.js';
import { setSetting } from '../../core/settings.js';
import { formatWindow, parseWindow } from '../../domain/checkin-window.js';
import { UserError } from '../../domain/user-error.js';
import { calendarSettings } from './calendar-settings.js';

export const checkinDefaults = {
  /** Check-in window 'HH:mm-HH:mm'; a check-in after its end is late. */
  checkinWindow: '05:00-09:00',
  /** How many past days 补卡 may reach. */
  makeupDays: '7',
  /** Which days are check-in days (DESIGN §5): 工作日 (statutory calendar), 每天, or weekdays (周一至周六). */
  checkinDays: '工作日',
  /** The branch's own days off and extra check-in days: comma lists of YYYY-MM-DD. */
  daysOff: '',
  extraWorkdays: '',
};

export const checkinSettings: SettingEntry[] = [
  ...calendarSettings,
  {
    name: '打卡时间',
    usage: '设置 打卡时间 05:00-09:00（晚于结束时间算迟到）',
    describe: (ctx) => ctx.settings.checkinWindow!,
    apply(ctx, value) {
      const window = formatWindow(parseWindow(value));
      setSetting(ctx.db, ctx.branch.id, 'checkinWindow', window);
      return `打卡时间已设为 ${window}，${window.split('-')[1]} 以后打卡记为迟到。`;
    },
  },
  {
    name: '补卡天数',
    aliases: ['补卡'],
    usage: '设置 补卡天数 7（可补最近几天的卡，0–31）',
    describe: (ctx) => `${ctx.settings.makeupDays} 天`,
    apply(ctx, value) {
      const n = Number(value.replace(/天$/, ''));
      if (!Number.isInteger(n) || n < 0 || n > 31) throw new UserError('补卡天数请写 0 到 31 之间的整数。');
      setSetting(ctx.db, ctx.branch.id, 'makeupDays', String(n));
      return `补卡天数已设为 ${n} 天。`;
    },
  },
];
