import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { branchWithSecretary, type Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Another process takes the database's write lock and holds it for `ms`. Resolves once it holds it. */
function lockFromAnotherProcess(path: string, ms: number): Promise<Promise<void>> {
  const child = spawn(process.execPath, [
    '-e',
    `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(path)});
     db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
     db.exec('COMMIT'); db.close();`,
  ]);
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve) => child.stdout.once('data', () => resolve(done)));
}

describe('faults', () => {
  it('a database locked by another process for a moment loses no message', async () => {
    h = await branchWithSecretary();
    const released = await lockFromAnotherProcess(h.dbPath, 1500);
    const names = ['张三', '李四', '王五', '赵六'];
    // accept() waits for the lock (busy timeout) instead of failing or dropping the message.
    for (const name of names) await h.adapter.sink!(h.message(name, '打卡'));
    await released;
    await h.app.inbox.idle();
    expect(h.count('checkins')).toBe(4);
    expect(
      (h.db.$client.prepare("SELECT count(*) AS n FROM inbox WHERE status = 'done'").get() as { n: number })
        .n,
    ).toBe(h.count('inbox'));
  });

  it('a full disk refuses the message with a clear error, writes nothing half, and recovers', async () => {
    h = await branchWithSecretary();
    const sqlite = h.db.$client;
    // The file may grow by two pages only: soon SQLITE_FULL, exactly what a full disk gives.
    sqlite.pragma(`max_page_count = ${(sqlite.pragma('page_count', { simple: true }) as number) + 2}`);
    let refused: Error | undefined;
    let accepted = 0;
    for (let i = 0; i < 5000 && !refused; i++) {
      try {
        await h.adapter.sink!(h.message(`成员${i}`, `打卡 第${i}位`, { messageId: `full-${i}` }));
        accepted++;
      } catch (err) {
        refused = err as Error;
      }
    }
    expect(refused?.message).toMatch(/full/i);
    expect(h.count('inbox')).toBe(accepted + 1); // + the secretary's first message; the refused one is absent
    sqlite.pragma('max_page_count = 1073741823');
    // It was never acknowledged, so the platform delivers it again: now it is accepted.
    await h.adapter.sink!(
      h.message(`成员${accepted}`, `打卡 第${accepted}位`, { messageId: `full-${accepted}` }),
    );
    await h.app.inbox.idle();
    expect(h.count('checkins')).toBe(accepted + 1);
    expect(
      (sqlite.prepare("SELECT count(*) AS n FROM inbox WHERE status != 'done'").get() as { n: number }).n,
    ).toBe(0);
  });

  it('a message whose handling the database refuses is kept pending and handled once it takes it', async () => {
    h = await branchWithSecretary();
    const sqlite = h.db.$client;
    // Replies naming 张三 cannot be written, as a refusing database would, until the trigger goes:
    // the error escapes the error boundary (it is the reply's write, not the command).
    sqlite.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.payload LIKE '%张三%' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    const m = h.message('张三', '打卡');
    expect(await h.adapter.sink!(m)).toEqual({ accepted: true });
    const status = () =>
      (sqlite.prepare('SELECT status FROM inbox WHERE message_id = ?').get(m.messageId) as { status: string })
        .status;
    expect(status()).toBe('pending'); // acknowledged and kept, its handling undone
    expect(h.count('checkins')).toBe(0);
    sqlite.exec('DROP TRIGGER refuse');
    await h.app.inbox.idle(); // the pending path retries within a second
    expect(status()).toBe('done');
    expect(h.count('checkins')).toBe(1);
    expect(h.adapter.texts().filter((t) => t.includes('张三 打卡成功'))).toHaveLength(1);
  });

  it('a message accepted before a crash is handled after the restart, once', async () => {
    h = await branchWithSecretary();
    // Accepted (durable) but the process dies before handling it, as on the pending path taken
    // while older rows wait: the row as `accept` writes it, then the process is gone.
    const m = h.message('张三', '打卡');
    h.db.$client
      .prepare(
        'INSERT INTO inbox (platform, message_id, payload, sent_at, received_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(m.platform, m.messageId, JSON.stringify(m), m.sentAt, m.sentAt);
    h.app.sender.stop();
    h.db.$client.close();
    await h.start();
    await h.app.inbox.idle();
    expect(h.count('checkins')).toBe(1);
    expect(h.adapter.texts().filter((t) => t.includes('张三 打卡成功'))).toHaveLength(1);
  });

  it('a message handled at once whose reply was not sent before a crash is answered after the restart, once', async () => {
    h = await branchWithSecretary();
    const before = h.adapter.sent.length;
    // Accept handles it in the same transaction and freezes the reply; the process dies before the send.
    h.app.inbox.accept(h.message('张三', '打卡'));
    h.app.sender.stop();
    h.db.$client.close();
    expect(h.adapter.sent.length).toBe(before);
    await h.start();
    await h.app.inbox.idle();
    expect(h.count('checkins')).toBe(1);
    expect(h.adapter.texts().filter((t) => t.includes('张三 打卡成功'))).toHaveLength(1);
  });
});
