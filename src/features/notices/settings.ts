import type { SettingEntry } from '../../core/feature.js';
import { setSetting } from '../../core/settings.js';
import { DEFAULT_FOLLOW_UP_MINUTES, formatMinutes, parseFollowUp } from './parse.js';

export const noticeDefaults = {
  /** Minutes after posting when those who have not answered are @mentioned once; '0' is off. */
  noticeFollowUpMinutes: String(DEFAULT_FOLLOW_UP_MINUTES),
};

/** `设置 通知提醒 4小时` / `关`. */
export const noticeSettings: SettingEntry[] = [
  {
    name: '通知提醒',
    usage: '设置 通知提醒 4小时｜30分钟｜关（通知发出后多久提醒未回复的人，只提醒一次）',
    describe: (ctx) => {
      const m = Number(ctx.settings.noticeFollowUpMinutes);
      return m > 0 ? `发出 ${formatMinutes(m)}后提醒未回复的人` : '关';
    },
    apply(ctx, value) {
      const minutes = parseFollowUp(value);
      setSetting(ctx.db, ctx.branch.id, 'noticeFollowUpMinutes', String(minutes));
      return minutes > 0
        ? `通知提醒：发出 ${formatMinutes(minutes)}后，@ 仍未回复「收到」的人提醒一次（截止前）。`
        : '通知提醒已关闭：不再自动提醒未回复的人（截止时仍会私信发布人未回复名单）。';
    },
  },
];
