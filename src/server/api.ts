import { createHash, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { UserError } from '../domain/user-error.js';
import { parsePeriod, type Period, periodThrough } from '../domain/period.js';
import { dayOf } from '../domain/time.js';
import { buildExport } from '../reports/export.js';
import { EXPORT_FORMATS, type ExportFormat } from '../reports/files.js';
import type { Registry } from '../core/registry.js';
import { getSettings } from '../core/settings.js';
import { buildPeriodReport, periodReportJson } from '../reports/period-report.js';
import { backupDatabase, type Db } from '../core/db.js';
import { branches, chats, members } from '../core/schema.js';

export interface AdminApiOptions {
  db: Db;
  registry: Registry;
  /** The bearer token every /api route requires. */
  token: string;
  tz: string;
  now: () => number;
  /** Requests per minute per client address (default 120). */
  rateLimitMax?: number;
}

/** Compares through fixed-length digests, so neither the content nor the length of the token leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const branchParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, description: '支部 id（见 GET /api/branches）' } },
  required: ['id'],
} as const;

const periodQuery = {
  type: 'string',
  minLength: 1,
  maxLength: 20,
  description: '时段：2026-10、2026-Q3、2026、2026-11-05、本月、上月…（默认本月）',
} as const;

const errorSchema = { type: 'object', properties: { error: { type: 'string' } } } as const;

/**
 * The admin API under /api (bearer token, JSON schemas, rate limit) and its OpenAPI
 * documentation at /docs. Register only when a token is configured.
 */
export async function adminApi(app: FastifyInstance, o: AdminApiOptions): Promise<void> {
  await app.register(rateLimit, { max: o.rateLimitMax ?? 120, timeWindow: 60_000 });
  await app.register(swagger, {
    openapi: {
      info: { title: 'zhibu admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(async (api) => {
    api.addHook('onRequest', async (req, reply) => {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!token || !tokenMatches(token, o.token)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
      }
    });
    routes(api, o);
  });
}

function routes(api: FastifyInstance, o: AdminApiOptions): void {
  const { db } = o;
  const branchOr404 = (id: number, reply: FastifyReply) => {
    const branch = db.select().from(branches).where(eq(branches.id, id)).get();
    if (!branch) void reply.code(404).send({ error: `branch ${id} not found` });
    return branch;
  };
  /** The period asked for, or a 400 naming the accepted forms. */
  const periodOr400 = (
    raw: string | undefined,
    reply: FastifyReply,
  ): { period: Period; today: string } | undefined => {
    const today = dayOf(o.now(), o.tz);
    try {
      const period = parsePeriod(raw ?? '', today);
      if (period.start > today) throw new UserError(`${period.label}还没有开始`);
      return { period, today };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      void reply.code(400).send({ error: err.message });
      return undefined;
    }
  };

  api.get(
    '/api/branches',
    {
      schema: {
        summary: 'Branches with their member counts and chats',
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                name: { type: 'string' },
                members: { type: 'integer', description: 'current members' },
                chats: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      platform: { type: 'string' },
                      chatId: { type: 'string' },
                      title: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => {
      const counts = new Map(
        db
          .select({ branchId: members.branchId, n: sql<number>`count(*)` })
          .from(members)
          .where(sql`${members.leftDay} IS NULL`)
          .groupBy(members.branchId)
          .all()
          .map((r) => [r.branchId, r.n]),
      );
      const allChats = db.select().from(chats).all();
      return db
        .select()
        .from(branches)
        .orderBy(branches.id)
        .all()
        .map((b) => ({
          id: b.id,
          name: b.name,
          members: counts.get(b.id) ?? 0,
          chats: allChats
            .filter((c) => c.branchId === b.id)
            .map((c) => ({ platform: c.platform, chatId: c.platformChatId, title: c.title })),
        }));
    },
  );

  api.get<{ Params: { id: number }; Querystring: { period?: string } }>(
    '/api/branches/:id/report',
    {
      schema: {
        summary: "A branch's report for a period (check-ins, daily rates, streaks, study, fund) as JSON",
        params: branchParams,
        querystring: { type: 'object', properties: { period: periodQuery }, additionalProperties: false },
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply) => {
      const branch = branchOr404(req.params.id, reply);
      if (!branch) return reply;
      const p = periodOr400(req.query.period, reply);
      if (!p) return reply;
      const settings = getSettings(db, branch.id, o.registry.settingDefaults);
      const scope = { db, registry: o.registry, settings, branch, tz: o.tz, at: o.now(), today: p.today };
      const report = buildPeriodReport(scope, p.period);
      return report && periodReportJson(scope, report);
    },
  );

  api.get<{ Params: { id: number }; Querystring: { period?: string; format?: ExportFormat } }>(
    '/api/branches/:id/export',
    {
      schema: {
        summary: "A branch's ledgers for a period as an XLSX workbook or a CSV file (UTF-8 with BOM)",
        params: branchParams,
        querystring: {
          type: 'object',
          properties: {
            period: periodQuery,
            format: { type: 'string', enum: [...EXPORT_FORMATS], default: 'xlsx' },
          },
          additionalProperties: false,
        },
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply) => {
      const branch = branchOr404(req.params.id, reply);
      if (!branch) return reply;
      const p = periodOr400(req.query.period, reply);
      if (!p) return reply;
      const through = periodThrough(p.period, p.today);
      const file = await buildExport(db, o.registry, {
        branchId: branch.id,
        period: p.period,
        through,
        at: o.now(),
        tz: o.tz,
        format: req.query.format ?? 'xlsx',
      });
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="export.${req.query.format ?? 'xlsx'}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .send(file.content);
    },
  );

  api.post(
    '/api/backup',
    {
      schema: {
        summary:
          'Online backup of the database (SQLite backup API) to a timestamped file in backups/ next to it',
        response: {
          200: {
            type: 'object',
            properties: { path: { type: 'string' }, size: { type: 'integer' }, at: { type: 'string' } },
          },
          409: errorSchema,
        },
      },
    },
    async (_req, reply) => {
      const file = db.$client.name;
      if (!file || file === ':memory:')
        return reply
          .code(409)
          .send({ error: 'the database is in memory; there is no file to back up next to' });
      // Wall-clock time, not the bot's clock (which the console can set to a simulated day).
      const at = new Date().toISOString();
      const path = join(dirname(file), 'backups', `zhibu-${at.replace(/[:.]/g, '-')}.db`);
      await backupDatabase(db, path);
      return { path, size: statSync(path).size, at };
    },
  );
}
