import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../../src/core/db.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as an older release left it: the migrations up to and including `lastTag`. */
function databaseAt(lastTag: string): string {
  dir = mkdtempSync(join(tmpdir(), 'zhibu-migrate-'));
  const older = join(dir, 'migrations');
  cpSync(migrationsFolder, older, { recursive: true });
  const journalPath = join(older, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  const path = join(dir, 'zhibu.db');
  const sqlite = new Database(path);
  migrate(drizzle(sqlite), { migrationsFolder: older });
  sqlite.close();
  return path;
}

describe('upgrading a database of an older release', () => {
  it('0019 keeps every inbox, outbox and check-in row with its id, and new rows follow the largest id', () => {
    const path = databaseAt('0018_leaves_member');
    const old = new Database(path);
    old.exec(`
      INSERT INTO branches (id, name, created_at) VALUES (1, '第一党支部', 1);
      INSERT INTO members (id, branch_id, name, joined_day, created_at) VALUES (7, 1, '张三', '2026-11-01', 1);
      INSERT INTO inbox (id, platform, message_id, payload, sent_at, received_at, status)
        VALUES (41, 'lark', 'om_1', '{}', 1, 1, 'done'), (42, 'lark', 'om_2', '{}', 2, 2, 'pending');
      INSERT INTO outbox (id, platform, platform_chat_id, payload, status, created_at, idempotency_key)
        VALUES (90, 'lark', 'oc_1', '{"text":"✅"}', 'sent', 1, 'k90');
      INSERT INTO checkins (id, branch_id, member_id, day, at, late, kind, note, inbox_id)
        VALUES (5, 1, 7, '2026-11-02', 1, 0, 'normal', '', 41);
    `);
    old.close();

    const db = openDatabase(path).$client;
    expect(db.prepare('SELECT id, message_id, status FROM inbox ORDER BY id').all()).toEqual([
      { id: 41, message_id: 'om_1', status: 'done' },
      { id: 42, message_id: 'om_2', status: 'pending' },
    ]);
    expect(db.prepare('SELECT id, idempotency_key FROM outbox').all()).toEqual([
      { id: 90, idempotency_key: 'k90' },
    ]);
    expect(db.prepare('SELECT id, member_id, day, inbox_id FROM checkins').all()).toEqual([
      { id: 5, member_id: 7, day: '2026-11-02', inbox_id: 41 },
    ]);
    // The indexes came back with the tables: the partial index still finds the waiting row,
    // and a check-in's uniqueness still holds.
    expect(db.prepare(`SELECT id FROM inbox WHERE status = 'pending'`).pluck().all()).toEqual([42]);
    expect(() =>
      db.exec(
        `INSERT INTO checkins (branch_id, member_id, day, at, late, kind) VALUES (1, 7, '2026-11-02', 2, 0, 'normal')`,
      ),
    ).toThrow(/UNIQUE/);
    const newId = db
      .prepare(
        `INSERT INTO inbox (platform, message_id, payload, sent_at, received_at) VALUES ('lark', 'om_3', '{}', 3, 3)`,
      )
      .run().lastInsertRowid;
    expect(Number(newId)).toBe(43);
    expect(
      db.prepare(`SELECT name FROM sqlite_sequence WHERE name IN ('inbox', 'outbox', 'checkins')`).all(),
    ).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
