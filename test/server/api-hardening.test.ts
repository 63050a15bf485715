import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer, type ServerDeps } from '../../src/server/app.js';
import { TZ, type Harness } from '../helpers/harness.js';
import { seededMonth } from '../helpers/seed-month.js';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let h: Harness | undefined;
let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await h?.stop();
  h = undefined;
});

/** The server with a logger whose lines are kept, so tests can read what was logged. */
async function api(extra: Partial<ServerDeps> = {}): Promise<{ app: FastifyInstance; logs: string[] }> {
  h = await seededMonth();
  const logs: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  server = buildServer({
    db: h.db,
    registry: h.app.registry,
    adapters: [],
    log,
    adminToken: TOKEN,
    tz: TZ,
    now: () => h!.clock.now(),
    ...extra,
  });
  return { app: server, logs };
}

describe('admin API hardening', () => {
  it('wrong tokens are rate-limited (the limit runs before authentication) and logged at warn with the address, never the token', async () => {
    const { app, logs } = await api({ rateLimitMax: 3 });
    const guess = 'Bearer guess-number-0000000001';
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await app.inject({ url: '/api/branches', headers: { authorization: guess } })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const limited = await app.inject({ url: '/api/branches', headers: auth });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    expect(limited.json().message).toMatch(/请求过于频繁，请 \d+ 秒后再试/);
    const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    expect(warnings[0]).toMatchObject({ remoteAddress: '127.0.0.1', url: '/api/branches' });
    expect(logs.join('\n')).not.toContain('guess-number');
  });

  it('401 and 404 and 400 answers are { error, message } with a Chinese reason naming the field', async () => {
    const { app } = await api();
    const unauthorised = await app.inject({ url: '/api/branches' });
    expect(unauthorised.json()).toEqual({
      error: 'unauthorized',
      message: '需要管理令牌：请求头 Authorization: Bearer <ADMIN_TOKEN>，令牌不对或缺失。',
    });
    const get = async (url: string) => {
      const res = await app.inject({ url, headers: auth });
      return { status: res.statusCode, body: res.json() as { error: string; message: string } };
    };
    expect(await get('/api/branches/9/report')).toEqual({
      status: 404,
      body: { error: 'not_found', message: '没有编号为 9 的支部（支部编号见 GET /api/branches）。' },
    });
    const badId = await get('/api/branches/abc/report');
    expect(badId).toEqual({
      status: 400,
      body: { error: 'bad_request', message: '参数 id 无效：应为整数。' },
    });
    expect((await get('/api/branches/0/report')).body.message).toBe('参数 id 无效：不能小于 1。');
    expect((await get('/api/branches/1/export?format=pdf')).body.message).toBe(
      '参数 format 无效：只能是 xlsx、csv 之一。',
    );
    expect((await get('/api/branches/1/report?colour=red')).body.message).toBe(
      '参数 colour 无效：不认识这个参数。',
    );
    const period = await get(`/api/branches/1/report?period=${encodeURIComponent('下辈子')}`);
    expect(period.body.error).toBe('bad_request');
    expect(period.body.message).toContain('参数 period 无效：无法识别的时段「下辈子」');
    const body = await app.inject({
      method: 'POST',
      url: '/api/backup',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error).toBe('bad_request');
    expect(body.json().message).toMatch(/^请求内容无效：/);
    for (const res of [badId, period]) expect(JSON.stringify(res.body)).not.toContain('Bad Request');
  });

  it('/docs is behind the token too', async () => {
    const { app } = await api();
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/docs/json' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/docs', headers: auth })).statusCode).toBeLessThan(400);
    const spec = (await app.inject({ url: '/docs/json', headers: auth })).json();
    expect(Object.keys(spec.paths)).toContain('/api/backup');
  });

  it('POST /api/backup answers a path relative to the data folder and keeps only BACKUP_KEEP copies', async () => {
    const { app } = await api({ backupKeep: 2 });
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/backup', headers: auth });
      expect(res.statusCode).toBe(200);
      answers.push(res.json().path);
    }
    for (const p of answers) expect(p).toMatch(/^backups\/zhibu-[\dT-]+Z?(-\d+)?\.db$/);
    const folder = join(dirname(h!.dbPath), 'backups');
    expect(readdirSync(folder).sort()).toEqual(
      answers
        .slice(1)
        .map((p) => p.slice('backups/'.length))
        .sort(),
    );
    expect(existsSync(join(dirname(h!.dbPath), answers[0]!))).toBe(false);
  });

  it('BACKUP_KEEP defaults to 7 and must be a whole number from 1', () => {
    expect(loadConfig({}).BACKUP_KEEP).toBe(7);
    expect(loadConfig({ BACKUP_KEEP: '30' }).BACKUP_KEEP).toBe(30);
    for (const bad of ['0', '-1', '2.5', 'many'])
      expect(() => loadConfig({ BACKUP_KEEP: bad }), bad).toThrow(/配置错误：BACKUP_KEEP/);
  });

  it('a request whose body trickles in is cut off by the request timeout', async () => {
    const { app } = await api({ timeouts: { requestMs: 300, connectionMs: 2_000, checkEveryMs: 50 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.write(
      `POST /api/backup HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    // One byte every 100 ms: never finishing, never idle long enough for the idle timeout alone.
    const drip = setInterval(() => socket.writable && socket.write(' '), 100);
    await new Promise<void>((resolve, reject) => {
      const give = setTimeout(() => reject(new Error('the slow request was never cut off')), 10_000);
      socket.on('close', () => {
        clearTimeout(give);
        resolve();
      });
      socket.on('error', () => undefined);
    });
    clearInterval(drip);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
