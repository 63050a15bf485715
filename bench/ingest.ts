import Database from 'better-sqlite3';
import { benchApp, checkinMessage, tempFile } from './fixtures.js';
import type { BenchResult } from './report.js';

/** The baseline: one autocommit INSERT per message on a file database with the same pragmas. */
function baselineInserts(n: number): number {
  const { path, cleanup } = tempFile();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE messages (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, payload TEXT)');
  const insert = db.prepare('INSERT INTO messages (message_id, payload) VALUES (?, ?)');
  const started = performance.now();
  for (let i = 0; i < n; i++) insert.run(`m${i}`, JSON.stringify({ text: '打卡', sender: `u${i}` }));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  cleanup();
  return n / seconds;
}

/** Check-ins from distinct members through inbox → router → handler → outbox → send. */
async function zhibuPath(n: number): Promise<number> {
  const { app, clock, close } = benchApp();
  const started = performance.now();
  for (let i = 0; i < n; i++) app.bot.accept(checkinMessage(i, clock.now()));
  await app.bot.idle();
  const seconds = (performance.now() - started) / 1000;
  const checkins = (app.db.$client.prepare('SELECT count(*) AS n FROM checkins').get() as { n: number }).n;
  close();
  if (checkins !== n) throw new Error(`ingest bench: expected ${n} check-ins, found ${checkins}`);
  return n / seconds;
}

export async function benchIngest(n = 3000): Promise<BenchResult[]> {
  await zhibuPath(200); // warm up the JIT and the module graph
  baselineInserts(200);
  // Alternate and keep the best of three each, so a noisy neighbour hurts both sides alike.
  let baseline = 0;
  let value = 0;
  for (let round = 0; round < 3; round++) {
    baseline = Math.max(baseline, baselineInserts(n));
    value = Math.max(value, await zhibuPath(n));
  }
  const ratio = value / baseline;
  return [{ name: 'ingest', value: Math.round(value), unit: 'msgs/s', baseline: Math.round(baseline), ratio, budget: '>=0.5x', pass: ratio >= 0.5, extra: { messages: n } }];
}
