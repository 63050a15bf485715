import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { acquireWriterLock, type WriterLockOptions } from './writer-lock.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas acknowledged data relies on,
 * checks integrity, takes the single-writer lease when asked (`writerLock`, see writer-lock.ts)
 * and applies pending migrations. Throws if the file is empty, corrupt or held by another process.
 */
export function openDatabase(path: string, o: { writerLock?: WriterLockOptions } = {}): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    // SQLite opens a zero-byte file as a new empty database; here it is far more likely a backup
    // copy or restore that went wrong, and starting anew would hide every record without a word.
    if (existsSync(path) && statSync(path).size === 0) {
      throw new Error(
        `数据库文件 ${path} 是空的（0 字节），可能是备份或恢复没有完成。请从备份恢复；如确要从零开始，请先删除这个文件。`,
      );
    }
  }
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge the message or ledger entry it holds.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // Savepoints (one per event and per command) journal the pages they change; on a file that
  // journal costs system calls per message, in memory it costs a copy (a burst ran 1.35× faster).
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('foreign_keys = ON');
  const check = sqlite.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    sqlite.close();
    throw new Error(`数据库文件损坏（${path}）：${String(check)}。请从备份恢复。`);
  }
  if (o.writerLock) {
    try {
      acquireWriterLock(sqlite, o.writerLock);
    } catch (err) {
      sqlite.close();
      throw err;
    }
  }
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/**
 * Drizzle prepares a statement for every query; preparing costs more than running a small query,
 * so statements are reused by their SQL text. A reused reader is put back into object mode
 * because drizzle switches some to raw (array) mode.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite) as (
    source: string,
    ...internal: unknown[]
  ) => Database.Statement;
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string, ...internal: unknown[]) => {
    if (internal.length > 0) return prepare(source, ...internal); // better-sqlite3's own pragma() calls
    let stmt = cache.get(source);
    if (!stmt) {
      if (cache.size >= 1000) cache.clear();
      stmt = prepare(source);
      cache.set(source, stmt);
    } else if (stmt.reader) {
      stmt.raw(false);
    }
    return stmt;
  }) as Database.Database['prepare'];
}

const preparedQueries = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per database and reused: a drizzle query (`.prepare()` with
 * `sql.placeholder`), or on the per-message path a plain better-sqlite3 statement. Building a
 * query costs more than running it, and the hot path runs a dozen per message.
 */
export function prepared<T>(db: Db, key: string, build: () => T): T {
  let queries = preparedQueries.get(db);
  if (!queries) preparedQueries.set(db, (queries = new Map()));
  let query = queries.get(key) as T | undefined;
  if (query === undefined) queries.set(key, (query = build()));
  return query;
}

interface TransactionStatements {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}
const transactionStatements = new WeakMap<Database.Database, TransactionStatements>();

function statementsOf(client: Database.Database): TransactionStatements {
  let s = transactionStatements.get(client);
  if (!s) {
    const p = (sql: string) => client.prepare(sql);
    s = {
      begin: p('BEGIN IMMEDIATE'),
      commit: p('COMMIT'),
      rollback: p('ROLLBACK'),
      savepoint: p('SAVEPOINT zhibu'),
      release: p('RELEASE zhibu'),
      rollbackTo: p('ROLLBACK TO zhibu'),
    };
    transactionStatements.set(client, s);
  }
  return s;
}

/**
 * Runs `fn` in a write transaction (a savepoint when already inside one). What better-sqlite3's
 * `transaction()` does, without building four wrapper functions per call: the message path runs
 * three of these per event.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  const client = db.$client;
  const s = statementsOf(client);
  const nested = client.inTransaction;
  (nested ? s.savepoint : s.begin).run();
  try {
    const result = fn();
    (nested ? s.release : s.commit).run();
    return result;
  } catch (err) {
    // SQLite may already have rolled back (e.g. SQLITE_FULL); then there is nothing to undo.
    if (client.inTransaction) {
      if (nested) {
        s.rollbackTo.run();
        s.release.run();
      } else {
        s.rollback.run();
      }
    }
    throw err;
  }
}

/** Online backup to `destination` while the app keeps running (SQLite's backup API). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  mkdirSync(dirname(destination), { recursive: true });
  await db.$client.backup(destination);
}
