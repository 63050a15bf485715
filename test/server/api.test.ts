import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { adminApi, tokenMatches } from '../../src/server/api.js';
import { buildServer } from '../../src/server/app.js';
import { silentLog, TZ, type Harness } from '../helpers/harness.js';
import { readXlsx, valueOf } from '../helpers/read-ledger.js';
import { seededMonth } from '../helpers/seed-month.js';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let h: Harness;
let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await h?.stop();
});

async function api(adminToken: string | null = TOKEN): Promise<FastifyInstance> {
  h = await seededMonth();
  server = buildServer({
    db: h.db,
    registry: h.app.registry,
    adapters: [],
    log: silentLog,
    adminToken: adminToken ?? undefined,
    tz: TZ,
    now: () => h.clock.now(),
  });
  return server;
}

describe('admin API', () => {
  it('answers 401 without a token, with a wrong one, or with another scheme; the routes are absent without ADMIN_TOKEN', async () => {
    const app = await api();
    expect((await app.inject({ url: '/api/branches' })).statusCode).toBe(401);
    expect(
      (await app.inject({ url: '/api/branches', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ url: '/api/branches', headers: { authorization: `Basic ${TOKEN}` } })).statusCode,
    ).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/backup' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/branches', headers: auth })).statusCode).toBe(200);
    await server!.close();
    await h.stop();
    const off = await api(null);
    expect((await off.inject({ url: '/api/branches', headers: auth })).statusCode).toBe(404);
    expect(tokenMatches('a', 'ab')).toBe(false);
  });

  it('lists branches with member counts and chats', async () => {
    const app = await api();
    const res = await app.inject({ url: '/api/branches', headers: auth });
    expect(res.json()).toEqual([
      {
        id: 1,
        name: '第一党支部',
        members: 3,
        chats: [{ platform: 'fake', chatId: 'g1', title: '第一党支部' }],
      },
    ]);
  });

  it('returns the period report as JSON', async () => {
    const app = await api();
    const res = await app.inject({ url: '/api/branches/1/report?period=2026-11', headers: auth });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.period).toMatchObject({ key: '2026-11', start: '2026-11-01', end: '2026-11-30' });
    expect(r.through).toBe('2026-11-05');
    const { checkin, study, fund } = r.sections;
    expect(checkin).toMatchObject({ expected: 9, checked: 8, late: 1, missed: 1 });
    expect(checkin.rate).toBeCloseTo(8 / 9);
    // Check-in days only: Sunday 11-01 is a day off (issue 12).
    expect(checkin.daily).toHaveLength(4);
    expect(study.minutes).toBe(75);
    expect(fund).toMatchObject({ raisedFen: 5000, paidFen: 2000, balanceFen: 3000 });
    // The default period is 本月.
    expect((await app.inject({ url: '/api/branches/1/report', headers: auth })).json().period.key).toBe(
      '2026-11',
    );
  });

  it('answers 400 on bad parameters and 404 for an unknown branch', async () => {
    const app = await api();
    const get = (url: string) => app.inject({ url, headers: auth });
    expect((await get('/api/branches/abc/report')).statusCode).toBe(400);
    expect((await get('/api/branches/0/report')).statusCode).toBe(400);
    const badPeriod = await get(`/api/branches/1/report?period=${encodeURIComponent('下辈子')}`);
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().message).toContain('无法识别的时段');
    expect((await get('/api/branches/1/report?period=2027-01')).statusCode).toBe(400);
    expect((await get('/api/branches/1/export?format=pdf')).statusCode).toBe(400);
    expect((await get('/api/branches/9/report')).statusCode).toBe(404);
  });

  it('serves the export as a download: XLSX by default, CSV with a BOM on request', async () => {
    const app = await api();
    const xlsx = await app.inject({ url: '/api/branches/1/export?period=2026-11', headers: auth });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('第一党支部-2026-11-台账.xlsx')}`,
    );
    const book = await readXlsx(xlsx.rawPayload);
    expect(valueOf(book.get('汇总')!, '实到（人日）')).toBe(8);
    expect(valueOf(book.get('汇总')!, '收到捐款（元）')).toBe(50);
    const csv = await app.inject({ url: '/api/branches/1/export?period=2026-11&format=csv', headers: auth });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.rawPayload.toString('utf8')).toContain('打卡率,88.9%');
  });

  it('backs the database up online to a file that opens with the same counts', async () => {
    const app = await api();
    const res = await app.inject({ method: 'POST', url: '/api/backup', headers: auth });
    expect(res.statusCode).toBe(200);
    const { path: relativePath, size } = res.json();
    // Relative to the data folder: the answer does not reveal the server's directory layout.
    expect(dirname(relativePath)).toBe('backups');
    const path = join(dirname(h.dbPath), relativePath);
    expect(existsSync(path)).toBe(true);
    expect(size).toBeGreaterThan(0);
    const copy = new Database(path, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const table of ['members', 'checkins', 'study_signins', 'fund_entries', 'outbox']) {
        expect((copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n).toBe(
          h.count(table),
        );
      }
    } finally {
      copy.close();
    }
  });

  it('publishes OpenAPI at /docs and limits the request rate', async () => {
    h = await seededMonth();
    server = Fastify();
    await server.register(adminApi, {
      db: h.db,
      registry: h.app.registry,
      token: TOKEN,
      tz: TZ,
      now: () => h.clock.now(),
      rateLimitMax: 3,
    });
    const spec = (await server.inject({ url: '/docs/json', headers: auth })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/branches',
        '/api/branches/{id}/report',
        '/api/branches/{id}/export',
        '/api/backup',
      ]),
    );
    expect((await server.inject({ url: '/docs', headers: auth })).statusCode).toBeLessThan(400);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await server.inject({ url: '/api/branches', headers: auth })).statusCode);
    expect(codes.at(-1)).toBe(429);
  });
});
