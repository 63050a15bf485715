import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Adapter } from '../core/message.js';
import { registry } from '../core/metrics.js';
import type { Db } from '../core/db.js';
import { adminApi } from './api.js';

export interface ServerDeps {
  db: Db;
  adapters: readonly Adapter[];
  log: Logger;
  bodyLimit?: number;
  /** Turns on the admin API (/api/*, /docs); without it those routes do not exist. */
  adminToken?: string;
  /** The branches' timezone and the bot's clock, for the admin API's periods (default Asia/Shanghai, Date.now). */
  tz?: string;
  now?: () => number;
}

/** Builds the HTTP app without listening; adapters and later features add their own routes. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
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
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  if (deps.adminToken) {
    void app.register(adminApi, {
      db: deps.db,
      token: deps.adminToken,
      tz: deps.tz ?? 'Asia/Shanghai',
      now: deps.now ?? Date.now,
    });
  }

  return app;
}
