import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/domain/user-error.js';
import { donationTotals, entryHash, foldLedger } from '../../../src/domain/fund-ledger.js';
import { inTransaction, openDatabase, type Db } from '../../../src/core/db.js';
import {
  checkLedger,
  confirm,
  donate,
  loadLedger,
  payout,
  reverse,
  type FundActor,
} from '../../../src/features/fund/store.js';
import { createBranchWithChat, ensureMember } from '../../../src/core/members.js';
import { tempDbPath } from '../../helpers/harness.js';

const LIMIT = 1_000_000;
const DAY = '2026-11-02';

let db: Db;
let branchCounter = 0;

/** A fresh branch (its own ledger) with three members in the shared test database. */
function newBranch(database: Db = db): { branchId: number; members: number[] } {
  const { branch } = createBranchWithChat(database, {
    platform: 'test',
    platformChatId: `c${++branchCounter}`,
    title: `支部${branchCounter}`,
    now: 1,
  });
  const members = ['甲', '乙', '丙'].map(
    (name) =>
      ensureMember(database, {
        branchId: branch.id,
        platform: 'test',
        userId: name,
        name,
        today: DAY,
        now: 1,
      }).member.id,
  );
  return { branchId: branch.id, members };
}

const actorOf = (database: Db, branchId: number, memberId: number, at = 1_800_000_000_000): FundActor => ({
  db: database,
  branchId,
  memberId,
  at,
  day: DAY,
});

type Op =
  | { t: 'donate'; who: number; amount: number; pending: boolean }
  | { t: 'confirm'; seqs: number[] }
  | { t: 'payout'; amount: number; force: boolean }
  /** A payout of exactly the balance (0) or one fen more (1): the edge of the overdraft rule. */
  | { t: 'payoutEdge'; over: 0 | 1; force: boolean }
  /** Reversed by member `by` (0 records every confirm and payout); overdrawing needs `force`. */
  | { t: 'reverse'; seq: number; by: number; force: boolean };

const amount = fc.oneof(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: LIMIT + 200_000 }));
const seqArb = fc.integer({ min: 1, max: 40 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('donate' as const),
      who: fc.integer({ min: 0, max: 2 }),
      amount,
      pending: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('confirm' as const),
      seqs: fc.array(seqArb, { minLength: 1, maxLength: 3 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant('payout' as const), amount, force: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('reverse' as const),
      seq: seqArb,
      by: fc.integer({ min: 0, max: 2 }),
      force: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('payoutEdge' as const),
      over: fc.constantFrom(0 as const, 1 as const),
      force: fc.boolean(),
    }),
    weight: 1,
  },
);

/** The reference model: the rules written the simplest way, independent of the implementation. */
interface ModelEntry {
  kind: 'donation' | 'confirm' | 'payout' | 'reversal';
  amount: number;
  who?: number;
  status?: 'pending' | 'confirmed';
  reversed?: boolean;
  forced?: boolean;
}

class Model {
  entries: ModelEntry[] = [];
  overdrawn = false;

  balance(): number {
    return this.raised() - this.paid();
  }
  raised(who?: number): number {
    return this.entries
      .filter(
        (e) =>
          e.kind === 'donation' &&
          e.status === 'confirmed' &&
          !e.reversed &&
          (who === undefined || e.who === who),
      )
      .reduce((s, e) => s + e.amount, 0);
  }
  pending(who?: number): number {
    return this.entries
      .filter(
        (e) =>
          e.kind === 'donation' &&
          e.status === 'pending' &&
          !e.reversed &&
          (who === undefined || e.who === who),
      )
      .reduce((s, e) => s + e.amount, 0);
  }
  paid(): number {
    return this.entries.filter((e) => e.kind === 'payout' && !e.reversed).reduce((s, e) => s + e.amount, 0);
  }

  /** Turns an edge payout into a plain one against the current balance. */
  resolve(op: Op): Op {
    return op.t === 'payoutEdge'
      ? { t: 'payout', amount: Math.max(1, this.balance() + op.over), force: op.force }
      : op;
  }

