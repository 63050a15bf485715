import { afterEach, describe, expect, it } from 'vitest';
import { SendError } from '../../src/core/errors.js';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('outbox', () => {
  it('a failed send is retried with the same idempotency key and delivered once', async () => {
    h = await branchWithSecretary();
    h.adapter.failures.push(
      new SendError('HTTP 500', { retryAfterMs: 20 }),
      new SendError('HTTP 429', { retryAfterMs: 20 }),
    );
    const before = h.adapter.sent.length;
    await h.adapter.sink!(h.message('张三', '我的'));
    await waitFor(() => h.adapter.sent.length > before);
    await h.app.inbox.idle(); // the sent mark rides on the next write transaction
    const delivered = h.adapter.sent.slice(before);
    expect(delivered).toHaveLength(1);
    const row = h.db.$client
      .prepare('SELECT attempts, status, idempotency_key AS key FROM outbox ORDER BY id DESC LIMIT 1')
      .get() as { attempts: number; status: string; key: string };
    expect(row).toMatchObject({ attempts: 3, status: 'sent' });
    // The row's own random key, stored when it was written: the same on every attempt.
    expect(delivered[0]!.idempotencyKey).toBe(row.key);
    expect(row.key).toMatch(/^[0-9a-f-]{32,36}$/);
  });

  it('a permanent failure is recorded and does not block the chat', async () => {
    h = await branchWithSecretary();
    h.adapter.failures.push(new SendError('chat not found', { permanent: true }));
    expect(await h.say('张三', '我的')).toEqual([]);
    expect(await h.ask('张三', '打卡')).toContain('打卡成功');
    const failed = h.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'failed'").get() as {
      n: number;
    };
    expect(failed.n).toBe(1);
  });

  it('confirmations waiting for one chat are merged into one message, in order', async () => {
    h = await branchWithSecretary();
    // Hold sending (as a platform rate limit would) while a burst arrives.
    h.adapter.state = 'stopped';
    for (const name of ['张三', '李四', '王五']) await h.adapter.sink!(h.message(name, '打卡'));
    await h.adapter.sink!(h.message('赵六', '我的'));
    await h.adapter.sink!(h.message('钱七', '打卡'));
    await new Promise((r) => setTimeout(r, 20));
    const before = h.adapter.sent.length;
    h.adapter.state = 'running';
    h.app.sender.wake();
    await h.app.inbox.idle();
    const texts = h.adapter.texts().slice(before);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toBe('✅ 已打卡：张三、李四、王五（今日 4/6）');
    expect(texts[1]).toContain('👤 赵六');
    expect(texts[2]).toMatch(/^✅ 钱七 打卡成功.*今日 4\/6$/);
    expect(h.count('checkins')).toBe(4);
  });

  it('a burst answered with different kinds of replies in one chat sends every one, in order', async () => {
    h = await branchWithSecretary();
    const before = h.adapter.sent.length;
    // One batch (the app's group-commit sink): the first two confirmations go out merged straight
    // after the commit; the replies behind them (another kind, then another confirmation) follow
    // without anyone asking.
    await Promise.all(
      [
        ['张三', '打卡'],
        ['李四', '打卡'],
        ['赵六', '我的'],
        ['钱七', '打卡'],
      ].map(([name, text]) => h.app.sink(h.message(name!, text!))),
    );
    await waitFor(() => h.adapter.sent.length - before >= 3);
    const texts = h.adapter.texts().slice(before);
    expect(texts[0]).toBe('✅ 已打卡：张三、李四（今日 3/5）');
    expect(texts[1]).toContain('👤 赵六');
    expect(texts[2]).toMatch(/^✅ 钱七 打卡成功.*今日 3\/5$/);
    await h.app.inbox.idle();
    expect(h.adapter.sent.length - before).toBe(3);
    expect(h.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get()).toEqual({
      n: 0,
    });
  });

  it('replies to messages that arrive while a reply is being sent all go out, without anyone waiting for them', async () => {
    h = await branchWithSecretary();
    // A platform that takes a moment to answer (as Feishu's API does).
    const send = h.adapter.send.bind(h.adapter);
    h.adapter.send = async (m) => {
      await new Promise((r) => setTimeout(r, 30));
      return send(m);
    };
    const before = h.adapter.sent.length;
    for (const name of ['张三', '李四', '王五']) await h.adapter.sink!(h.message(name, '打卡'));
    // Not inbox.idle(), which would itself start a pass: the sender must carry on by itself.
    const replies = () => h.adapter.texts().slice(before).join('\n');
    await waitFor(() => /张三[\s\S]*李四[\s\S]*王五/.test(replies()), 2000);
    // The two that waited behind the first went out together.
    expect(h.adapter.sent.length - before).toBe(2);
  });

  it('replies to messages that arrive back to back all go out, without anyone waiting for them', async () => {
    h = await branchWithSecretary();
    const before = h.adapter.sent.length;
    const names = ['张三', '李四', '王五', '赵六'];
    for (const name of names) await h.adapter.sink!(h.message(name, '打卡'));
    const replies = () => h.adapter.texts().slice(before).join('\n');
    await waitFor(() => names.every((n) => replies().includes(n)), 2000);
  });

  it('a platform failing for a stretch delays replies; each is delivered once, in order per chat', async () => {
    h = await branchWithSecretary();
    const failures = ['HTTP 500', 'HTTP 429', '230020', 'HTTP 500'].map(
      (m) => new SendError(m, { retryAfterMs: 5 }),
    );
    h.adapter.failures.push(...failures);
    const before = h.adapter.sent.length;
    const asks = ['帮助 打卡', '帮助 补卡', '帮助 请假', '帮助 我的', '帮助 汇总'];
    for (const text of asks) await h.adapter.sink!(h.message('张三', text));
    await waitFor(() => h.adapter.sent.length - before >= asks.length);
    await h.app.inbox.idle();
    const delivered = h.adapter.sent.slice(before).map((m) => m.text.match(/^「(.+?)」/)?.[1]);
    expect(delivered).toEqual(['打卡', '补卡', '请假', '我的', '汇总']);
    const keys = h.adapter.sent.slice(before).map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
