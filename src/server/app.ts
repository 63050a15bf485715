import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Adapter } from '../core/message.js';
import { registry as metricsRegistry } from '../core/metrics.js';
import type { Registry } from '../core/registry.js';
import type { Db } from '../core/db.js';
import { adminApi } from './api.js';

export interface ServerDeps {
  db: Db;
  registry: Registry;
  adapters: readonly Adapter[];
  log: Logger;
  bodyLimit?: number;
  /** Turns on the admin API (/api/*, /docs); without it those routes do not exist. */
  adminToken?: string;
  /** The branches' timezone and the bot's clock, for the admin API's periods (default Asia/Shanghai, Date.now). */
  tz?: string;
  now?: () => number;
  /** Admin API: requests per minute per address (default 120) and backups kept (default 7). */
  rateLimitMax?: number;
  backupKeep?: number;
  /**
   * A request must arrive whole within requestMs (a body trickled in is cut off with 408); an
   * idle connection is closed after connectionMs; Node checks every checkEveryMs.
   */
  timeouts?: { requestMs?: number; connectionMs?: number; checkEveryMs?: number };
}

/** Builds the HTTP app without listening; adapters and later features add their own routes. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const requestTimeout = deps.timeouts?.requestMs ?? 30_000;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    requestTimeout,
    connectionTimeout: deps.timeouts?.connectionMs ?? 60_000,
    // Given to http.createServer itself: Node 20 ignores a requestTimeout set on the server after
    // it was created (Fastify's option alone never cut a slow body off), and checks only every
    // 30 s by default, letting a slow body hold a socket for a minute.
    http: { requestTimeout, connectionsCheckingInterval: deps.timeouts?.checkEveryMs ?? 2_000 },
    // Unknown query parameters are refused, not silently dropped (a typo like ?perod=2026-10
    // would otherwise answer for the wrong month).
    ajv: { customOptions: { removeAdditional: false } },
    // Per-request logs would add a line per webhook at the 08:00 burst; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.get('/healthz', async (_req, reply) => {
    let database = 'ok';
    try {
      deps.db.$client.prepare('SELECT 1').get();
    } catch (err) {
      database = `error: ${(err as Error).message}`;
    }
    // "starting: 登录失败 2 次，30 秒后重试" while an adapter retries its start.
    const adapters = Object.fromEntries(
      deps.adapters.map((a) => {
        const detail = a.stateDetail?.();
        return [a.name, detail ? `${a.state}: ${detail}` : a.state];
      }),
    );
    const ok = database === 'ok';
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', database, adapters });
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });

  if (deps.adminToken) {
    void app.register(adminApi, {
      db: deps.db,
      registry: deps.registry,
      token: deps.adminToken,
      tz: deps.tz ?? 'Asia/Shanghai',
      now: deps.now ?? Date.now,
      rateLimitMax: deps.rateLimitMax,
      backupKeep: deps.backupKeep,
    });
  }

  return app;
}
