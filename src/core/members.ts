import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Day } from '../domain/time.js';
import { prepared, type Db } from './db.js';
import { cleanName, MAX_TITLE } from './text.js';

/** The name of a member whose platform name is empty once cleaned. */
export const UNNAMED = '未命名成员';
import { branches, chats, identities, memberRoles, members, type Role } from './schema.js';

export type Member = typeof members.$inferSelect;
export type Chat = typeof chats.$inferSelect;
export type Branch = typeof branches.$inferSelect;

/** Member columns as the `Member` type names them, of the table aliased `t` (plain statements). */
const memberColumns = (t = '') =>
  `${t}id, ${t}branch_id AS branchId, ${t}name, ${t}joined_day AS joinedDay, ${t}left_day AS leftDay,
   ${t}created_at AS createdAt`;
/** Chat columns as the `Chat` type names them, of the table aliased `t`. */
const chatColumns = (t = '') =>
  `${t}id, ${t}branch_id AS branchId, ${t}platform, ${t}platform_chat_id AS platformChatId, ${t}title,
   ${t}created_at AS createdAt`;

// The lookups every message makes (its chat, its sender, the sender's role) are plain
// statements: drizzle's placeholder filling and row mapping cost more than these queries.

export function findChat(
  db: Db,
  platform: string,
  platformChatId: string,
): { chat: Chat; branch: Branch } | undefined {
  const row = prepared(db, 'findChat', () =>
    db.$client.prepare<[string, string], Chat & { branchName: string; branchCreatedAt: number }>(
      `SELECT ${chatColumns('c.')}, b.name AS branchName, b.created_at AS branchCreatedAt
         FROM chats c JOIN branches b ON b.id = c.branch_id WHERE c.platform = ? AND c.platform_chat_id = ?`,
    ),
  ).get(platform, platformChatId);
  if (!row) return undefined;
  // Written out: a rest pattern (`...chat`) on the row cost a microsecond of every message.
  const chat = {
    id: row.id,
    branchId: row.branchId,
    platform: row.platform,
    platformChatId: row.platformChatId,
    title: row.title,
    createdAt: row.createdAt,
  };
  return { chat, branch: { id: row.branchId, name: row.branchName, createdAt: row.branchCreatedAt } };
}

/** Binds a new platform group to a new branch named after the group. */
export function createBranchWithChat(
  db: Db,
  input: { platform: string; platformChatId: string; title: string; now: number },
): { chat: Chat; branch: Branch } {
  const name = cleanName(input.title, MAX_TITLE) || '未命名支部';
  const branch = prepared(db, 'branchInsert', () =>
    db.$client.prepare<[string, number], Branch>(
      'INSERT INTO branches (name, created_at) VALUES (?, ?) RETURNING id, name, created_at AS createdAt',
    ),
  ).get(name, input.now)!;
  const chat = prepared(db, 'chatInsert', () =>
    db.$client.prepare<[number, string, string, string, number], Chat>(
      `INSERT INTO chats (branch_id, platform, platform_chat_id, title, created_at) VALUES (?, ?, ?, ?, ?)
       RETURNING ${chatColumns()}`,
    ),
  ).get(branch.id, input.platform, input.platformChatId, cleanName(input.title, MAX_TITLE), input.now)!;
  return { chat, branch };
}

export function ensureChat(
  db: Db,
  input: { platform: string; platformChatId: string; title: string; now: number },
): { chat: Chat; branch: Branch; created: boolean } {
  const found = findChat(db, input.platform, input.platformChatId);
  const { chat, branch } = found ?? createBranchWithChat(db, input);
  return { chat, branch, created: !found };
}

export function findMemberByIdentity(
  db: Db,
  branchId: number,
  platform: string,
  userId: string,
): Member | undefined {
  return prepared(db, 'findMemberByIdentity', () =>
    db.$client.prepare<[number, string, string], Member>(
      `SELECT ${memberColumns('m.')} FROM identities i JOIN members m ON m.id = i.member_id
        WHERE i.branch_id = ? AND i.platform = ? AND i.platform_user_id = ?`,
    ),
  ).get(branchId, platform, userId);
}

/**
 * Finds the member behind a platform user in a branch, creating them on first sight. A known
 * member's display name follows the platform's; one who had left and speaks again rejoins.
 */
