import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeLarkServer } from '../helpers/fake-lark-server.js';
import { tempDbPath } from '../helpers/harness.js';
import {
  messageEvent,
  signedRequest,
  TEST_APP_ID,
  TEST_APP_SECRET,
  TEST_ENCRYPT_KEY,
  TEST_VERIFICATION_TOKEN,
} from '../helpers/lark-events.js';
import { AppProcess, freePort, waitFor } from './app-process.js';

/**
 * Issue 13, point 2: an operator restores a backup (stop, copy the backup over the database
 * file, start) after the bot went on working past it. Outbox rows written after the backup are
 * gone from the restored file, so row ids are handed out again: nothing derived from a row id
 * may be reused — not the export file name (one branch's 台账 sent to another) and not the
 * Feishu `uuid` (Feishu drops a message whose uuid it has seen, so replies vanish).
 */

const TOKEN = 'restore-test-admin-token-0123456789';
const NOTE_A = '慰问困难党员甲';
const NOTE_B = '第二支部捐款';

const apps: AppProcess[] = [];
const dirs: string[] = [];
let fake: FakeLarkServer | undefined;
afterAll(async () => {
  for (const app of apps) await app.kill();
  await fake?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newDbPath(): string {
  const path = tempDbPath();
  dirs.push(dirname(path));
  return path;
}

/** Waits until every outbox row is sent, so the backup holds no reply still on its way. */
async function outboxSent(dbPath: string): Promise<void> {
  const pending = () => {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number })
        .n;
    } finally {
      db.close();
    }
  };
  await waitFor(
    () => pending() === 0,
    20_000,
    () => `${pending()} outbox rows still pending`,
  );
}

/** POST /api/backup on the running app; returns the backup file's absolute path. */
async function backup(app: AppProcess, dbPath: string): Promise<string> {
  const res = await app.admin('/api/backup', TOKEN);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const relative = String(res.body.path);
  expect(relative).toMatch(/^backups[\\/]zhibu-.+\.db$/);
  return join(dirname(dbPath), relative);
}

/**
 * The restore procedure of the README: with the process stopped, the backup is copied over the
 * database file and the old write-ahead log is removed (it belongs to the replaced file).
 */
function restore(backupPath: string, dbPath: string): void {
  copyFileSync(backupPath, dbPath);
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
}

