import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db.js';
import { INLINE_PER_BATCH, Inbox } from '../../src/core/inbox.js';
import { buildRegistry } from '../../src/core/registry.js';
import { features } from '../../src/features/index.js';
import { Harness, silentLog, TZ } from '../helpers/harness.js';
import { waitFor } from './app-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DONATIONS = 600;
const DONORS = 60;

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A process running test/reliability/inbox-worker.ts on `dbPath`; its standard output is kept. */
function worker(dbPath: string, now: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/reliability/inbox-worker.ts', dbPath, String(now)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const out = { stdout: '', stderr: '', code: undefined as number | null | undefined };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
  child.once('exit', (code) => (out.code = code));
  return { child, out };
}

describe('two inboxes on one database file (issue 13, point 1)', { timeout: 90_000 }, () => {
  it('two processes handling the same 600 pending donations at once record each exactly once; 公示 verifies', async () => {
    // A branch with its secretary, then 600 donations accepted but not yet handled (as a crash
    // or a burst leaves them): the rows both processes find pending.
    const h = await new Harness().start();
    dirs.push(dirname(h.dbPath));
    await h.say('书记', '帮助', { chatOwnerId: '书记' });
    const now = h.clock.now();
    await h.stop();

    const db = openDatabase(h.dbPath);
    const intake = new Inbox({
      db,
      registry: buildRegistry(features),
      clock: h.clock,
      tz: TZ,
      log: silentLog,
    });
    intake.scheduleProcessing = () => {}; // only store: the two workers do the handling
    db.$client.transaction(() => {
      for (let i = 0; i < DONATIONS; i++) {
        const donor = `党员${String(i % DONORS).padStart(2, '0')}`;
        expect(intake.accept(h.message(donor, '捐款 1')).accepted).toBe(true);
      }
    })();
    // The first events of a batch may be handled as they are stored (in the accepting transaction).
    const pending = (
      db.$client.prepare("SELECT count(*) AS n FROM inbox WHERE status = 'pending'").get() as { n: number }
    ).n;
    expect(pending).toBeGreaterThanOrEqual(DONATIONS - INLINE_PER_BATCH);
    db.$client.close();

    const a = worker(h.dbPath, now);
    const b = worker(h.dbPath, now);
    const both = [a, b];
    await waitFor(
      () => both.every((w) => w.out.stdout.includes('ready')),
      60_000,
      () => both.map((w) => w.out.stderr).join('\n'),
    );
    for (const w of both) w.child.stdin!.end('go\n');
    await waitFor(
      () => both.every((w) => w.out.code !== undefined),
      60_000,
      () => both.map((w) => w.out.stdout + w.out.stderr).join('\n'),
    );
    for (const w of both) expect(w.out.code, w.out.stderr).toBe(0);
    const handled = both.map((w) => Number(/handled (\d+)/.exec(w.out.stdout)?.[1]));
    // Every row handled by exactly one of them (which one is up to the race).
    expect(handled[0]! + handled[1]!).toBe(pending);

    await h.start();
    const count = (sql: string) => (h.db.$client.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM fund_entries WHERE kind = 'donation'")).toBe(DONATIONS);
    expect(count('SELECT count(*) AS n FROM fund_entries')).toBe(DONATIONS);
    expect(count("SELECT count(*) AS n FROM inbox WHERE status <> 'done'")).toBe(0);
    // Entry numbers 1…600 without gap or repeat.
    expect(count('SELECT count(DISTINCT seq) AS n FROM fund_entries')).toBe(DONATIONS);
    expect(count('SELECT max(seq) AS n FROM fund_entries')).toBe(DONATIONS);
    // Each donation answered once: the replies both processes wrote go out on this start.
    h.app.sender.wake();
    await h.app.inbox.idle();
    const thanks = h.adapter.texts().filter((t) => t.startsWith('🙏 #'));
    expect(thanks).toHaveLength(DONATIONS);
    expect(new Set(thanks.map((t) => /^🙏 #(\d+) /.exec(t)![1])).size).toBe(DONATIONS);
    const replies = await h.say('书记', '公示');
    const notice = replies.at(-1) ?? '';
    expect(notice).toContain('📢 第一党支部 · 党内关怀基金公示');
    expect(notice).toContain(`待确认 ${DONATIONS} 笔，共 ${DONATIONS}.00 元`);
    expect(notice).toContain(`✅ 账本校验通过：共 ${DONATIONS} 条记录`);
    await h.stop();
  });
});
