import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { groupCommitSink } from '../../src/core/group-commit.js';
import { Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('group-commit sink', () => {
  it('stores every message of a burst in one transaction, each caller resolving after the commit', async () => {
    h = await new Harness().start();
    const reader = new Database(h.dbPath, { readonly: true });
    const visibleToOthers: number[] = [];
    const sink = groupCommitSink(h.db, (m) => {
      visibleToOthers.push((reader.prepare('SELECT count(*) AS n FROM inbox').get() as { n: number }).n);
      return h.app.inbox.accept(m);
    });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => sink(h.message(`u${i}`, '打卡'))));
    expect(results.every((r) => r.accepted)).toBe(true);
    // Nothing was committed until the whole burst was written; then all of it was.
    expect(new Set(visibleToOthers)).toEqual(new Set([0]));
    expect((reader.prepare('SELECT count(*) AS n FROM inbox').get() as { n: number }).n).toBe(50);
    reader.close();
  });

  it('rejects an invalid message alone and reports duplicates as not accepted', async () => {
    h = await new Harness().start();
    const sink = groupCommitSink(h.db, (m) => h.app.inbox.accept(m));
    const good = h.message('张三', '打卡');
    const outcomes = await Promise.allSettled([
      sink(good),
      sink({ ...h.message('李四', '打卡'), sentAt: -1 }),
      sink(good),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.accepted : null))).toEqual([
      true,
      null,
      false,
    ]);
    expect(h.count('inbox')).toBe(1);
  });
});