describe('a backup restored under traffic (issue 13, point 2)', { timeout: 150_000 }, () => {
  it('console: after the restore a second branch’s 导出 is its own file, and the first branch’s file is untouched', async () => {
    const dbPath = newDbPath();
    const env = { ZHIBU_ADAPTERS: 'console', DATABASE_PATH: dbPath, LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN };
    const first = AppProcess.start(env, await freePort(), 4, { chat: true });
    apps.push(first);
    await first.ready(30_000, 'console');
    first.type(
      ':time 2026-11-10 10:00',
      ':group 第一党支部',
      ':as 书记甲',
      '捐款 10',
      ':as 张三',
      '捐款 50',
      ':group 第二党支部',
      ':as 书记乙',
      '捐款 10',
      ':as 李四',
      '捐款 50',
    );
    await waitFor(
      () => first.output.includes('[第二党支部] 🙏 #2 李四'),
      30_000,
      () => first.output + first.log,
    );
    await outboxSent(dbPath);
    const copy = await backup(first, dbPath);

    // Work after the backup: a donation with a note and branch 1's CSV 台账 written to exports/.
    first.type(':group 第一党支部', ':as 张三', `捐款 88 ${NOTE_A}`, ':as 书记甲', '导出 csv');
    await waitFor(
      () => first.output.includes('📎 文件已保存'),
      30_000,
      () => first.output + first.log,
    );
    await first.endInput();
    expect(first.exitCode).toBe(0);
    const before = savedFiles(first.output);
    expect(before.map((f) => f.group)).toEqual(['第一党支部']);
    const fileA = readFileSync(before[0]!.path, 'utf8');
    expect(fileA).toContain(NOTE_A);

    restore(copy, dbPath);
    const second = AppProcess.start(env, await freePort(), 4, { chat: true });
    apps.push(second);
    await second.ready(30_000, 'console');
    // New traffic: the same number of replies as after the backup, so a row-id name would collide.
    second.type(
      ':group 第二党支部',
      ':as 书记乙',
      `捐款 30 ${NOTE_B}`,
      '导出 csv',
      ':group 第一党支部',
      ':as 张三',
      '捐款 66',
      '公示',
    );
    await waitFor(
      () => second.output.includes('✅ 账本校验通过'),
      30_000,
      () => second.output + second.log,
    );
    await second.endInput();
    expect(second.exitCode).toBe(0);

    const after = savedFiles(second.output);
    expect(after.map((f) => f.group)).toEqual(['第二党支部']);
    expect(after[0]!.path).not.toBe(before[0]!.path);
    const fileB = readFileSync(after[0]!.path, 'utf8');
    expect(fileB).toContain('第二党支部');
    expect(fileB).toContain(NOTE_B);
    expect(fileB).not.toContain('第一党支部');
    expect(fileB).not.toContain(NOTE_A);
    // Branch 1's file is still its own.
    expect(readFileSync(before[0]!.path, 'utf8')).toBe(fileA);
    // The restored ledger lost the 88 (after the backup): #3 is issued again, and the chain verifies.
    expect(second.output).toMatch(/\[第一党支部\] 🙏 #3 张三 捐款 66\.00 元/);
    expect(second.output).toContain('✅ 账本校验通过：共 3 条记录');
  });

  it('Feishu webhook: every reply after the restore reaches the chat (no uuid reused), and each 导出 file reaches only its own branch', async () => {
    fake = await FakeLarkServer.start();
    const A = { chat: 'oc_restore_a', name: '第一党支部', sec: 'ou_sec_a', member: 'ou_zhang' };
    const B = { chat: 'oc_restore_b', name: '第二党支部', sec: 'ou_sec_b', member: 'ou_li' };
    fake.setChat(A.chat, {
      name: A.name,
      ownerId: A.sec,
      members: [
        { openId: A.sec, name: '书记甲' },
        { openId: A.member, name: '张三' },
      ],
    });
    fake.setChat(B.chat, {
      name: B.name,
      ownerId: B.sec,
      members: [
        { openId: B.sec, name: '书记乙' },
        { openId: B.member, name: '李四' },
      ],
    });
    const dbPath = newDbPath();
    const env = {
      ZHIBU_ADAPTERS: 'lark',
      LARK_MODE: 'webhook',
      LARK_APP_ID: TEST_APP_ID,
      LARK_APP_SECRET: TEST_APP_SECRET,
      LARK_ENCRYPT_KEY: TEST_ENCRYPT_KEY,
      LARK_VERIFICATION_TOKEN: TEST_VERIFICATION_TOKEN,
      LARK_DOMAIN: fake.url,
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'warn',
      ADMIN_TOKEN: TOKEN,
    };
    const f = fake;
    /** `senderId` says `text` in `chat`; resolves once the bot's answer containing `expect` is in the chat. */
    const say = async (app: AppProcess, chat: string, senderId: string, text: string, expected: RegExp) => {
      const req = signedRequest(messageEvent({ chatId: chat, senderId, text, createTime: Date.now() }));
      expect(await app.post('/lark/events', req.body, req.headers)).toBe(200);
      await waitFor(
        () => f.texts(chat).some((t) => expected.test(t)),
        20_000,
        () => `no reply ${expected} to「${text}」in ${chat}: ${JSON.stringify(f.texts(chat))}\n${app.log}`,
      );
    };
    const fileMessages = (chat: string) =>
      f.messages.filter((m) => m.chatId === chat && m.msgType === 'file');

    const first = AppProcess.start(env, await freePort());
    apps.push(first);
    await first.ready();
    await say(first, A.chat, A.sec, '捐款 10', /🙏 #1 书记甲/);
    await say(first, A.chat, A.member, '捐款 50', /🙏 #2 张三/);
    await say(first, B.chat, B.sec, '捐款 10', /🙏 #1 书记乙/);
    await say(first, B.chat, B.member, '捐款 50', /🙏 #2 李四/);
    await outboxSent(dbPath);
    // One reply is still on its way when the backup is taken: Feishu answered 500 and the
    // retry waits (1 s, then 2 s).
    f.failNextSends(2, 500);
    const mine = signedRequest(
      messageEvent({ chatId: B.chat, senderId: B.member, text: '我的', createTime: Date.now() }),
    );
    expect(await first.post('/lark/events', mine.body, mine.headers)).toBe(200);
    await waitFor(
      () => f.sendAttempts.some((a) => a.outcome === '500'),
      20_000,
      () => first.log,
    );
    const copy = await backup(first, dbPath);
    const inCopy = new Database(copy, { readonly: true });
    expect(inCopy.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get()).toEqual({
      n: 1,
    });
    inCopy.close();
    const isMine = (t: string) => t.startsWith('👤 李四');
    await waitFor(
      () => f.texts(B.chat).some(isMine),
      20_000,
      () => JSON.stringify(f.texts(B.chat)),
    );

    await say(first, A.chat, A.member, `捐款 88 ${NOTE_A}`, /🙏 #3 张三 捐款 88\.00 元/);
    await say(first, A.chat, A.sec, '导出 csv', /📎 第一党支部/);
    await waitFor(
      () => fileMessages(A.chat).length === 1,
      20_000,
      () => JSON.stringify(f.texts(A.chat)),
    );
    await outboxSent(dbPath);
    await first.stop();

    restore(copy, dbPath);
    const second = AppProcess.start(env, await freePort());
    apps.push(second);
    await second.ready();
    // As many replies as after the backup, so ids derived from outbox row ids would repeat.
    await say(second, B.chat, B.sec, `捐款 30 ${NOTE_B}`, /🙏 #3 书记乙 捐款 30\.00 元/);
    await say(second, B.chat, B.sec, '导出 csv', /📎 第二党支部/);
    await waitFor(
      () => fileMessages(B.chat).length === 1,
      20_000,
      () => `${JSON.stringify(f.texts(B.chat))}\n${second.log}`,
    );
    // Branch 1 goes on: its entry #3 is issued again (the 88 was after the backup).
    await say(second, A.chat, A.member, '捐款 66', /🙏 #3 张三 捐款 66\.00 元/);
    await say(second, A.chat, A.sec, '公示', /✅ 账本校验通过：共 3 条记录/);
    await outboxSent(dbPath);

    // Every file reached only its own branch: the uploaded bytes name that branch and no other.
    for (const [branch, other, note] of [
      [A, B, NOTE_A],
      [B, A, NOTE_B],
    ] as const) {
      const files = fileMessages(branch.chat);
      expect(files).toHaveLength(1);
      const upload = f.uploads[Number(/^file_v3_(\d+)_/.exec(files[0]!.text)![1]) - 1]!;
      const csv = upload.content.toString('utf8');
      expect(csv).toContain(branch.name);
      expect(csv).toContain(note);
      expect(csv).not.toContain(other.name);
    }
    expect(fileMessages(B.chat)[0]!.text).not.toBe(fileMessages(A.chat)[0]!.text);

    // The reply unsent in the backup was sent again after the start with the uuid it was written
    // with: Feishu recognised it, so the group saw it once.
    const mineUuid = f.messages.find((m) => m.chatId === B.chat && isMine(m.text))!.uuid;
    expect(f.texts(B.chat).filter(isMine)).toHaveLength(1);
    const duplicates = f.sendAttempts.filter((a) => a.outcome === 'duplicate');
    expect(duplicates.map((a) => a.uuid)).toEqual([mineUuid]);
    // Every other message carried a uuid never used before: none was dropped as a duplicate.
    const delivered = f.sendAttempts.filter((a) => a.outcome === 'ok').map((a) => a.uuid);
    expect(delivered.every((u) => typeof u === 'string' && u.length > 0)).toBe(true);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toHaveLength(f.messages.length);
    await second.stop();
  });
});

/** The files the console reported as saved, with the group each went to. */
function savedFiles(output: string): { group: string; path: string }[] {
  const found: { group: string; path: string }[] = [];
  let group = '';
  for (const line of output.split('\n')) {
    const head = /^\[([^\]]+)\] /.exec(line);
    if (head) group = head[1]!;
    const file = /^\s+📎 文件已保存：(.+)$/.exec(line);
    if (file) found.push({ group, path: file[1]!.trim() });
  }
  return found;
}
