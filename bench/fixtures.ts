import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../src/app.js';
import { FixedClock } from '../src/core/clock.js';
import type { Adapter, AdapterState, IncomingMessage, EventSink } from '../src/core/message.js';
import { instantOf } from '../src/domain/time.js';
import { openDatabase } from '../src/core/db.js';

export const TZ = 'Asia/Shanghai';

/** Accepts every send at once: benchmarks measure zhibu, not a platform. */
export class NullAdapter implements Adapter {
  readonly name = 'bench';
  readonly sendIntervalMs = 0;
  state: AdapterState = 'running';
  sent = 0;
  async start(_: EventSink) {}
  async stop() {}
  async send() {
    this.sent++;
  }
  async members() {
    return { members: [] };
  }
}

export function tempFile(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-bench-'));
  return { path: join(dir, 'bench.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real app on a fresh file database with a null adapter and a fixed clock. */
export function benchApp(start = '2026-11-02 08:00'): {
  app: App;
  clock: FixedClock;
  adapter: NullAdapter;
  close: () => void;
} {
  const { path, cleanup } = tempFile();
  const db = openDatabase(path);
  const clock = new FixedClock(instantOf(start.slice(0, 10), start.slice(11), TZ));
  const adapter = new NullAdapter();
  const app = buildApp({ db, clock, tz: TZ, log: pino({ level: 'silent' }), adapters: [adapter] });
  return {
    app,
    clock,
    adapter,
    close: () => {
      app.sender.stop();
      db.$client.close();
      cleanup();
    },
  };
}

/**
 * A branch has at most 50 members (党章: a larger one becomes a 党总支), so the 08:00 burst of a
 * 党委's deployment is many branch groups answering the same reminder: member `i` is in group
 * `i / BRANCH_SIZE`.
 */
export const BRANCH_SIZE = 50;

export function checkinMessage(
  i: number,
  sentAt: number,
  members = Number.MAX_SAFE_INTEGER,
): IncomingMessage {
  const group = Math.floor((i % members) / BRANCH_SIZE);
  return {
    platform: 'bench',
    messageId: `m${i}`,
    chatId: `group${group}`,
    chatTitle: `基准第${group + 1}支部`,
    chatType: 'group',
    senderId: `u${i % members}`,
    senderName: `成员${i % members}`,
    text: '打卡',
    sentAt,
  };
}
