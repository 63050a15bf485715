import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkAdapter } from '../../../adapters/lark/lark-adapter.js';
import { SendError } from '../../../src/core/errors.js';
import { RosterEvents } from '../../../src/core/roster-events.js';
import { openDatabase } from '../../../src/core/db.js';
import { FakeLarkServer } from '../../helpers/fake-lark-server.js';
import { silentLog, tempDbPath } from '../../helpers/harness.js';
import { TEST_APP_ID, TEST_APP_SECRET } from '../../helpers/lark-events.js';

let fake: FakeLarkServer;
let adapter: LarkAdapter;
const db = openDatabase(tempDbPath());

beforeAll(async () => {
  fake = await FakeLarkServer.start();
  fake.setChat('oc_1', {
    name: '第一党支部',
    ownerId: 'ou_owner',
    members: [{ openId: 'ou_owner', name: '书记' }],
  });
  adapter = new LarkAdapter({
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    domain: `${fake.url}/`,
    mode: 'webhook',
    encryptKey: 'k',
    roster: new RosterEvents(),
    log: silentLog,
    maxTextBytes: 1000,
  });
  await adapter.start(async () => ({ accepted: true }));
});
afterAll(async () => {
  await adapter.stop();
  await fake.close();
  db.$client.close();
});

describe('sending to Feishu', () => {
  it('asks the outbox to wait for the reset time Feishu gives with a 429', async () => {
    fake.failNextSends(1, 429);
    const err = await adapter
      .send({ platform: 'lark', chatId: 'oc_1', text: '你好', idempotencyKey: 'k-429' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).options).toEqual({ retryAfterMs: 1000 });
  });

  it('backs off on a server error and gives up on a file that does not exist', async () => {
    fake.failNextSends(1, 500);
    const err = await adapter
      .send({ platform: 'lark', chatId: 'oc_1', text: 'x', idempotencyKey: 'k-500' })
      .catch((e: unknown) => e);
    expect((err as SendError).options).toEqual({});
    const missing = await adapter
      .send({
        platform: 'lark',
        chatId: 'oc_1',
        text: '',
        file: { path: '/nonexistent/file.xlsx', name: 'a.xlsx' },
        idempotencyKey: 'k-f',
      })
      .catch((e: unknown) => e);
    expect((missing as SendError).options.permanent).toBe(true);
  });

  it('sends a card as an interactive message with the message uuid', async () => {
    await adapter.send({
      platform: 'lark',
      chatId: 'oc_1',
      text: '汇总',
      card: {
        title: '本周汇总',
        lines: ['打卡率 90%'],
        buttons: [{ text: '打卡', value: { command: '打卡' } }],
      },
      idempotencyKey: 'k-card',
    });
    const sent = fake.messages.at(-1)!;
    expect(sent).toMatchObject({ msgType: 'interactive', uuid: 'k-card', chatId: 'oc_1' });
    expect((sent.content.header as { title: { content: string } }).title.content).toBe('本周汇总');
  });

  it('splits long text into parts sent in order, and a retry of the whole message posts nothing twice', async () => {
    const before = fake.messages.length;
    const text = Array.from({ length: 120 }, (_, i) => `第${i}行`).join('\n');
    const message = { platform: 'lark', chatId: 'oc_1', text, idempotencyKey: 'k-long' };
    await adapter.send(message);
    const parts = fake.messages.slice(before);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.text).join('\n')).toBe(text);
    await adapter.send(message);
    expect(fake.messages.length).toBe(before + parts.length);
  });

  it('uploads a file and sends it as a file message after the text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-lark-'));
    const path = join(dir, 'ledger.xlsx');
    writeFileSync(path, Buffer.alloc(2048, 1));
    const before = fake.messages.length;
    await adapter.send({
      platform: 'lark',
      chatId: 'oc_1',
      text: '本月台账见附件',
      file: { path, name: '2026-11 台账.xlsx' },
      idempotencyKey: 'k-file',
    });
    const sent = fake.messages.slice(before);
    expect(sent.map((m) => m.msgType)).toEqual(['text', 'file']);
    expect(fake.uploads.at(-1)).toMatchObject({ name: '2026-11 台账.xlsx', type: 'xls' });
    expect(String(sent[1]!.content.file_key)).toMatch(/^file_v3_/);
  });

  it('sends a private message to a user by open_id', async () => {
    await adapter.send({
      platform: 'lark',
      chatId: 'ou_owner',
      text: '提醒：本月还有 2 笔捐款待确认',
      private: true,
      idempotencyKey: 'k-private',
    });
    expect(fake.messages.at(-1)).toMatchObject({
      chatId: 'ou_owner',
      receiveIdType: 'open_id',
      text: '提醒：本月还有 2 笔捐款待确认',
    });
  });

  it('reads the member list page by page with the owner', async () => {
    fake.setChat('oc_big', {
      name: '大支部',
      ownerId: 'ou_0',
      members: Array.from({ length: 7 }, (_, i) => ({ openId: `ou_${i}`, name: `成员${i}` })),
    });
    const { members, ownerId } = await adapter.members('oc_big');
    expect(members).toHaveLength(7);
    expect(ownerId).toBe('ou_0');
    expect(fake.tokenCalls).toBe(1);
  });
});
