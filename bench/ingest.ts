import Database from 'better-sqlite3';
import { benchApp, checkinMessage, tempFile } from './fixtures.js';
import type { BenchResult } from './report.js';

/** The baseline: one autocommit INSERT per message on a file database with the same pragmas. */
function baselineInserts(n: number): number {
  const { path, cleanup } = tempFile();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('temp_store = MEMORY');
  db.exec('CREATE TABLE messages (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, payload TEXT)');
  const insert = db.prepare('INSERT INTO messages (message_id, payload) VALUES (?, ?)');
  const started = performance.now();
  for (let i = 0; i < n; i++) insert.run(`m${i}`, JSON.stringify({ text: '打卡', sender: `u${i}` }));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  cleanup();
  return n / seconds;
}

/**
 * Check-ins from distinct members through inbox → router → handler → outbox → send, fed through
 * the sink adapters get (group commit), `inFlight` at a time: 16 models the 08:00 burst, 1 a
 * quiet group where each message is durable before the next arrives. `known`: every member
 * checked in the day before (outside the timing), so the bot knows them, as it does a quiet
 * group's members; otherwise each message is its sender's first and also registers them.
 */
async function zhibuPath(n: number, inFlight: number, known = false): Promise<number> {
  const { app, clock, close } = benchApp();
  const sink = app.sink;
  const feed = async (at: number, prefix: string, concurrency: number) => {
    let next = 0;
    const sender = async () => {
      while (next < n) {
        const i = next++;
        await sink({ ...checkinMessage(i, at), messageId: `${prefix}${i}` });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
    await app.inbox.idle();
  };
  if (known) await feed(clock.now() - 86_400_000, 'yesterday-', 16);
  const started = performance.now();
  await feed(clock.now(), 'm', inFlight);
  const seconds = (performance.now() - started) / 1000;
  const checkins = (app.db.$client.prepare('SELECT count(*) AS n FROM checkins').get() as { n: number }).n;
  close();
  const expected = known ? 2 * n : n;
  if (checkins !== expected)
    throw new Error(`ingest bench: expected ${expected} check-ins, found ${checkins}`);
  return n / seconds;
}

export async function benchIngest(n = 3000): Promise<BenchResult[]> {
  await zhibuPath(200, 16); // warm up the JIT and the module graph
  baselineInserts(200);
  // Alternate and keep the best of three each, so a noisy neighbour hurts both sides alike.
  let baseline = 0;
  let burst = 0;
  let serial = 0;
  let first = 0;
  for (let round = 0; round < 3; round++) {
    baseline = Math.max(baseline, baselineInserts(n));
    burst = Math.max(burst, await zhibuPath(n, 16));
    serial = Math.max(serial, await zhibuPath(n, 1, true));
    first = Math.max(first, await zhibuPath(n, 1));
  }
  const ratio = burst / baseline;
  const serialRatio = serial / baseline;
  return [
    {
      name: 'ingest',
      value: Math.round(burst),
      unit: 'msgs/s',
      baseline: Math.round(baseline),
      ratio,
      budget: '>=1.0x',
      pass: ratio >= 1.0,
      extra: { messages: n, in_flight: 16 },
    },
    {
      // A lone message from a member the bot knows, each durable before the next arrives: at most
      // two disk syncs each. `first_*`: the same when each is its sender's first message ever,
      // which also writes the member and identity rows (four more b-tree pages per commit).
      name: 'ingest_serial',
      value: Math.round(serial),
      unit: 'msgs/s',
      baseline: Math.round(baseline),
      ratio: serialRatio,
      budget: '>=0.4x',
      pass: serialRatio >= 0.4,
      extra: {
        messages: n,
        in_flight: 1,
        serial_ratio: serialRatio.toFixed(2),
        first_message_value: Math.round(first),
        first_message_ratio: (first / baseline).toFixed(2),
      },
    },
  ];
}
