import { and, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { prepared, type Db } from '../../core/db.js';
import { members } from '../../core/schema.js';
import type { Day } from '../../domain/time.js';
import { noticeReceipts, notices } from './schema.js';

export type Notice = typeof notices.$inferSelect;

/** A notice without a deadline takes a bare 收到 for this long. */
export const OPEN_MS = 7 * 24 * 3600_000;

/** Open: before its deadline, or within a week of posting when it has none. */
export function isOpen(n: Notice, at: number): boolean {
  return n.deadlineAt !== null ? at <= n.deadlineAt : at - n.postedAt <= OPEN_MS;
}

/** Posts notice N+1 of the branch, expecting `expected` (member ids) to answer. */
export function createNotice(
  db: Db,
  n: Omit<typeof notices.$inferInsert, 'id' | 'number'>,
  expected: readonly number[],
): Notice {
  const last = db
    .select({ n: sql<number | null>`max(${notices.number})` })
    .from(notices)
    .where(eq(notices.branchId, n.branchId))
    .get();
  const created = db
    .insert(notices)
    .values({ ...n, number: (last?.n ?? 0) + 1 })
    .returning()
    .get();
  for (const memberId of expected) db.insert(noticeReceipts).values({ noticeId: created.id, memberId }).run();
  return created;
}

export function noticeByNumber(db: Db, branchId: number, number: number): Notice | undefined {
  return db
    .select()
    .from(notices)
    .where(and(eq(notices.branchId, branchId), eq(notices.number, number)))
    .get();
}

export function noticeById(db: Db, id: number): Notice | undefined {
  return db.select().from(notices).where(eq(notices.id, id)).get();
}

/** The branch's latest notices, newest first. */
export function latestNotices(db: Db, branchId: number, limit: number): Notice[] {
  return db
    .select()
    .from(notices)
    .where(eq(notices.branchId, branchId))
    .orderBy(desc(notices.number))
    .limit(limit)
    .all();
}

/** Notices still taking a bare 收到, newest first (deadlines are at most a year ahead). */
export function openNotices(db: Db, branchId: number, at: number): Notice[] {
  // Prepared once: every 收到 in the group asks, and building this query cost more than running it.
  return prepared(db, 'openNotices', () =>
    db
      .select()
      .from(notices)
      .where(
        and(
          eq(notices.branchId, sql.placeholder('branch')),
          or(
            sql`${notices.deadlineAt} >= ${sql.placeholder('at')}`,
            and(isNull(notices.deadlineAt), gte(notices.postedAt, sql.placeholder('since'))),
          ),
        ),
      )
      .orderBy(desc(notices.number))
      .prepare(),
  ).all({ branch: branchId, at, since: at - OPEN_MS });
}

export function usesNotices(db: Db, branchId: number): boolean {
  return (
    db.select({ id: notices.id }).from(notices).where(eq(notices.branchId, branchId)).limit(1).get() !==
    undefined
  );
}

/** Notices posted on a day of [start, end], oldest first. */
export function noticesBetween(db: Db, branchId: number, start: Day, end: Day): Notice[] {
  return db
    .select()
    .from(notices)
    .where(and(eq(notices.branchId, branchId), gte(notices.day, start), lte(notices.day, end)))
    .orderBy(notices.number)
    .all();
}

export interface Receipt {
  memberId: number;
  name: string;
  answeredAt: number | null;
  readAt: number | null;
}

/** Everyone a notice expects, in the order they joined the branch. */
export function receiptsOf(db: Db, noticeId: number): Receipt[] {
  return db
    .select({
      memberId: noticeReceipts.memberId,
      name: members.name,
      answeredAt: noticeReceipts.answeredAt,
      readAt: noticeReceipts.readAt,
    })
    .from(noticeReceipts)
    .innerJoin(members, eq(members.id, noticeReceipts.memberId))
    .where(eq(noticeReceipts.noticeId, noticeId))
    .orderBy(members.id)
    .all();
}

export interface Tally {
  expected: number;
  answered: number;
  read: number;
}

/** Expected, answered and read counts of one notice. */
export function tallyOf(db: Db, noticeId: number): Tally {
  return db
    .select({
      expected: sql<number>`count(*)`,
      answered: sql<number>`count(${noticeReceipts.answeredAt})`,
      read: sql<number>`count(${noticeReceipts.readAt})`,
    })
    .from(noticeReceipts)
    .where(eq(noticeReceipts.noticeId, noticeId))
    .get()!;
}

/** answered / expected; null when nobody was expected. */
export const rateOf = (t: Tally): number | null => (t.expected === 0 ? null : t.answered / t.expected);

/**
 * Records a member's 收到. Someone the notice did not expect (joined after it was posted) is
 * added as expected and answered. Returns the earlier time when they had already answered.
 */
export function answer(db: Db, noticeId: number, memberId: number, at: number): { already: number | null } {
  const row = db
    .select({ answeredAt: noticeReceipts.answeredAt })
    .from(noticeReceipts)
    .where(and(eq(noticeReceipts.noticeId, noticeId), eq(noticeReceipts.memberId, memberId)))
    .get();
  if (row?.answeredAt != null) return { already: row.answeredAt };
  db.insert(noticeReceipts)
    .values({ noticeId, memberId, answeredAt: at })
    .onConflictDoUpdate({
      target: [noticeReceipts.noticeId, noticeReceipts.memberId],
      set: { answeredAt: at },
    })
    .run();
  return { already: null };
}

/** Marks a member as having read a notice (the first time counts). */
export function markRead(db: Db, noticeId: number, memberId: number, at: number): boolean {
  const r = db
    .update(noticeReceipts)
    .set({ readAt: at })
    .where(
      and(
        eq(noticeReceipts.noticeId, noticeId),
        eq(noticeReceipts.memberId, memberId),
        isNull(noticeReceipts.readAt),
      ),
    )
    .run();
  return r.changes > 0;
}

/** The member's unanswered notices among those still open, newest first. */
export function pendingFor(db: Db, branchId: number, memberId: number, at: number): Notice[] {
  const open = openNotices(db, branchId, at);
  if (open.length === 0) return [];
  const unanswered = new Set(
    db
      .select({ id: noticeReceipts.noticeId })
      .from(noticeReceipts)
      .where(and(eq(noticeReceipts.memberId, memberId), isNull(noticeReceipts.answeredAt)))
      .all()
      .map((r) => r.id),
  );
  return open.filter((n) => unanswered.has(n.id));
}

/** Notices of a chat still owing a follow-up or a deadline message (the partial index notices_owing). */
export function noticesOwingWork(db: Db, chatId: number): Notice[] {
  return db
    .select()
    .from(notices)
    .where(
      sql`${notices.chatId} = ${chatId} AND (followed_up_at IS NULL OR (deadline_at IS NOT NULL AND deadline_told_at IS NULL))`,
    )
    .all();
}

/** Claims a notice's follow-up; false when it was already claimed. */
export function claimFollowUp(db: Db, noticeId: number, at: number): boolean {
  return (
    db
      .update(notices)
      .set({ followedUpAt: at })
      .where(and(eq(notices.id, noticeId), isNull(notices.followedUpAt)))
      .run().changes > 0
  );
}

/** Claims telling the sender at the deadline; false when it was already claimed. */
export function claimDeadline(db: Db, noticeId: number, at: number): boolean {
  return (
    db
      .update(notices)
      .set({ deadlineToldAt: at })
      .where(and(eq(notices.id, noticeId), isNull(notices.deadlineToldAt)))
      .run().changes > 0
  );
}

/**
 * The notices (ids) the bot's messages with these platform ids carried: the notice itself or its
 * follow-up, found by the outbox rows tagged with `mergeData.postedNotice`. A row merged into
 * another (a late reply) is found through the row that was actually sent.
 */
export function noticesForPlatformMessages(
  db: Db,
  platform: string,
  chatId: string,
  messageIds: readonly string[],
): number[] {
  if (messageIds.length === 0) return [];
  const rows = db.all<{ id: number | null }>(sql`
    SELECT coalesce(
      json_extract(o.payload, '$.mergeData.postedNotice'),
      (SELECT json_extract(m.payload, '$.mergeData.postedNotice') FROM outbox m
        WHERE m.merged_into = o.id AND json_extract(m.payload, '$.mergeData.postedNotice') IS NOT NULL
        LIMIT 1)
    ) AS id
    FROM outbox o, json_each(o.platform_message_ids) j
    WHERE o.platform = ${platform} AND o.platform_chat_id = ${chatId}
      AND o.platform_message_ids IS NOT NULL
      AND j.value IN (${sql.join(
        messageIds.map((id) => sql`${id}`),
        sql`, `,
      )})`);
  return [...new Set(rows.flatMap((r) => (typeof r.id === 'number' ? [r.id] : [])))];
}
