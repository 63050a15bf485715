import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { FixedClock } from '../src/core/clock.js';
import type { Adapter, AdapterState, IncomingMessage, MessageSink } from '../src/core/message.js';
import { instantOf } from '../src/domain/time.js';
import { openDatabase } from '../src/store/db.js';
import type { BenchResult } from './report.js';

/** Accepts every send at once: the benchmark measures zhibu, not a platform. */
class NullAdapter implements Adapter {
  readonly name = 'bench';
  readonly sendIntervalMs = 0;
  state: AdapterState = 'running';
  sent = 0;
  async start(_: MessageSink) {}
  async stop() {}
  async send() {
    this.sent++;
  }
  async members() {
    return { members: [] };
  }
}

function tempFile(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-bench-'));
  return { path: join(dir, 'bench.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

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
  const { path, cleanup } = tempFile();
  const db = openDatabase(path);
  const clock = new FixedClock(instantOf('2026-11-02', '08:00', 'Asia/Shanghai'));
  const adapter = new NullAdapter();
  const app = buildApp({ db, clock, tz: 'Asia/Shanghai', log: pino({ level: 'silent' }), adapters: [adapter] });
  const message = (i: number): IncomingMessage => ({
    platform: 'bench',
    messageId: `m${i}`,
    chatId: 'group',
    chatTitle: '基准支部',
    chatType: 'group',
    senderId: `u${i}`,
    senderName: `成员${i}`,
    text: '打卡',
    sentAt: clock.now(),
  });
  const started = performance.now();
  for (let i = 0; i < n; i++) app.bot.accept(message(i));
  await app.bot.idle();
  const seconds = (performance.now() - started) / 1000;
  const checkins = (db.$client.prepare('SELECT count(*) AS n FROM checkins').get() as { n: number }).n;
  if (checkins !== n) throw new Error(`ingest bench: expected ${n} check-ins, found ${checkins}`);
  app.sender.stop();
  db.$client.close();
  cleanup();
  return n / seconds;
}

export async function benchIngest(n = 3000): Promise<BenchResult[]> {
  await zhibuPath(200); // warm up the JIT and the module graph
  baselineInserts(200);
  const baseline = baselineInserts(n);
  const value = await zhibuPath(n);
  const ratio = value / baseline;
  return [{ name: 'ingest', value: Math.round(value), unit: 'msgs/s', baseline: Math.round(baseline), ratio, budget: '>=0.5x', pass: ratio >= 0.5, extra: { messages: n } }];
}
