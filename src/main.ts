import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import type { LarkAdapter } from '../adapters/lark/index.js';
import { buildApp, startAdapters, stopApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { AdjustableClock } from './core/clock.js';
import type { Adapter } from './core/message.js';
import { RosterEvents } from './core/roster-events.js';
import { openDatabase } from './core/db.js';
import { getMeta, setMeta } from './core/meta.js';

/** The meta key of the console's simulated time (epoch ms). */
const CONSOLE_TIME = 'console_time';

/** Composition root: config → db → services → adapters → server. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Logs go to stderr: standard output belongs to the console chat.
  const log = pino(
    { level: config.LOG_LEVEL, redact: ['*.token', '*.secret', 'headers.authorization'] },
    pino.destination(2),
  );
  // One writer per file: a second process exits here naming the first (src/core/writer-lock.ts).
  const db = openDatabase(config.DATABASE_PATH, {
    writerLock: {
      onLost: (message) => {
        log.fatal(message);
        process.exit(1);
      },
    },
  });
  const clock = new AdjustableClock();
  // The console's simulated time lives in the database: a new console process resumes it, so
  // its first scheduler pass runs at the simulated time, as a real restart would.
  const consoleOnly = config.adapters.every((a) => a === 'console');
  const simulated = consoleOnly ? Number(getMeta(db, CONSOLE_TIME)) : NaN;
  if (Number.isFinite(simulated) && simulated > 0) clock.set(simulated);
  const keepConsoleTime = () => setMeta(db, CONSOLE_TIME, String(clock.now()));
  // Platform adapters report roster changes here; they reach the inbox once the app has started.
  const roster = new RosterEvents(() => clock.now());
  const adapters: Adapter[] = [];
  let consoleAdapter: ConsoleAdapter | undefined;
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info('shutting down');
    if (consoleAdapter) keepConsoleTime();
    await stopApp(app, log);
    process.exit(code);
  };
  if (config.adapters.includes('console')) {
    consoleAdapter = new ConsoleAdapter({
      input: process.stdin,
      output: process.stdout,
      clock,
      tz: config.ZHIBU_TIMEZONE,
      idle: () => app.inbox.idle(),
      onTimeChange: async () => {
        keepConsoleTime();
        void app.scheduler.runDue();
      },
      onEnd: () => void shutdown(0),
    });
    adapters.push(consoleAdapter);
  }
  let larkAdapter: LarkAdapter | undefined;
  if (config.adapters.includes('lark')) {
    // Loaded only when used, like Wechaty below: the console starts faster without the SDK.
    const { larkAdapterFromConfig } = await import('../adapters/lark/index.js');
    larkAdapter = larkAdapterFromConfig(config, {
      roster,
      log: log.child({ adapter: 'lark' }),
      // Feishu read receipts become inbox events (notices show 已读 beside 收到).
      onRead: (r) =>
        void app
          .sink({
            type: 'read',
            platform: 'lark',
            eventId: `read:${r.readerId}:${r.messageIds.join(',')}`.slice(0, 256),
            chatId: r.readerId,
            at: r.readAt ?? clock.now(),
            readerId: r.readerId,
            messageIds: r.messageIds,
          })
          .catch((err) => log.warn({ err }, 'read receipt not stored')),
    });
    adapters.push(larkAdapter);
  }
  if (config.adapters.includes('wechat')) {
    // Loaded only when used: Wechaty takes a second to import.
    const { wechatAdapterFromConfig } = await import('../adapters/wechat/index.js');
    adapters.push(
      wechatAdapterFromConfig(config, {
        roster,
        log: log.child({ adapter: 'wechat' }),
      }),
    );
  }
  const app = buildApp({
    db,
    clock,
    tz: config.ZHIBU_TIMEZONE,
    log,
    adapters,
    adminToken: config.ADMIN_TOKEN,
    backupKeep: config.BACKUP_KEEP,
    ledgerKey: config.LEDGER_KEY,
  });
  // Webhook mode: Feishu posts events to /lark/events and /lark/card on this server.
  if (larkAdapter && config.LARK_MODE === 'webhook') await app.server.register(larkAdapter.routes());
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    await app.server.listen({ host: config.HOST, port: config.PORT });
  } catch (err) {
    log.fatal({ err }, `HTTP 端口 ${config.HOST}:${config.PORT} 无法监听（可用 PORT 换一个端口）`);
    process.exit(1);
  }
  roster.sink = app.sink;
  await startAdapters(app, log);
}

main().catch((err) => {
  process.stderr.write(`启动失败：${(err as Error).message}\n`);
  process.exit(1);
});
