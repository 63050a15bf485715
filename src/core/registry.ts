import { getTableName } from 'drizzle-orm';
import type { Feature, Job, ReportSection, SettingEntry } from './feature.js';
import type { Merger, Preparer } from './outbox.js';
import { Router } from './router.js';
import { scheduleEntry } from './schedule-entry.js';

/** The features of one app, checked against each other, with their parts gathered by kind. */
export interface Registry {
  features: readonly Feature[];
  router: Router;
  settingDefaults: Readonly<Record<string, string>>;
  settingEntries: readonly SettingEntry[];
  /** Report sections in feature order, with the feature's name. */
  sections: readonly { name: string; section: ReportSection<unknown> }[];
  jobs: readonly Job[];
  mergers: ReadonlyMap<string, Merger>;
  preparers: ReadonlyMap<string, Preparer>;
}

/** Throws when two features claim the same thing; `what` names the kind in the message. */
function claim<T>(map: Map<string, T>, key: string, value: T, what: string, owner: string): void {
  if (map.has(key)) throw new Error(`${what}「${key}」重复（${owner}）`);
  map.set(key, value);
}

/**
 * Gathers the features' parts. Refuses at start a duplicate feature, command name or alias,
 * setting (name, alias or stored key), job id or job setting, merge kind, preparer or table.
 */
export function buildRegistry(features: readonly Feature[]): Registry {
  const names = new Map<string, Feature>();
  const router = new Router();
  const defaults = new Map<string, string>();
  const entryNames = new Map<string, SettingEntry>();
  const entries: SettingEntry[] = [];
  const jobIds = new Map<string, Job>();
  const jobs: Job[] = [];
  const mergers = new Map<string, Merger>();
  const preparers = new Map<string, Preparer>();
  const tables = new Map<string, string>();
  const sections: { name: string; section: ReportSection<unknown> }[] = [];

  for (const f of features) {
    claim(names, f.name, f, '功能', f.name);
    router.register(...(f.commands ?? []));
    for (const [key, value] of Object.entries(f.settings?.defaults ?? {})) {
      claim(defaults, key, value, '设置项', f.name);
    }
    for (const entry of f.settings?.entries ?? []) {
      for (const n of [entry.name, ...(entry.aliases ?? [])]) claim(entryNames, n, entry, '设置名', f.name);
      entries.push(entry);
    }
    for (const job of f.jobs ?? []) {
      claim(jobIds, job.id, job, '定时任务', f.name);
      claim(defaults, job.setting, job.defaultSchedule, '设置项', f.name);
      const entry = scheduleEntry(job);
      claim(entryNames, entry.name, entry, '设置名', f.name);
      entries.push(entry);
      jobs.push(job);
    }
    for (const [kind, merger] of Object.entries(f.mergers ?? {}))
      claim(mergers, kind, merger, '合并类型', f.name);
    for (const [kind, p] of Object.entries(f.preparers ?? {})) claim(preparers, kind, p, '文件类型', f.name);
    for (const table of f.tables ?? []) claim(tables, getTableName(table), f.name, '数据表', f.name);
    if (f.section) sections.push({ name: f.name, section: f.section });
  }
  return {
    features,
    router,
    settingDefaults: Object.fromEntries(defaults),
    settingEntries: entries,
    sections,
    jobs,
    mergers,
    preparers,
  };
}