export function ensureMember(
  db: Db,
  input: { branchId: number; platform: string; userId: string; name: string; today: Day; now: number },
): { member: Member; created: boolean } {
  // Names are cleaned where they enter (messages and roster syncs alike); an empty one is never
  // replaced by the raw platform id, which is not for people's eyes.
  const name = cleanName(input.name);
  const found = findMemberByIdentity(db, input.branchId, input.platform, input.userId);
  if (found) {
    // One who left and speaks again (or is in the roster again) rejoins; a late message sent
    // before they left (delivered after a platform's outage) does not bring them back.
    const rejoins = found.leftDay !== null && input.today >= found.leftDay;
    if ((name && found.name !== name) || rejoins) {
      const member = db
        .update(members)
        .set({ name: name || found.name, leftDay: rejoins ? null : found.leftDay })
        .where(eq(members.id, found.id))
        .returning()
        .get();
      return { member, created: false };
    }
    return { member: found, created: false };
  }
  const member = prepared(db, 'memberInsert', () =>
    db.$client.prepare<[number, string, Day, number], Member>(
      `INSERT INTO members (branch_id, name, joined_day, created_at) VALUES (?, ?, ?, ?)
       RETURNING ${memberColumns()}`,
    ),
  ).get(input.branchId, name || UNNAMED, input.today, input.now)!;
  prepared(db, 'identityInsert', () =>
    db.$client.prepare<[number, string, string, number]>(
      'INSERT INTO identities (branch_id, platform, platform_user_id, member_id) VALUES (?, ?, ?, ?)',
    ),
  ).run(input.branchId, input.platform, input.userId, member.id);
  return { member, created: true };
}

export function roleOf(db: Db, memberId: number): Role {
  return (
    prepared(db, 'roleOf', () =>
      db.$client.prepare<[number], Role>('SELECT role FROM member_roles WHERE member_id = ?').pluck(),
    ).get(memberId) ?? 'member'
  );
}

export function setRole(db: Db, memberId: number, role: Role, grantedBy: number | null, now: number): void {
  if (role === 'member') {
    db.delete(memberRoles).where(eq(memberRoles.memberId, memberId)).run();
    return;
  }
  db.insert(memberRoles)
    .values({ memberId, role, grantedBy, grantedAt: now })
    .onConflictDoUpdate({ target: memberRoles.memberId, set: { role, grantedBy, grantedAt: now } })
    .run();
}

export function countWithRole(db: Db, branchId: number, role: Role): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(memberRoles)
      .innerJoin(members, eq(members.id, memberRoles.memberId))
      .where(and(eq(members.branchId, branchId), eq(memberRoles.role, role), isNull(members.leftDay)))
      .get()?.n ?? 0
  );
}

/** Current members holding `role`. */
export function membersWithRole(db: Db, branchId: number, role: Role): Member[] {
  return db
    .select({ m: members })
    .from(memberRoles)
    .innerJoin(members, eq(members.id, memberRoles.memberId))
    .where(and(eq(members.branchId, branchId), eq(memberRoles.role, role), isNull(members.leftDay)))
    .all()
    .map((r) => r.m);
}

/** Members who are in the branch now, by name. */
export function currentMembers(db: Db, branchId: number): Member[] {
  return db
    .select()
    .from(members)
    .where(and(eq(members.branchId, branchId), isNull(members.leftDay)))
    .orderBy(members.id)
    .all();
}

/** Members who were in the branch on some day of [start, end]. */
export function membersDuring(db: Db, branchId: number, start: Day, end: Day): Member[] {
  // A plain statement: every report reads the whole roster (2,000 rows), at half drizzle's cost.
  return prepared(db, 'membersDuring', () =>
    db.$client.prepare<[number, Day, Day], Member>(
      `SELECT ${memberColumns()} FROM members
        WHERE branch_id = ? AND joined_day <= ? AND (left_day IS NULL OR left_day > ?) ORDER BY id`,
    ),
  ).all(branchId, end, start);
}

/** Members who were in the branch on some day of [start, end] (`membersDuring` of one branch). */
export type Roster = (start: Day, end: Day) => Member[];

export const rosterOf =
  (db: Db, branchId: number): Roster =>
  (start, end) =>
    membersDuring(db, branchId, start, end);

/** Every day there is: the span that holds everyone the branch ever had. */
const EVER: [Day, Day] = ['0000-00-00', '9999-99-99'];

const reportRosters = new WeakMap<object, Member[]>();

/**
 * The roster for report building: the branch's members are read once per report (the `scope`
 * object it is built with) and filtered per span, instead of once per section, session and
 * meeting. Reports only read, so the members cannot change while one is built.
 */
export function reportRoster(scope: { db: Db; branch: { id: number } }): Roster {
  return (start, end) => {
    let all = reportRosters.get(scope);
    if (!all) {
      all = membersDuring(scope.db, scope.branch.id, ...EVER);
      reportRosters.set(scope, all);
    }
    return all.filter((m) => m.joinedDay <= end && (m.leftDay === null || m.leftDay > start));
  };
}

