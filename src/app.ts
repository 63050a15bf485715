import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from './core/clock.js';
import type { Db } from './core/db.js';
import type { Feature } from './core/feature.js';
import { groupCommitSink } from './core/group-commit.js';
import { Inbox } from './core/inbox.js';
import type { Adapter, EventSink } from './core/message.js';
import { OutboxSender } from './core/outbox.js';
import { buildRegistry, type Registry } from './core/registry.js';
import { Scheduler } from './core/scheduler.js';
import { features as allFeatures } from './features/index.js';
import { buildServer } from './server/app.js';
import { setLedgerKey } from './core/ledger-key.js';

export interface App {
  db: Db;
  registry: Registry;
  inbox: Inbox;
  sender: OutboxSender;
  server: FastifyInstance;
  adapters: Adapter[];
  scheduler: Scheduler;
  /** Where adapters hand events: written to the inbox, a burst together in one transaction. */
  sink: EventSink;
}

/**
 * Wires the services together without starting anything (no listening, no adapters), so tests
 * build the same app `main.ts` runs. `features` defaults to every feature of src/features/index.ts.
 */
export function buildApp(deps: {
  db: Db;
  clock: Clock;
  tz: string;
  log: Logger;
  adapters: Adapter[];
  adminToken?: string;
  features?: readonly Feature[];
  /** Backups kept by POST /api/backup (BACKUP_KEEP). */
  backupKeep?: number;
  /** HMAC key for the ledger chains (LEDGER_KEY). */
  ledgerKey?: string;
}): App {
  setLedgerKey(deps.db, deps.ledgerKey);
  const registry = buildRegistry(deps.features ?? allFeatures);
  const sender = new OutboxSender(
    deps.db,
    new Map(deps.adapters.map((a) => [a.name, a])),
    deps.log,
    registry,
  );
  const core = { db: deps.db, registry, clock: deps.clock, tz: deps.tz, log: deps.log };
  const inbox = new Inbox({ ...core, sender });
  const server = buildServer({
    db: deps.db,
    registry,
    adapters: deps.adapters,
    log: deps.log,
    adminToken: deps.adminToken,
    backupKeep: deps.backupKeep,
    tz: deps.tz,
    now: () => deps.clock.now(),
  });
  const scheduler = new Scheduler(deps.db, registry, deps.clock, deps.tz, deps.log, sender);
  // Events arriving together (a burst of webhooks) are committed together: one disk sync each batch.
  const sink = groupCommitSink(
    deps.db,
    (event) => inbox.accept(event),
    () => inbox.rideAlong(),
  );
  return { db: deps.db, registry, inbox, sender, server, adapters: deps.adapters, scheduler, sink };
}

/** Starts adapters; one that fails to start is logged and left in 'error', the others run. */
export async function startAdapters(app: App, log: Logger): Promise<void> {
  app.inbox.processPending(); // events accepted before a crash
  app.sender.wake();
  app.scheduler.start(); // posts what came due while the process was down
  for (const adapter of app.adapters) {
    try {
      await adapter.start(app.sink);
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
  await Promise.race([app.inbox.idle(), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
  clearTimeout(timer);
  app.sender.stop();
  await app.server.close();
  app.db.$client.close();
}
