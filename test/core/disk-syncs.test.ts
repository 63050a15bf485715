import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/**
 * Commits written to the WAL since it was last emptied. With `synchronous = FULL` each commit is
 * one fsync of the WAL (checkpoints, the other syncs, are switched off while counting), so this
 * counts disk syncs without timing anything. A frame whose header has a non-zero "database size
 * after commit" ends a commit; frames whose salt differs from the header's are stale leftovers.
 * (File format: https://www.sqlite.org/fileformat.html#the_write_ahead_log)
 */
function walCommits(dbPath: string): number {
  let wal: Buffer;
  try {
    wal = readFileSync(`${dbPath}-wal`);
  } catch {
    return 0;
  }
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}

/** Empties the WAL and stops automatic checkpoints, so every commit from now on stays countable. */
function startCounting(h: Harness): () => number {
  h.db.$client.pragma('wal_autocheckpoint = 0');
  h.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  expect(walCommits(h.dbPath)).toBe(0);
  return () => walCommits(h.dbPath);
}

const outboxRows = (h: Harness) =>
  h.db.$client.prepare('SELECT status, attempts FROM outbox ORDER BY id').all() as {
    status: string;
    attempts: number;
  }[];

describe('disk syncs per message', () => {
  it('a lone message costs at most two syncs from arrival to sent: accept+handle+freeze, then the sent mark', async () => {
    // (Before handling moved into the accepting transaction: four — accept, handle, freeze, mark.)
    h = await branchWithSecretary();
    const before = h.adapter.sent.length;
    const rowsBefore = outboxRows(h).length;
    const commits = startCounting(h);
    await h.app.sink(h.message('张三', '打卡'));
    // Durable when the sink resolves: one commit holds the inbox row, the check-in and the frozen reply.
    expect(commits()).toBe(1);
    expect(h.count('checkins')).toBe(1);
    await h.app.inbox.idle();
    expect(h.adapter.texts().slice(before)).toEqual([expect.stringContaining('张三 打卡成功')]);
    expect(outboxRows(h).slice(rowsBefore)).toEqual([{ status: 'sent', attempts: 1 }]);
    expect(commits()).toBeLessThanOrEqual(2);
  });

  it('a burst of 16 shares its syncs across accept, handle and send', async () => {
    h = await branchWithSecretary();
    const before = h.adapter.sent.length;
    const commits = startCounting(h);
    const names = Array.from({ length: 16 }, (_, i) => `成员${i}`);
    await Promise.all(names.map((n) => h.app.sink(h.message(n, '打卡'))));
    await h.app.inbox.idle();
    expect(h.count('checkins')).toBe(16);
    // Every member confirmed exactly once, in as few messages as the merge makes.
    const confirmed = h.adapter
      .texts()
      .slice(before)
      .join('\n')
      .match(/成员\d+/g);
    expect(confirmed?.sort()).toEqual([...names].sort());
    expect(outboxRows(h).filter((r) => r.status === 'pending')).toEqual([]);
    // Accept (the first handled at once), the rest handled together, the merged reply frozen, its
    // sent mark: a quarter of a sync per message at most, whatever the batch sizes.
    expect(commits()).toBeLessThanOrEqual(4);
  });

  it('a handler that fails keeps its inbox row (failed) and the apology still goes out', async () => {
    h = await branchWithSecretary();
    const before = h.adapter.sent.length;
    // A command whose handler throws an unexpected error: a check-in against a dropped table.
    h.db.$client.pragma('foreign_keys = OFF');
    h.db.$client.exec('ALTER TABLE checkins RENAME TO checkins_away');
    await h.app.sink(h.message('张三', '打卡'));
    await h.app.inbox.idle();
    h.db.$client.exec('ALTER TABLE checkins_away RENAME TO checkins');
    const rows = h.db.$client.prepare('SELECT status FROM inbox ORDER BY id DESC LIMIT 1').all();
    expect(rows).toEqual([{ status: 'failed' }]);
    expect(h.adapter.texts().slice(before)).toEqual([expect.stringContaining('抱歉，处理这条消息时出错了')]);
  });
});
