import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildRouter } from './features/index.js';
import { Bot } from './core/bot.js';
import type { Clock } from './core/clock.js';
import { groupCommitSink } from './core/group-commit.js';
import type { Adapter } from './core/message.js';
import { OutboxSender } from './core/outbox.js';
import type { Router } from './core/router.js';
import { Scheduler } from './core/scheduler.js';
import './features/reports/schedule-settings.js';
import { buildServer } from './server/app.js';
import type { Db } from './core/db.js';
import { instanceId } from './core/meta.js';
import { setLedgerKey } from './core/ledger-key.js';

export interface App {
  db: Db;
  bot: Bot;
  router: Router;
  sender: OutboxSender;
  server: FastifyInstance;
  adapters: Adapter[];
  scheduler: Scheduler;
}

/**
 * Wires the services together without starting anything (no listening, no adapters), so tests
 * build the same app `main.ts` runs.
 */
export function buildApp(deps: {
  db: Db;
  clock: Clock;
  tz: string;
  log: Logger;
  adapters: Adapter[];
  adminToken?: string;
  /** Backups kept by POST /api/backup (BACKUP_KEEP). */
  backupKeep?: number;
  /** HMAC key for the ledger chains (LEDGER_KEY). */
  ledgerKey?: string;
}): App {
  setLedgerKey(deps.db, deps.ledgerKey);
  const router = buildRouter();
  const sender = new OutboxSender(
    deps.db,
    new Map(deps.adapters.map((a) => [a.name, a])),
    deps.log,
    instanceId(deps.db),
  );
  const bot = new Bot({ db: deps.db, router, clock: deps.clock, tz: deps.tz, log: deps.log, sender });
  const server = buildServer({
    db: deps.db,
    adapters: deps.adapters,
    log: deps.log,
    adminToken: deps.adminToken,
    backupKeep: deps.backupKeep,
    tz: deps.tz,
    now: () => deps.clock.now(),
  });
  const scheduler = new Scheduler(deps.db, deps.clock, deps.tz, deps.log, sender);
  return { db: deps.db, bot, router, sender, server, adapters: deps.adapters, scheduler };
}

/** Starts adapters; one that fails to start is logged and left in 'error', the others run. */
export async function startAdapters(app: App, log: Logger): Promise<void> {
  app.bot.processPending(); // messages accepted before a crash
  app.sender.wake();
  app.scheduler.start(); // posts what came due while the process was down
  // Messages arriving together (a burst of webhooks) are committed together: one disk sync each batch.
  const sink = groupCommitSink(app.db, (message) => app.bot.accept(message));
  for (const adapter of app.adapters) {
    try {
      await adapter.start(sink);
      log.info({ adapter: adapter.name }, 'adapter started');
    } catch (err) {
      log.error({ err, adapter: adapter.name }, 'adapter failed to start; the others keep running');
    }
  }
}

/** Stops intake, lets the inbox and outbox drain (bounded), then closes everything. */
export async function stopApp(app: App, log: Logger, drainMs = 10_000): Promise<void> {
  app.scheduler.stop();
  for (const adapter of [...app.adapters].reverse()) {
    await adapter.stop().catch((err) => log.warn({ err, adapter: adapter.name }, 'adapter stop failed'));
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([app.bot.idle(), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
  clearTimeout(timer);
  app.sender.stop();
  await app.server.close();
  app.db.$client.close();
}
