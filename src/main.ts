import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import type { LarkAdapter } from '../adapters/lark/index.js';
import { buildApp, startAdapters, stopApp } from './app.js';
import { helpText } from './features/help/command.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { AdjustableClock } from './core/clock.js';
import type { Adapter } from './core/message.js';
import { RosterService } from './core/roster.js';
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
  const db = openDatabase(config.DATABASE_PATH);
  const clock = new AdjustableClock();
  // The console's simulated time lives in the database: a new console process resumes it, so
  // its first scheduler pass runs at the simulated time, as a real restart would.
  const consoleOnly = config.adapters.every((a) => a === 'console');
  const simulated = consoleOnly ? Number(getMeta(db, CONSOLE_TIME)) : NaN;
  if (Number.isFinite(simulated) && simulated > 0) clock.set(simulated);
  const keepConsoleTime = () => setMeta(db, CONSOLE_TIME, String(clock.now()));
  // Platform adapters keep branch rosters current through this service.
  const roster = new RosterService(db, clock, config.ZHIBU_TIMEZONE, log);
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
      idle: () => app.bot.idle(),
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
      helpText: () => helpText(app.router, ''),
    });
    adapters.push(larkAdapter);
  }
  if (config.adapters.includes('wechat')) {
    // Loaded only when used: Wechaty takes a second to import.
    const { wechatAdapterFromConfig } = await import('../adapters/wechat/index.js');
    adapters.push(wechatAdapterFromConfig(config, { roster, log: log.child({ adapter: 'wechat' }) }));
  }
  const app = buildApp({
    db,
    clock,
    tz: config.ZHIBU_TIMEZONE,
    log,
    adapters,
    adminToken: config.ADMIN_TOKEN,
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
  await startAdapters(app, log);
}

main().catch((err) => {
  process.stderr.write(`启动失败：${(err as Error).message}\n`);
  process.exit(1);
});
