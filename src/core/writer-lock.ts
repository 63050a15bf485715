import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';

/**
 * One writer per database file, as a lease row inside the database itself.
 *
 * Why a lease row and not a lock file (proper-lockfile): the lease lives in the file it guards,
 * so it follows the database wherever it is copied or mounted, is taken in the same
 * `BEGIN IMMEDIATE` that SQLite already serialises (two processes starting together cannot both
 * win), and can say who holds it (pid, host, since when) without a second file to keep in step.
 * A lock file's staleness is only its age (proper-lockfile: 10 s by default), so a restart right
 * after kill -9 would be refused; here a holder on this host whose pid is gone is stale at once,
 * and a holder elsewhere once its heartbeat is older than `staleMs`. The cost is one small
 * UPDATE every `heartbeatMs`.
 */

export interface WriterLockOptions {
  /** A holder whose heartbeat is older than this is gone (default 15 s). */
  staleMs?: number;
  /** How often the holder renews its lease (default 5 s; must be well under staleMs). */
  heartbeatMs?: number;
  /** Called when another process has taken the lease (this one stalled past staleMs). */
  onLost?: (message: string) => void;
  /** Wall-clock time: the lease is about real processes, never the bot's simulated clock. */
  now?: () => number;
  pid?: number;
  host?: string;
  /** Whether a pid is running on this host. */
  isAlive?: (pid: number) => boolean;
}

/** Thrown when another live process holds the database; its message is the one line to print. */
export class WriterLockError extends Error {}

export interface WriterLock {
  /** Stops the heartbeat and gives the lease up (also done by closing the database). */
  release(): void;
}

interface LeaseRow {
  token: string;
  pid: number;
  host: string;
  since: number;
  heartbeat: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The server's local time, as an operator reads the clock on that machine. */
function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * Takes the database's writer lease or throws WriterLockError naming the live holder. Call it
 * before migrating, so two versions never migrate the same file at once.
 */
export function acquireWriterLock(sqlite: Database.Database, o: WriterLockOptions = {}): WriterLock {
  const staleMs = o.staleMs ?? 15_000;
  const heartbeatMs = o.heartbeatMs ?? 5_000;
  const now = o.now ?? Date.now;
  const pid = o.pid ?? process.pid;
  const host = o.host ?? hostname();
  const isAlive = o.isAlive ?? pidAlive;
  const token = randomUUID();
  // Created here rather than by a migration: the lease is taken before migrations run.
  sqlite.exec(`CREATE TABLE IF NOT EXISTS writer_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL,
    since INTEGER NOT NULL, heartbeat INTEGER NOT NULL)`);

  const holds = (row: LeaseRow, at: number): boolean => {
    if (at - row.heartbeat >= staleMs) return false;
    // On this host a dead pid (or our own pid, from an earlier life in a container) is stale now.
    if (row.host === host && (row.pid === pid || !isAlive(row.pid))) return false;
    return true;
  };

  sqlite
    .transaction(() => {
      const at = now();
      const row = sqlite.prepare('SELECT * FROM writer_lock WHERE id = 1').get() as LeaseRow | undefined;
      if (row && holds(row, at)) {
        throw new WriterLockError(
          `数据库 ${sqlite.name} 已由另一个 zhibu 进程使用（pid ${row.pid}，主机 ${row.host}，自 ${localTime(row.since)} 起，` +
            `${Math.round((at - row.heartbeat) / 1000)} 秒前仍在运行）。同一个数据库只能由一个进程写入：请先停止它，或用 DATABASE_PATH 换一个文件。`,
        );
      }
      sqlite
        .prepare(
          `INSERT INTO writer_lock (id, token, pid, host, since, heartbeat) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
             since = excluded.since, heartbeat = excluded.heartbeat`,
        )
        .run(token, pid, host, at, at);
    })
    .immediate();

  let released = false;
  const beat = () => {
    if (released || !sqlite.open) return;
    try {
      const renewed = sqlite
        .prepare('UPDATE writer_lock SET heartbeat = ? WHERE id = 1 AND token = ?')
        .run(now(), token).changes;
      if (renewed === 0) {
        released = true;
        clearInterval(timer);
        const row = sqlite.prepare('SELECT * FROM writer_lock WHERE id = 1').get() as LeaseRow | undefined;
        o.onLost?.(
          `数据库写入权已被另一个进程接管（${row ? `pid ${row.pid}，主机 ${row.host}` : '租约被删除'}）：本进程停止，以免两个进程同时写入。`,
        );
      }
    } catch {
      // Busy for longer than busy_timeout: the next beat tries again, well within staleMs.
    }
  };
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();

  const release = () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    if (sqlite.open) sqlite.prepare('DELETE FROM writer_lock WHERE id = 1 AND token = ?').run(token);
  };
  // Closing the database gives the lease up, wherever it is closed from (stopApp, tests).
  const close = sqlite.close.bind(sqlite);
  sqlite.close = () => {
    try {
      release();
    } catch {
      // A database that cannot be written any more still closes; the lease goes stale.
    }
    return close();
  };
  return { release };
}
