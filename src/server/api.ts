import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { UserError } from '../domain/user-error.js';
import { parsePeriod, type Period, periodThrough } from '../domain/period.js';
import { dayOf } from '../domain/time.js';
import { buildExport } from '../reports/export.js';
import { EXPORT_FORMATS, type ExportFormat } from '../reports/files.js';
import type { Registry } from '../core/registry.js';
import { getSettings } from '../core/settings.js';
import { buildPeriodReport, periodReportJson } from '../reports/period-report.js';
import type { Db } from '../core/db.js';
import { ApiError, apiErrorHandler, errorSchema } from './api-errors.js';
import { backupWithRetention } from './backup.js';
import { branches, chats, members } from '../core/schema.js';

export interface AdminApiOptions {
  db: Db;
  registry: Registry;
  /** The bearer token every /api route requires. */
  token: string;
  tz: string;
  now: () => number;
  /** Requests per minute per client address (default 120), counted before authentication. */
  rateLimitMax?: number;
  /** Backups kept by POST /api/backup (BACKUP_KEEP, default 7). */
  backupKeep?: number;
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

/**
 * The admin API under /api (bearer token, JSON schemas, rate limit) and its OpenAPI
 * documentation at /docs. Register only when a token is configured.
 */
export async function adminApi(app: FastifyInstance, o: AdminApiOptions): Promise<void> {
  // Not global: the limiter is added below as the first onRequest hook of the token-protected
  // scope, so wrong tokens are counted too (route-level hooks would run after authentication).
  await app.register(rateLimit, {
    global: false,
    max: o.rateLimitMax ?? 120,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(
        429,
        'rate_limited',
        `请求过于频繁，请 ${Math.max(1, Math.ceil(ctx.ttl / 1000))} 秒后再试。`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'zhibu admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);
    api.addHook('onRequest', api.rateLimit());
    api.addHook('onRequest', async (req, reply) => {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!token || !tokenMatches(token, o.token)) {
        // The address and what was asked, never the token: a guess may be a real token mistyped.
        req.log.warn(
          { remoteAddress: req.ip, url: req.url, token: token ? 'wrong' : 'missing' },
          'admin API: bearer token refused',
        );
        reply.header('www-authenticate', 'Bearer');
        throw new ApiError(
          401,
          'unauthorized',
          '需要管理令牌：请求头 Authorization: Bearer <ADMIN_TOKEN>，令牌不对或缺失。',
        );
      }
    });
    // The documentation is behind the token too: it maps every route an attacker could try.
    await api.register(swaggerUi, { routePrefix: '/docs' });
    routes(api, o);
  });
}

function routes(api: FastifyInstance, o: AdminApiOptions): void {
  const { db } = o;
  const branchOr404 = (id: number) => {
    const branch = db.select().from(branches).where(eq(branches.id, id)).get();
    if (!branch)
      throw new ApiError(404, 'not_found', `没有编号为 ${id} 的支部（支部编号见 GET /api/branches）。`);
    return branch;
  };
  /** The period asked for, or a 400 naming the accepted forms. */
  const periodOr400 = (raw: string | undefined): { period: Period; today: string } => {
    const today = dayOf(o.now(), o.tz);
    try {
      const period = parsePeriod(raw ?? '', today);
      if (period.start > today) throw new UserError(`${period.label}还没有开始`);
      return { period, today };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      throw new ApiError(400, 'bad_request', `参数 period 无效：${err.message}`);
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
    async (req) => {
      const branch = branchOr404(req.params.id);
      const p = periodOr400(req.query.period);
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
      const branch = branchOr404(req.params.id);
      const p = periodOr400(req.query.period);
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
          'Online backup of the database (SQLite backup API) to a timestamped file in backups/ next to it; keeps the newest BACKUP_KEEP copies',
        response: {
          200: {
            type: 'object',
            properties: {
              path: {
                type: 'string',
                description: 'relative to the database folder, e.g. backups/zhibu-….db',
              },
              size: { type: 'integer' },
              at: { type: 'string' },
              removed: { type: 'array', items: { type: 'string' }, description: 'older copies removed' },
            },
          },
          409: errorSchema,
        },
      },
    },
    async () => {
      const file = db.$client.name;
      if (!file || file === ':memory:')
        throw new ApiError(409, 'conflict', '数据库在内存中（DATABASE_PATH=:memory:），没有可备份的文件。');
      // Wall-clock time, not the bot's clock (which the console can set to a simulated day).
      return backupWithRetention(db, o.backupKeep ?? 7, new Date());
    },
  );
}
