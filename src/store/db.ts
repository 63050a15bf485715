import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas acknowledged data relies on,
 * checks integrity and applies pending migrations. Throws if the file is corrupt.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge the message or ledger entry it holds.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const check = sqlite.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    sqlite.close();
    throw new Error(`数据库文件损坏（${path}）：${String(check)}。请从备份恢复。`);
  }
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/** Runs `fn` in a write transaction (a savepoint when already inside one). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/** Online backup to `destination` while the app keeps running (SQLite's backup API). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  mkdirSync(dirname(destination), { recursive: true });
  await db.$client.backup(destination);
}