/** How many members are expected on `day`: in the branch and not on leave. */
export function countExpected(db: Db, branchId: number, day: Day): number {
  // One plain statement: every check-in reply's tally (今日 n/m) runs it.
  return prepared(db, 'countExpected', () =>
    db.$client
      .prepare<[number, Day, Day, number, Day, Day], number>(
        `SELECT max(0,
           (SELECT count(*) FROM members WHERE branch_id = ? AND joined_day <= ? AND (left_day IS NULL OR left_day > ?))
           - (SELECT count(DISTINCT member_id) FROM leaves WHERE branch_id = ? AND start_day <= ? AND end_day >= ?))`,
      )
      .pluck(),
  ).get(branchId, day, day, branchId, day, day)!;
}

export function findMembersByName(db: Db, branchId: number, name: string): Member[] {
  return db
    .select()
    .from(members)
    .where(and(eq(members.branchId, branchId), eq(members.name, cleanName(name)), isNull(members.leftDay)))
    .all();
}

export function platformUserIds(db: Db, memberIds: number[], platform: string): Map<number, string> {
  if (memberIds.length === 0) return new Map();
  const rows = db
    .select({ memberId: identities.memberId, userId: identities.platformUserId })
    .from(identities)
    .where(and(eq(identities.platform, platform), sql`${identities.memberId} IN ${memberIds}`))
    .all();
  return new Map(rows.map((r) => [r.memberId, r.userId]));
}

/**
 * Brings a platform group's member list into its branch: newcomers are added (expected from
 * today), members no longer in the group are marked as left, and the group owner becomes
 * secretary while the branch has none.
 */
export function syncRoster(
  db: Db,
  input: {
    branchId: number;
    platform: string;
    roster: { userId: string; name: string }[];
    ownerId?: string;
    today: Day;
    now: number;
  },
): { added: number; left: number } {
  let added = 0;
  const present = new Set<string>();
  for (const person of input.roster) {
    present.add(person.userId);
    const { created } = ensureMember(db, {
      branchId: input.branchId,
      platform: input.platform,
      userId: person.userId,
      name: person.name,
      today: input.today,
      now: input.now,
    });
    if (created) added++;
  }
  let left = 0;
  if (input.roster.length > 0) {
    const known = db
      .select({ memberId: identities.memberId, userId: identities.platformUserId })
      .from(identities)
      .innerJoin(members, eq(members.id, identities.memberId))
      .where(
        and(
          eq(identities.branchId, input.branchId),
          eq(identities.platform, input.platform),
          isNull(members.leftDay),
        ),
      )
      .all();
    for (const k of known) {
      if (present.has(k.userId)) continue;
      markLeft(db, k.memberId, input.today);
      left++;
    }
  }
  if (input.ownerId && countWithRole(db, input.branchId, 'secretary') === 0) {
    const owner = findMemberByIdentity(db, input.branchId, input.platform, input.ownerId);
    if (owner) setRole(db, owner.id, 'secretary', null, input.now);
  }
  return { added, left };
}

export function markLeft(db: Db, memberId: number, today: Day): void {
  db.update(members).set({ leftDay: today }).where(eq(members.id, memberId)).run();
}

/** The branches where a platform user is a current member, each with one of its chats on that platform. */
export function membershipsOf(
  db: Db,
  platform: string,
  userId: string,
): { branch: Branch; chat: Chat; member: Member }[] {
  const rows = db
    .select({ branch: branches, member: members })
    .from(identities)
    .innerJoin(members, eq(members.id, identities.memberId))
    .innerJoin(branches, eq(branches.id, identities.branchId))
    .where(
      and(eq(identities.platform, platform), eq(identities.platformUserId, userId), isNull(members.leftDay)),
    )
    .orderBy(branches.id)
    .all();
  return rows.flatMap((r) => {
    const chat = db
      .select()
      .from(chats)
      .where(and(eq(chats.branchId, r.branch.id), eq(chats.platform, platform)))
      .orderBy(chats.id)
      .get();
    return chat ? [{ ...r, chat }] : [];
  });
}

/** Names by id of everyone the branch ever had (`#id` for an unknown id). */
export function memberNames(db: Db, branchId: number): (id: number) => string {
  return namesIn(rosterOf(db, branchId));
}

/** `memberNames` for report building, from the report's roster (read once per report). */
export function reportNames(scope: { db: Db; branch: { id: number } }): (id: number) => string {
  return namesIn(reportRoster(scope));
}

function namesIn(roster: Roster): (id: number) => string {
  const names = new Map(roster(...EVER).map((m) => [m.id, m.name]));
  return (id) => names.get(id) ?? `#${id}`;
}
