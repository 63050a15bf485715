import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('HTTP server', () => {
  it('/healthz reports each adapter and the database; 503 when the database is unusable', async () => {
    h = await branchWithSecretary();
    const ok = await h.app.server.inject({ method: 'GET', url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok', database: 'ok', adapters: { fake: 'running' } });
    h.db.$client.close();
    const down = await h.app.server.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json().status).toBe('error');
    h.db = (await import('../../src/core/db.js')).openDatabase(h.dbPath); // so stop() can close it
  });

  it('/metrics counts accepted and duplicate messages in Prometheus text', async () => {
    h = await branchWithSecretary();
    const msg = h.message('张三', '打卡');
    await h.adapter.sink!(msg);
    await h.adapter.sink!(msg);
    await h.app.inbox.idle();
    const res = await h.app.server.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/zhibu_messages_duplicate_total\{platform="fake"\} [1-9]/);
    expect(res.body).toContain('zhibu_process_resident_memory_bytes');
  });
});
