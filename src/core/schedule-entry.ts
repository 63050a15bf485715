import { applyInput, describe, formatStored, parseStored } from '../domain/schedule.js';
import type { Job, SettingEntry } from './feature.js';
import { setSetting } from './settings.js';

const EXAMPLE = {
  minutely: '开',
  daily: '20:30',
  weekly: '周一 08:30',
  monthly: '1日 09:00',
  quarterly: '1日 09:00',
} as const;

/** `设置 提醒 20:30`, `设置 日报 关`, `设置 周报 周一 08:30`, `设置 月报 1日 09:00`: one per job. */
export function scheduleEntry(job: Job): SettingEntry {
  return {
    name: job.name,
    usage:
      job.cadence === 'minutely'
        ? `设置 ${job.name} 开｜关`
        : `设置 ${job.name} ${EXAMPLE[job.cadence]}｜开｜关`,
    describe: (ctx) => describe(parseStored(ctx.settings[job.setting]!, job.cadence), job.cadence),
    apply(ctx, value) {
      const next = applyInput(parseStored(ctx.settings[job.setting]!, job.cadence), value, job.cadence);
      setSetting(ctx.db, ctx.branch.id, job.setting, formatStored(next));
      return `${job.name}：${describe(next, job.cadence)}`;
    },
  };
}
