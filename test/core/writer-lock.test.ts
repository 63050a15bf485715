import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireWriterLock, WriterLockError } from '../../src/core/writer-lock.js';
import { tempDbPath } from '../helpers/harness.js';

const open: Database.Database[] = [];
afterEach(() => {
  for (const c of open.splice(0)) if (c.open) c.close();
});
const connect = (path: string) => {
  const c = new Database(path);
  c.pragma('journal_mode = WAL');
  open.push(c);
  return c;
};

describe('writer lease', () => {
  it('a holder on another host blocks until its heartbeat is stale, then is taken over; the loser hears of it', () => {
    const path = tempDbPath();
    let t = 1_000_000;
    const lost: string[] = [];
    const a = connect(path);
    acquireWriterLock(a, {
      now: () => t,
      host: 'host-a',
      pid: 10,
      heartbeatMs: 60_000,
      onLost: (m) => lost.push(m),
    });
    const b = connect(path);
    const tryB = () => acquireWriterLock(b, { now: () => t, host: 'host-b', pid: 20, staleMs: 15_000 });
    t += 14_000;
    expect(tryB).toThrow(WriterLockError);
    expect(tryB).toThrow(/pid 10，主机 host-a/);
    t += 1_000;
    expect(tryB).not.toThrow();
    const row = b.prepare('SELECT pid, host FROM writer_lock').get();
    expect(row).toEqual({ pid: 20, host: 'host-b' });
    // `a` closes and must not delete b's lease on the way out.
    a.close();
    expect(b.prepare('SELECT pid FROM writer_lock').get()).toEqual({ pid: 20 });
    expect(lost).toEqual([]);
  });

  it('a holder on this host whose pid is gone is stale at once; closing releases the lease', () => {
    const path = tempDbPath();
    const a = connect(path);
    acquireWriterLock(a, { host: 'h', pid: 10, isAlive: () => false });
    const b = connect(path);
    expect(() => acquireWriterLock(b, { host: 'h', pid: 11, isAlive: (p) => p === 10 })).toThrow(
      WriterLockError,
    );
    expect(() => acquireWriterLock(b, { host: 'h', pid: 11, isAlive: () => false })).not.toThrow();
    b.close();
    expect(connect(path).prepare('SELECT count(*) AS n FROM writer_lock').get()).toEqual({ n: 0 });
  });

  it('a process whose lease was taken over stops (onLost) instead of writing alongside', async () => {
    const path = tempDbPath();
    const lost: string[] = [];
    const a = connect(path);
    acquireWriterLock(a, { host: 'h', pid: 10, heartbeatMs: 20, onLost: (m) => lost.push(m) });
    const b = connect(path);
    acquireWriterLock(b, { host: 'h', pid: 11, isAlive: () => false });
    await new Promise((r) => setTimeout(r, 60));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toContain('pid 11');
  });
});
