import { prepared, type Db } from './db.js';

/**
 * The outbox rows as the sender reads and writes them. Plain statements: the sender runs several
 * per message, and drizzle's placeholder filling and row mapping cost more than these queries
 * (a head lookup: 7 µs plain, 25 µs through drizzle). `status = 'pending'` is written out, not
 * bound, so SQLite can use the partial index `outbox_pending`.
 */
export interface OutboxRow {
  id: number;
  platform: string;
  platformChatId: string;
  payload: string;
  mergeKey: string | null;
  attempts: number;
  nextAttemptAt: number;
  idempotencyKey: string | null;
}

const COLUMNS = `id, platform, platform_chat_id AS platformChatId, payload, merge_key AS mergeKey, attempts,
  next_attempt_at AS nextAttemptAt, idempotency_key AS idempotencyKey`;

/** The oldest waiting row of one chat. */
export function chatHead(db: Db, platform: string, chatId: string): OutboxRow | undefined {
  return prepared(db, 'outboxHead', () =>
    db.$client.prepare<[string, string], OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox
        WHERE status = 'pending' AND platform = ? AND platform_chat_id = ? ORDER BY id LIMIT 1`,
    ),
  ).get(platform, chatId);
}

/** The oldest waiting row of every chat. */
export function chatHeads(db: Db): OutboxRow[] {
  return prepared(db, 'outboxHeads', () =>
    db.$client.prepare<[], OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE id IN
         (SELECT min(id) FROM outbox WHERE status = 'pending' GROUP BY platform, platform_chat_id)`,
    ),
  ).all();
}

/** How many rows one merged message takes at most. */
export const MAX_MERGE = 200;

/** Rows waiting right behind `head` in its chat (at most MAX_MERGE). */
export function rowsBehind(db: Db, head: OutboxRow): OutboxRow[] {
  // The limit written out: SQLite ran this 6× slower with it bound (`LIMIT ?`: 28 µs, 4.4 µs).
  return prepared(db, 'outboxBehind', () =>
    db.$client.prepare<[string, string, number], OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND platform = ? AND platform_chat_id = ? AND id > ?
        ORDER BY id LIMIT ${MAX_MERGE}`,
    ),
  ).all(head.platform, head.platformChatId, head.id);
}

/** Rows waiting, all of them or those of the given platforms. */
export function countWaiting(db: Db, platforms?: readonly string[]): number {
  if (!platforms)
    return prepared(db, 'outboxWaiting', () =>
      db.$client.prepare<[], number>(`SELECT count(*) FROM outbox WHERE status = 'pending'`).pluck(),
    ).get()!;
  return prepared(db, 'outboxWaitingOn', () =>
    db.$client
      .prepare<[string], number>(
        `SELECT count(*) FROM outbox WHERE status = 'pending' AND platform IN (SELECT value FROM json_each(?))`,
      )
      .pluck(),
  ).get(JSON.stringify(platforms))!;
}

/** Freezes the payload about to be sent and counts the attempt. */
export function freezeRow(db: Db, id: number, payload: string, attempts: number): void {
  prepared(db, 'outboxFreeze', () =>
    db.$client.prepare<[string, number, number]>('UPDATE outbox SET payload = ?, attempts = ? WHERE id = ?'),
  ).run(payload, attempts, id);
}

export function markMerged(db: Db, ids: readonly number[], into: number): void {
  prepared(db, 'outboxMerged', () =>
    db.$client.prepare<[number, string]>(
      `UPDATE outbox SET status = 'merged', merged_into = ? WHERE id IN (SELECT value FROM json_each(?))`,
    ),
  ).run(into, JSON.stringify(ids));
}

export function markSent(db: Db, id: number, sentAt: number, messageIds: string | null): void {
  prepared(db, 'outboxSent', () =>
    db.$client.prepare<[number, string | null, number]>(
      `UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, platform_message_ids = ? WHERE id = ?`,
    ),
  ).run(sentAt, messageIds, id);
}
