import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchApp, checkinMessage } from './fixtures.js';
import type { BenchResult } from './report.js';

const MB = 1024 * 1024;

/**
 * Resident memory after 100,000 messages through the whole path (inbox → handler → outbox → send):
 * 2,000 members checking in over 50 days, in bursts of 2,000 as at 08:00.
 */
async function measure(total: number, members: number): Promise<BenchResult> {
  const { app, clock, close } = benchApp('2026-01-01 08:00');
  globalThis.gc?.();
  const startRss = process.memoryUsage().rss / MB;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    app.inbox.accept(checkinMessage(i, clock.now(), members));
    if ((i + 1) % members === 0) {
      await app.inbox.idle();
      clock.advance(24 * 3600_000);
    }
  }
  await app.inbox.idle();
  const seconds = (performance.now() - started) / 1000;
  globalThis.gc?.();
  const rss = process.memoryUsage().rss / MB;
  const checkins = (app.db.$client.prepare('SELECT count(*) AS n FROM checkins').get() as { n: number }).n;
  close();
  if (checkins !== total) throw new Error(`memory bench: expected ${total} check-ins, found ${checkins}`);
  return {
    name: 'memory',
    value: Math.round(rss),
    unit: 'MB',
    baseline: Math.round(startRss),
    ratio: rss / startRss,
    budget: '<160MB',
    pass: rss < 160,
    extra: { messages: total, msgs_per_s: Math.round(total / seconds), baseline_is: 'rss_before_messages' },
  };
}

/** Runs in a fresh process, so what other benchmarks loaded does not count. */
export async function benchMemory(total = 100_000, members = 2000): Promise<BenchResult[]> {
  const child = spawnSync(
    process.execPath,
    // The flags `npm start` runs the app with (package.json): a small young generation.
    ['--expose-gc', '--max-semi-space-size=2', '--import', 'tsx', fileURLToPath(import.meta.url)],
    {
      env: { ...process.env, ZHIBU_MEMORY_BENCH: `${total},${members}` },
      encoding: 'utf8',
      maxBuffer: 16 * MB,
    },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{'))
    throw new Error(`memory bench failed: ${child.stderr.slice(-2000)}`);
  return [JSON.parse(line) as BenchResult];
}

if (process.env.ZHIBU_MEMORY_BENCH) {
  const [total, members] = process.env.ZHIBU_MEMORY_BENCH.split(',').map(Number) as [number, number];
  console.log(JSON.stringify(await measure(total, members)));
}
