import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { setLedgerKey } from '../../../src/core/ledger-key.js';
import { entryHash, GENESIS_HASH, verifyChain, type StoredEntry } from '../../../src/domain/fund-ledger.js';
import { checkLedger } from '../../../src/features/fund/store.js';
import { branchWithSecretary, type Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const KEY = 'a-ledger-key-kept-outside-the-db';

/** A branch where 书记 is secretary and 李四 committee. */
async function branch(): Promise<Harness> {
  h = await branchWithSecretary('2026-11-02 08:00');
  await h.say('李四', '帮助');
  await h.ask('书记', '设置 委员 李四');
  return h;
}

const row = (seq: number) =>
  h.db.$client.prepare('SELECT * FROM fund_entries WHERE seq = ?').get(seq) as Record<string, unknown>;

describe('the ledger hash covers what readers see', () => {
  it('entries written before names were hashed (v1) still verify: golden hashes from the old code', () => {
    const e1 = {
      seq: 1,
      kind: 'donation' as const,
      amountFen: 5000,
      memberId: 2,
      refSeq: null,
      pending: true,
      forced: false,
      note: '七一',
      at: 1793000000000,
      day: '2026-10-26',
    };
    const e2 = {
      seq: 2,
      kind: 'confirm' as const,
      amountFen: 5000,
      memberId: 1,
      refSeq: 1,
      pending: false,
      forced: false,
      note: '',
      at: 1793000060000,
      day: '2026-10-26',
    };
    const h1 = '935681923eb26523fd3b36028c5b2edc74088bf056b8349f30d934369bae2651';
    const h2 = '0c038a4253963687dea0196192f9add6dd99d6041e9ad919efe3afaf5787bcbb';
    const old: StoredEntry[] = [
      { ...e1, memberName: null, hashVersion: 1, prevHash: GENESIS_HASH, hash: h1 },
      { ...e2, memberName: null, hashVersion: 1, prevHash: h1, hash: h2 },
    ];
    expect(entryHash(1, old[0]!, GENESIS_HASH)).toBe(h1);
    expect(verifyChain(1, old)).toEqual({ ok: true, count: 2, headHash: h2 });
  });

  it('the name is recorded on the entry and hashed: a rename elsewhere does not change what the ledger says, editing it breaks verification', async () => {
    await branch();
    await h.ask('张三', '捐款 50 七一');
    expect(row(1)).toMatchObject({ member_name: '张三', hash_version: 2 });
    // 张三's platform name changes: the member is renamed, the entry keeps the name given then.
    await h.say('张三', '我的', { senderName: '张三丰' });
    const list = await h.ask('李四', '捐款记录');
    expect(list).toContain('#1 11月2日 捐款 张三 50.00 元 七一');
    expect(await h.ask('张三', '公示')).toContain('✅ 账本校验通过');
    // Someone with the file renames the donor on the entry itself.
    h.db.$client.exec(
      "DROP TRIGGER fund_entries_no_update; UPDATE fund_entries SET member_name = '王五' WHERE seq = 1",
    );
    expect(await h.ask('张三', '公示')).toContain('⚠️ 账本校验未通过：第 1 号记录的内容与它的校验码不符');
  });

  it('INSERT OR REPLACE cannot overwrite an entry, whether or not recursive_triggers is on', async () => {
    await branch();
    await h.ask('张三', '捐款 50');
    const before = row(1);
    for (const recursive of ['OFF', 'ON']) {
      h.db.$client.pragma(`recursive_triggers = ${recursive}`);
      // Conflict on the primary key, and on (branch_id, seq).
      expect(() =>
        h.db.$client
          .prepare(
            `INSERT OR REPLACE INTO fund_entries (id, branch_id, seq, kind, amount_fen, member_id, note, at, day, prev_hash, hash)
             VALUES (1, 1, 1, 'donation', 1, 2, '', 1, '2026-11-02', 'x', 'y')`,
          )
          .run(),
      ).toThrow(/append-only/);
      expect(() =>
        h.db.$client
          .prepare(
            `REPLACE INTO fund_entries (branch_id, seq, kind, amount_fen, member_id, note, at, day, prev_hash, hash)
             VALUES (1, 1, 'donation', 1, 2, '', 1, '2026-11-02', 'x', 'y')`,
          )
          .run(),
      ).toThrow(/append-only/);
      expect(row(1)).toEqual(before);
    }
    expect(h.count('fund_entries')).toBe(1);
    expect(await h.ask('张三', '公示')).toContain('✅ 账本校验通过');
  });
});

describe('LEDGER_KEY', () => {
  it('is optional and at least 16 characters', () => {
    expect(loadConfig({}).LEDGER_KEY).toBeUndefined();
    expect(loadConfig({ LEDGER_KEY: KEY }).LEDGER_KEY).toBe(KEY);
    expect(() => loadConfig({ LEDGER_KEY: 'short' })).toThrow(/配置错误：LEDGER_KEY无效/);
    expect(() => loadConfig({ LEDGER_KEY: 'short' })).not.toThrow(/short/); // never echoes a secret
  });

  it('with a key the chain is an HMAC: it verifies with the key, not without it, and a rewrite without the key is caught', async () => {
    await branch();
    await h.ask('张三', '捐款 50'); // before the key: v2, still verifies afterwards
    setLedgerKey(h.db, KEY);
    await h.ask('张三', '捐款 20');
    await h.ask('李四', '确认 1 2');
    expect(row(2)).toMatchObject({ hash_version: 3 });
    expect(checkLedger(h.db, 1).chain.ok).toBe(true);
    expect(await h.ask('张三', '公示')).toContain('✅ 账本校验通过');

    // Without the key a keyed entry cannot be checked, and 公示 says so instead of passing it.
    setLedgerKey(h.db, undefined);
    const unkeyed = checkLedger(h.db, 1).chain;
    expect(unkeyed).toMatchObject({ ok: false, problem: { kind: 'unkeyed', seq: 2 } });
    expect(await h.ask('张三', '公示')).toContain('需要 LEDGER_KEY');

    // Someone with the file but not the key changes #4 and re-hashes it as a plain sha256 entry.
    setLedgerKey(h.db, KEY);
    const e = checkLedger(h.db, 1).entries[3]!;
    expect(e).toMatchObject({ seq: 4, kind: 'confirm', hashVersion: 3 });
    const forged = { ...e, amountFen: 2, hashVersion: 2 };
    const hash = entryHash(1, forged, e.prevHash);
    h.db.$client.exec('DROP TRIGGER fund_entries_no_update');
    h.db.$client
      .prepare('UPDATE fund_entries SET amount_fen = 2, hash_version = 2, hash = ? WHERE seq = 4')
      .run(hash);
    expect(checkLedger(h.db, 1).chain).toMatchObject({ ok: false, problem: { kind: 'downgraded', seq: 4 } });
    expect(await h.ask('张三', '公示')).toContain('第 4 号记录没有用账本密钥签名');
  });
});
