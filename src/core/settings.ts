import { prepared, type Db } from './db.js';
import { branchSettings } from './schema.js';

/**
 * A branch's settings: the stored values over the features' defaults. Values are strings; a
 * feature adds a setting (with its default) without a migration.
 */
export function getSettings(
  db: Db,
  branchId: number,
  defaults: Readonly<Record<string, string>>,
): Record<string, string> {
  // A plain statement: every command reads its branch's settings.
  const rows = prepared(db, 'getSettings', () =>
    db.$client.prepare<[number], { key: string; value: string }>(
      'SELECT key, value FROM branch_settings WHERE branch_id = ?',
    ),
  ).all(branchId);
  const out: Record<string, string> = { ...defaults };
  // Only keys some feature declares: a setting left by a removed feature (or a stored key like
  // `__proto__`) is ignored.
  for (const row of rows) if (Object.hasOwn(defaults, row.key)) out[row.key] = row.value;
  return out;
}

export function setSetting(db: Db, branchId: number, key: string, value: string): void {
  db.insert(branchSettings)
    .values({ branchId, key, value })
    .onConflictDoUpdate({ target: [branchSettings.branchId, branchSettings.key], set: { value } })
    .run();
}
