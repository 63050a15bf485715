import { rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLarkServer } from '../helpers/fake-lark-server.js';
import { tempDbPath } from '../helpers/harness.js';
import {
  TEST_APP_ID,
  TEST_APP_SECRET,
  TEST_ENCRYPT_KEY,
  TEST_VERIFICATION_TOKEN,
} from '../helpers/lark-events.js';
import { AppProcess, freePort, waitFor } from './app-process.js';

let fake: FakeLarkServer;
const apps: AppProcess[] = [];
const dirs: string[] = [];

const envFor = (dbPath: string): Record<string, string> => ({
  ZHIBU_ADAPTERS: 'lark',
  LARK_MODE: 'webhook',
  LARK_APP_ID: TEST_APP_ID,
  LARK_APP_SECRET: TEST_APP_SECRET,
  LARK_ENCRYPT_KEY: TEST_ENCRYPT_KEY,
  LARK_VERIFICATION_TOKEN: TEST_VERIFICATION_TOKEN,
  LARK_DOMAIN: fake.url,
  DATABASE_PATH: dbPath,
  LOG_LEVEL: 'warn',
});

async function start(dbPath: string): Promise<AppProcess> {
  const app = AppProcess.start(envFor(dbPath), await freePort());
  apps.push(app);
  return app;
}

async function exited(app: AppProcess): Promise<void> {
  await waitFor(
    () => !app.alive,
    20_000,
    () => `the process did not exit:\n${app.log}`,
  );
}

beforeAll(async () => {
  fake = await FakeLarkServer.start();
});
afterAll(async () => {
  for (const app of apps) await app.kill();
  await fake?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('one writer per database file (two real processes)', { timeout: 90_000 }, () => {
  it('a second process exits at once naming the first; after kill -9 of the first a restart is not blocked', async () => {
    const dbPath = tempDbPath();
    dirs.push(dirname(dbPath));
    const first = await start(dbPath);
    await first.ready();

    const second = await start(dbPath);
    await exited(second);
    expect(second.exitCode).toBe(1);
    expect(second.log).toContain('已由另一个 zhibu 进程使用');
    expect(second.log).toContain(`pid ${first.child.pid}`);
    expect(second.log).toContain(`主机 ${hostname()}`);
    expect(second.log).toMatch(/自 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 起/);
    // The first one is untouched by the attempt.
    expect((await first.get('/healthz')).status).toBe(200);

    // A power cut: the lock row stays behind, but its process is gone on this host.
    await first.kill();
    const restarted = await start(dbPath);
    await restarted.ready();
    expect(restarted.alive).toBe(true);
  });

  it('a console started on the database of a running server exits at once naming the server', async () => {
    const dbPath = tempDbPath();
    dirs.push(dirname(dbPath));
    const server = await start(dbPath);
    await server.ready();
    // An operator trying the console on the production file (another PORT, same DATABASE_PATH).
    const console = AppProcess.start(
      { ZHIBU_ADAPTERS: 'console', DATABASE_PATH: dbPath, LOG_LEVEL: 'warn' },
      await freePort(),
    );
    apps.push(console);
    await exited(console);
    // Without the lease it would have started, read its (empty) input and ended with 0.
    expect(console.exitCode).toBe(1);
    expect(console.log).toContain(
      `启动失败：数据库 ${dbPath} 已由另一个 zhibu 进程使用（pid ${server.child.pid}`,
    );
    expect((await server.get('/healthz')).status).toBe(200);
  });

  it('a zero-byte database file is refused with a clear line, not started as a new empty one', async () => {
    const dbPath = tempDbPath();
    dirs.push(dirname(dbPath));
    writeFileSync(dbPath, '');
    const app = await start(dbPath);
    await exited(app);
    expect(app.exitCode).toBe(1);
    expect(app.log).toContain(`数据库文件 ${dbPath} 是空的（0 字节）`);
    expect(statSync(dbPath).size).toBe(0);
  });
});