  /** Applies an operation; returns false when the rules refuse it (and then changes nothing). */
  apply(op: Op): boolean {
    switch (op.t) {
      case 'payoutEdge':
        throw new Error('resolve first');
      case 'donate':
        if (op.amount > LIMIT) return false;
        this.entries.push({
          kind: 'donation',
          amount: op.amount,
          who: op.who,
          status: op.pending ? 'pending' : 'confirmed',
        });
        return true;
      case 'confirm': {
        const targets = [...new Set(op.seqs)].map((s) => this.entries[s - 1]);
        if (targets.some((e) => !e || e.kind !== 'donation' || e.reversed)) return false;
        // Member 0 confirms: never their own pending donation.
        if (targets.some((e) => e!.status === 'pending' && e!.who === 0)) return false;
        for (const e of targets) {
          if (e!.status === 'pending') {
            e!.status = 'confirmed';
            this.entries.push({ kind: 'confirm', amount: e!.amount });
          }
        }
        return true;
      }
      case 'payout':
        if (op.amount > LIMIT) return false;
        if (op.amount > this.balance() && !op.force) return false;
        if (op.amount > this.balance()) this.overdrawn = true;
        this.entries.push({ kind: 'payout', amount: op.amount, forced: op.amount > this.balance() });
        return true;
      case 'reverse': {
        const e = this.entries[op.seq - 1];
        if (!e || e.kind === 'confirm' || e.kind === 'reversal' || e.reversed) return false;
        // Nobody reverses their own entry: payouts are recorded by member 0.
        if ((e.kind === 'donation' ? e.who : 0) === op.by) return false;
        const overdraws = e.kind === 'donation' && e.status === 'confirmed' && e.amount > this.balance();
        if (overdraws && !op.force) return false;
        e.reversed = true;
        this.overdrawn ||= overdraws;
        this.entries.push({ kind: 'reversal', amount: e.amount, forced: overdraws });
        return true;
      }
    }
  }
}

function run(database: Db, branchId: number, members: number[], op: Op): void {
  const a = actorOf(
    database,
    branchId,
    members[op.t === 'donate' ? op.who : op.t === 'reverse' ? op.by : 0]!,
  );
  inTransaction(database, () => {
    if (op.t === 'donate') {
      const { mine } = donate(a, { amountFen: op.amount, note: '', pending: op.pending, limitFen: LIMIT });
      // The reply's running total comes from the member's slice; it must equal the whole fold's.
      const whole = donationTotals(foldLedger(loadLedger(database, branchId)), { memberId: a.memberId });
      if (JSON.stringify(mine) !== JSON.stringify(whole))
        throw new Error(`member totals differ: ${JSON.stringify({ mine, whole })}`);
    } else if (op.t === 'confirm') confirm(a, op.seqs);
    else if (op.t === 'payout')
      payout(a, { amountFen: op.amount, note: '慰问', force: op.force, limitFen: LIMIT });
    else if (op.t === 'reverse') reverse(a, { seq: op.seq, reason: '写错', force: op.force });
  });
}

const count = (database: Db, sql: string, ...params: unknown[]) =>
  (database.$client.prepare(sql).get(...params) as { n: number }).n;

/** A real database with the real migrations; fsync off because durability is not under test here. */
function testDb(): Db {
  const database = openDatabase(tempDbPath());
  database.$client.pragma('synchronous = OFF');
  return database;
}

let forged: Db;
beforeAll(() => {
  db = testDb();
  // Someone with the file can drop the guards; this database models them.
  forged = testDb();
  forged.$client.exec('DROP TRIGGER fund_entries_no_update; DROP TRIGGER fund_entries_no_delete;');
});
afterAll(() => {
  db.$client.close();
  forged.$client.close();
});

