import { settingHandlers, type SettingHandler } from '../settings/command.js';
import { setSetting } from '../../core/settings.js';
import { jobs } from './jobs.js';
import { applyInput, describe, formatStored, parseStored } from '../../domain/schedule.js';

/** `设置 提醒 20:30`, `设置 日报 关`, `设置 周报 周一 08:30`, `设置 月报 1日 09:00` … one per job. */
const scheduleSettings: SettingHandler[] = jobs.map((job) => ({
  name: job.name,
  usage: `设置 ${job.name} ${job.cadence === 'weekly' ? '周一 08:30' : job.cadence === 'daily' ? '20:30' : '1日 09:00'}｜开｜关`,
  describe: (ctx) => describe(parseStored(ctx.settings[job.setting], job.cadence), job.cadence),
  apply(ctx, value) {
    const next = applyInput(parseStored(ctx.settings[job.setting], job.cadence), value, job.cadence);
    setSetting(ctx.db, ctx.branch.id, job.setting, formatStored(next));
    return `${job.name}：${describe(next, job.cadence)}`;
  },
}));

settingHandlers.push(...scheduleSettings);
