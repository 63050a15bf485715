import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { backupDatabase, type Db } from '../core/db.js';

const BACKUP_NAME = /^zhibu-[\dTZ-]+\.db$/;

/** Oldest first: the ISO time in the name sorts, and 'X' before its same-millisecond twin 'X-1'. */
const byAge = (a: string, b: string) =>
  a.replace(/\.db$/, '').localeCompare(b.replace(/\.db$/, ''), 'en', { numeric: true });

/**
 * Online backup into `backups/` next to the database, keeping the newest `keep` copies (older
 * zhibu-*.db files there are removed; nothing else in the folder is touched). The answer's path
 * is relative to the data folder: an absolute server path tells a caller more than it needs.
 */
export async function backupWithRetention(
  db: Db,
  keep: number,
  at: Date,
): Promise<{ path: string; size: number; at: string; removed: string[] }> {
  const file = db.$client.name;
  const dataDir = dirname(file);
  const folder = join(dataDir, 'backups');
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let name = `zhibu-${stamp}.db`;
  for (let i = 1; existsSync(join(folder, name)); i++) name = `zhibu-${stamp}-${i}.db`;
  const path = join(folder, name);
  await backupDatabase(db, path);
  const copies = readdirSync(folder)
    .filter((f) => BACKUP_NAME.test(f))
    .sort(byAge);
  const removed = copies.slice(0, Math.max(0, copies.length - keep));
  for (const old of removed) rmSync(join(folder, old), { force: true });
  return { path: relative(dataDir, path), size: statSync(path).size, at: at.toISOString(), removed };
}