describe('fund ledger invariants under random operations', () => {
  it('balance = confirmed donations − payouts (reversals included), refusals change nothing, and the chain always verifies', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const { branchId, members } = newBranch();
        const model = new Model();
        for (const edgeOrOp of ops) {
          const op = model.resolve(edgeOrOp);
          const rowsBefore = count(
            db,
            'SELECT count(*) AS n FROM fund_entries WHERE branch_id = ?',
            branchId,
          );
          const auditBefore = count(
            db,
            `SELECT count(*) AS n FROM audit_log WHERE branch_id = ? AND action LIKE 'fund.%'`,
            branchId,
          );
          const expected = model.apply(op);
          let accepted = true;
          try {
            run(db, branchId, members, op);
          } catch (err) {
            expect(err).toBeInstanceOf(UserError);
            accepted = false;
          }
          expect(accepted, JSON.stringify(op)).toBe(expected);
          if (!accepted) {
            expect(count(db, 'SELECT count(*) AS n FROM fund_entries WHERE branch_id = ?', branchId)).toBe(
              rowsBefore,
            );
            expect(
              count(
                db,
                `SELECT count(*) AS n FROM audit_log WHERE branch_id = ? AND action LIKE 'fund.%'`,
                branchId,
              ),
            ).toBe(auditBefore);
          }

          const { entries, chain } = checkLedger(db, branchId);
          const state = foldLedger(entries);
          expect(chain.ok).toBe(true);
          expect(entries.map((e) => e.seq)).toEqual(model.entries.map((_, i) => i + 1));
          expect(entries.map((e) => e.kind)).toEqual(model.entries.map((e) => e.kind));
          expect(entries.map((e) => e.forced)).toEqual(model.entries.map((e) => e.forced ?? false));
          expect(state.raisedFen).toBe(model.raised());
          expect(state.pendingFen).toBe(model.pending());
          expect(state.paidFen).toBe(model.paid());
          expect(state.balanceFen).toBe(state.raisedFen - state.paidFen);
          expect(state.balanceFen).toBe(model.balance());
          if (!model.overdrawn) expect(state.balanceFen).toBeGreaterThanOrEqual(0);
          for (const [i, id] of members.entries()) {
            const mine = donationTotals(state, { memberId: id });
            expect(mine.confirmedFen).toBe(model.raised(i));
            expect(mine.pendingFen).toBe(model.pending(i));
          }
          expect(
            count(
              db,
              `SELECT count(*) AS n FROM audit_log WHERE branch_id = ? AND action LIKE 'fund.%'`,
              branchId,
            ),
          ).toBe(entries.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a donation is confirmed once and an entry reversed once, even past the application rules', () => {
    const { branchId, members } = newBranch();
    const a = actorOf(db, branchId, members[0]!);
    donate(actorOf(db, branchId, members[1]!), { amountFen: 5000, note: '', pending: true, limitFen: LIMIT });
    confirm(a, [1]);
    reverse(a, { seq: 1, reason: '写错' });
    // The partial unique indexes refuse a second confirm / reversal row for the same entry.
    const raw = (kind: string, seq: number) =>
      db.$client
        .prepare(
          `INSERT INTO fund_entries (branch_id, seq, kind, amount_fen, member_id, ref_seq, note, at, day, prev_hash, hash) VALUES (?, ?, ?, 5000, ?, 1, '', 1, ?, 'x', 'y')`,
        )
        .run(branchId, seq, kind, members[0], DAY);
    expect(() => raw('confirm', 4)).toThrow(/UNIQUE|append-only/);
    expect(() => raw('reversal', 4)).toThrow(/UNIQUE|append-only/);
  });

  it('the database refuses to update or delete a ledger row', () => {
    const { branchId, members } = newBranch();
    donate(actorOf(db, branchId, members[0]!), {
      amountFen: 5000,
      note: '',
      pending: false,
      limitFen: LIMIT,
    });
    expect(() =>
      db.$client.prepare('UPDATE fund_entries SET amount_fen = 1 WHERE branch_id = ?').run(branchId),
    ).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM fund_entries WHERE branch_id = ?').run(branchId)).toThrow(
      /append-only/,
    );
    expect(loadLedger(db, branchId)[0]!.amountFen).toBe(5000);
  });
});

describe('tamper detection', () => {
  /** A branch with a ledger of n entries in the database whose guards were dropped. */
  function tamperable(n: number) {
    const database = forged;
    const { branchId, members } = newBranch(database);
    const a = actorOf(database, branchId, members[0]!);
    for (let i = 1; i <= n; i++) {
      if (i % 3 === 0) payout(a, { amountFen: 100, note: '慰问', force: true, limitFen: LIMIT });
      else donate(a, { amountFen: 1000 * i, note: `第${i}笔`, pending: i % 2 === 0, limitFen: LIMIT });
    }
    return { database, branchId };
  }

  it('names the first changed, removed or relinked entry, wherever it is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.nat(),
        fc.constantFrom('amount', 'note', 'pending', 'delete', 'rehash'),
        (n, pick, how) => {
          const { database, branchId } = tamperable(n);
          const seq = (pick % n) + 1;
          const headBefore = checkLedger(database, branchId).chain;
          expect(headBefore.ok).toBe(true);
          const where = `WHERE branch_id = ${branchId} AND seq = ${seq}`;
          if (how === 'amount')
            database.$client.exec(`UPDATE fund_entries SET amount_fen = amount_fen + 1 ${where}`);
          if (how === 'note') database.$client.exec(`UPDATE fund_entries SET note = note || '改' ${where}`);
          if (how === 'pending')
            database.$client.exec(`UPDATE fund_entries SET pending = 1 - pending ${where}`);
          if (how === 'delete') database.$client.exec(`DELETE FROM fund_entries ${where}`);
          // A careful forger also recomputes the changed row's own hash: then the next row no longer links.
          if (how === 'rehash') {
            const row = loadLedger(database, branchId).find((e) => e.seq === seq)!;
            const forged = { ...row, amountFen: row.amountFen * 10 };
            const hash = entryHash(branchId, forged, row.prevHash);
            database.$client.exec(
              `UPDATE fund_entries SET amount_fen = ${forged.amountFen}, hash = '${hash}' ${where}`,
            );
          }
          const { chain } = checkLedger(database, branchId);
          if (how === 'rehash' && seq === n) {
            // The chain alone cannot see a rewritten last row; the head hash published by 公示 changes.
            expect(chain.ok && headBefore.ok && chain.headHash !== headBefore.headHash).toBe(true);
            return;
          }
          expect(chain.ok).toBe(false);
          if (!chain.ok) {
            const expected =
              how === 'delete'
                ? { kind: 'missing', seq }
                : how === 'rehash'
                  ? { kind: 'unlinked', seq: seq + 1 }
                  : { kind: 'changed', seq };
            expect(chain.problem).toEqual(expected);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
