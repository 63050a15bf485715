import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Times are epoch milliseconds; calendar days are 'YYYY-MM-DD' in the app's timezone. */

/** Facts about this installation, such as the random id that prefixes idempotency keys. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const branches = sqliteTable('branches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Per-branch settings as key/value, so a new setting needs no migration; defaults live in code. */
export const branchSettings = sqliteTable(
  'branch_settings',
  {
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [uniqueIndex('branch_settings_key').on(t.branchId, t.key)],
);

/** A platform group bound to a branch. */
export const chats = sqliteTable(
  'chats',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    platform: text('platform').notNull(),
    platformChatId: text('platform_chat_id').notNull(),
    title: text('title').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('chats_platform_chat').on(t.platform, t.platformChatId)],
);

export const roles = ['member', 'committee', 'secretary'] as const;
export type Role = (typeof roles)[number];

/** A person in a branch. Names change and repeat; identities map platform ids to a member. */
export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    name: text('name').notNull(),
    /** First day the member is expected to check in. */
    joinedDay: text('joined_day').notNull(),
    /** Day the member left the group; null while a member. */
    leftDay: text('left_day'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    // Covers "who is expected on day D" so the per-check-in count reads the index alone.
    index('members_branch_span').on(t.branchId, t.joinedDay, t.leftDay),
  ],
);

/** Role grants; one row per member, absent means 'member'. */
export const memberRoles = sqliteTable('member_roles', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  role: text('role', { enum: roles }).notNull(),
  grantedBy: integer('granted_by'),
  grantedAt: integer('granted_at').notNull(),
});

export const identities = sqliteTable(
  'identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [uniqueIndex('identities_platform_user').on(t.branchId, t.platform, t.platformUserId)],
);

/** Excused days (请假), a fact about a member that every feature's attendance respects. */
export const leaves = sqliteTable(
  'leaves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    startDay: text('start_day').notNull(),
    endDay: text('end_day').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('leaves_branch').on(t.branchId, t.startDay),
    // A member's own leave, which every 打卡 reads for its streak: without it, a scan of all leave.
    index('leaves_member').on(t.memberId, t.startDay),
  ],
);

/** Every accepted message, written before it is acknowledged; unique per platform message id. */
export const inbox = sqliteTable(
  'inbox',
  {
    id: integer('id').primaryKey(), // no AUTOINCREMENT: see migrations/0019_plain_rowids.sql
    platform: text('platform').notNull(),
    messageId: text('message_id').notNull(),
    /** The whole IncomingMessage as JSON, so processing after a restart sees exactly what arrived. */
    payload: text('payload').notNull(),
    sentAt: integer('sent_at').notNull(),
    receivedAt: integer('received_at').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('inbox_platform_message').on(t.platform, t.messageId),
    // Only waiting rows: the index stays one page, so handling a row (pending → done) rewrites
    // that page instead of moving an entry between two regions of an ever-growing index.
    index('inbox_pending')
      .on(t.id)
      .where(sql`status = 'pending'`),
  ],
);

/** Replies, reminders and summaries; rows first, then sent by the sender loop. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(), // no AUTOINCREMENT: see migrations/0019_plain_rowids.sql
    platform: text('platform').notNull(),
    platformChatId: text('platform_chat_id').notNull(),
    /** The OutgoingMessage body as JSON (text, mentions, card, file). */
    payload: text('payload').notNull(),
    /** Rows with the same merge key waiting for the same chat may be sent as one message. */
    mergeKey: text('merge_key'),
    status: text('status', { enum: ['pending', 'sent', 'merged', 'failed'] })
      .notNull()
      .default('pending'),
    /** Set before the first send; once a row was attempted its content is frozen. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    mergedInto: integer('merged_into'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /**
     * Random, set when the row is written: the platform's deduplication key (Feishu `uuid`).
     * Never derived from the row id, which a restored backup would hand out again.
     */
    idempotencyKey: text('idempotency_key'),
    /** The platform's ids of what was sent, as a JSON array (notices use them for read receipts). */
    platformMessageIds: text('platform_message_ids'),
  },
  // Only rows waiting to be sent (as for the inbox): every query of the sender asks for those.
  (t) => [
    index('outbox_pending')
      .on(t.platform, t.platformChatId, t.id)
      .where(sql`status = 'pending'`),
  ],
);

/** A scheduled run claims its (job, branch, period) here first, so it happens exactly once. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    period: text('period').notNull(),
    claimedAt: integer('claimed_at').notNull(),
  },
  (t) => [uniqueIndex('job_runs_claim').on(t.job, t.branchId, t.period)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id'),
    memberId: integer('member_id'),
    action: text('action').notNull(),
    detail: text('detail').notNull().default('{}'),
    at: integer('at')
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('audit_branch').on(t.branchId, t.id)],
);
