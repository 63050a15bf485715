import { eq, sql } from 'drizzle-orm';
import { prepared, type Db } from './db.js';
import { branchSettings } from './schema.js';

/**
 * Branch settings with their defaults. Values are stored as strings; a setting is added here
 * (and to the `设置` command) without a migration.
 */
export const settingDefaults = {
  /** Check-in window 'HH:mm-HH:mm'; a check-in after its end is late. */
  checkinWindow: '05:00-09:00',
  /** How many past days 补卡 may reach. */
  makeupDays: '7',
  /** Largest single fund entry (捐款 or 支出), in fen: 10,000 元. */
  fundLimit: '1000000',
  /** 'on': a donation is pending until a committee member confirms it (确认); 'off': it counts at once. */
  fundConfirm: 'on',
  /** Schedules: 'on|off' then the time; weekly ones a weekday (1 = Monday), monthly ones a day of the month. */
  reminder: 'on 20:00',
  dailyReport: 'off 21:30',
  weeklyReport: 'on 1 09:00',
  monthlyReport: 'on 1 09:00',
  quarterlyReport: 'on 1 09:30',
  fundNotice: 'on 1 10:00',
} as const;

export type SettingKey = keyof typeof settingDefaults;
export type BranchSettings = Record<SettingKey, string>;

export function getSettings(db: Db, branchId: number): BranchSettings {
  const rows = prepared(db, 'getSettings', () =>
    db
      .select()
      .from(branchSettings)
      .where(eq(branchSettings.branchId, sql.placeholder('branch')))
      .prepare(),
  ).all({ branch: branchId });
  const out: Record<string, string> = { ...settingDefaults };
  for (const row of rows) if (Object.hasOwn(out, row.key)) out[row.key] = row.value;
  return out as BranchSettings;
}

export function setSetting(db: Db, branchId: number, key: SettingKey, value: string): void {
  db.insert(branchSettings)
    .values({ branchId, key, value })
    .onConflictDoUpdate({ target: [branchSettings.branchId, branchSettings.key], set: { value } })
    .run();
}
