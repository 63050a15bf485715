import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { UserError } from '../../domain/user-error.js';
import { DEFAULT_THRESHOLDS, type GradeThresholds } from '../../domain/grade.js';
import type { Db } from '../../core/db.js';
import { branches } from '../../core/schema.js';
import { orgUnits } from './schema.js';

/**
 * Organisations (党委/党总支) and the links of branches to them. The write functions check the
 * rules and throw UserError to refuse; they run inside the command's transaction, so a refusal
 * changes nothing.
 */

export type OrgUnit = typeof orgUnits.$inferSelect;
export const ORG_TYPES = ['党委', '党总支'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** Letters and digits without the look-alikes 0/O, 1/I/L, so a code read aloud or retyped survives. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;
/** Links deeper than this are not followed (a real hierarchy has three or four levels). */
const MAX_DEPTH = 16;

export function orgUnitOf(db: Db, branchId: number): OrgUnit | undefined {
  return db.select().from(orgUnits).where(eq(orgUnits.branchId, branchId)).get();
}

/** True when this branch row is an organisation's own group. */
export function isOrganisation(db: Db, branchId: number): boolean {
  return orgUnitOf(db, branchId)?.kind === 'org';
}

export function thresholdsOf(unit: OrgUnit | undefined): GradeThresholds {
  return unit
    ? { excellent: unit.gradeExcellent, good: unit.gradeGood, pass: unit.gradePass }
    : DEFAULT_THRESHOLDS;
}

/** A branch's (group's) name, for replies. */
export function branchName(db: Db, branchId: number): string {
  return (
    db.select({ name: branches.name }).from(branches).where(eq(branches.id, branchId)).get()?.name ??
    `#${branchId}`
  );
}

/** Upper-cases a typed code and drops spaces and dashes ('abc-234' → 'ABC234'). */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

function newCode(db: Db): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    if (!db.select({ id: orgUnits.branchId }).from(orgUnits).where(eq(orgUnits.joinCode, code)).get())
      return code;
  }
}

/** Makes sure the branch has a row (a plain branch with default thresholds) and returns it. */
function ensureUnit(db: Db, branchId: number, now: number): OrgUnit {
  db.insert(orgUnits).values({ branchId, kind: 'branch', updatedAt: now }).onConflictDoNothing().run();
  return orgUnitOf(db, branchId)!;
}

/** Marks the branch's group as an organisation of `type`, keeping its code if it had one. */
export function markOrganisation(db: Db, branchId: number, type: OrgType, now: number): OrgUnit {
  const unit = ensureUnit(db, branchId, now);
  const joinCode = unit.joinCode ?? newCode(db);
  return db
    .update(orgUnits)
    .set({ kind: 'org', orgType: type, joinCode, updatedAt: now })
    .where(eq(orgUnits.branchId, branchId))
    .returning()
    .get();
}

/** Gives an organisation a new join code; the old one stops working, existing links stay. */
export function renewCode(db: Db, branchId: number, now: number): OrgUnit {
  return db
    .update(orgUnits)
    .set({ joinCode: newCode(db), updatedAt: now })
    .where(eq(orgUnits.branchId, branchId))
    .returning()
    .get();
}

/** Turns an organisation back into a plain group. Throws UserError while it has children. */
export function unmarkOrganisation(db: Db, branchId: number, now: number): void {
  const kids = childrenOf(db, branchId);
  if (kids.length) {
    throw new UserError(
      `还有 ${kids.length} 个下级（${kids.map((k) => k.name).join('、')}），请先「设置 移除下级 名称」或请它们「设置 上级 无」。`,
    );
  }
  db.update(orgUnits)
    .set({ kind: 'branch', orgType: null, joinCode: null, updatedAt: now })
    .where(eq(orgUnits.branchId, branchId))
    .run();
}

/** The organisation a join code belongs to, with its group's name. */
export function findOrgByCode(db: Db, code: string): { unit: OrgUnit; name: string } | undefined {
  const unit = db
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.joinCode, normalizeCode(code)))
    .get();
  return unit && unit.kind === 'org' ? { unit, name: branchName(db, unit.branchId) } : undefined;
}

/** The chain of organisations above a branch, nearest first. */
export function ancestorsOf(db: Db, branchId: number): { branchId: number; name: string }[] {
  const out: { branchId: number; name: string }[] = [];
  let parent = orgUnitOf(db, branchId)?.parentBranchId ?? null;
  while (parent !== null && out.length < MAX_DEPTH && !out.some((a) => a.branchId === parent)) {
    out.push({ branchId: parent, name: branchName(db, parent) });
    parent = orgUnitOf(db, parent)?.parentBranchId ?? null;
  }
  return out;
}

/**
 * Links `branchId` under the organisation `parentId`. Throws UserError when the parent is the
 * branch itself or sits below it (a cycle). Returns the previous parent, if it had one.
 */
export function linkToParent(
  db: Db,
  branchId: number,
  parentId: number,
  now: number,
): { previous: number | null } {
  if (parentId === branchId) throw new UserError('这是本群自己的邀请码：不能把本群设为自己的上级。');
  const above = ancestorsOf(db, parentId);
  const loop = above.findIndex((a) => a.branchId === branchId);
  if (loop !== -1) {
    const path = [
      branchName(db, parentId),
      ...above.slice(0, loop).map((a) => a.name),
      branchName(db, branchId),
    ].join(' → ');
    throw new UserError(
      `不能设置：「${branchName(db, parentId)}」已经在本群之下（${path}），互为上下级会形成循环。`,
    );
  }
  const unit = ensureUnit(db, branchId, now);
  db.update(orgUnits)
    .set({ parentBranchId: parentId, updatedAt: now })
    .where(eq(orgUnits.branchId, branchId))
    .run();
  return { previous: unit.parentBranchId };
}

/** Removes the branch's link to its parent; returns the parent it had, or null. */
export function unlinkParent(db: Db, branchId: number, now: number): number | null {
  const unit = orgUnitOf(db, branchId);
  if (!unit?.parentBranchId) return null;
  db.update(orgUnits)
    .set({ parentBranchId: null, updatedAt: now })
    .where(eq(orgUnits.branchId, branchId))
    .run();
  return unit.parentBranchId;
}

export function setThresholds(db: Db, branchId: number, t: GradeThresholds, now: number): void {
  db.update(orgUnits)
    .set({ gradeExcellent: t.excellent, gradeGood: t.good, gradePass: t.pass, updatedAt: now })
    .where(eq(orgUnits.branchId, branchId))
    .run();
}

/** Direct children (branches and smaller organisations), by name. */
export function childrenOf(
  db: Db,
  orgId: number,
): { branchId: number; name: string; kind: 'branch' | 'org' }[] {
  return db
    .select({ branchId: orgUnits.branchId, name: branches.name, kind: orgUnits.kind })
    .from(orgUnits)
    .innerJoin(branches, eq(branches.id, orgUnits.branchId))
    .where(eq(orgUnits.parentBranchId, orgId))
    .orderBy(branches.id)
    .all();
}

export interface DescendantBranch {
  branchId: number;
  name: string;
  /** The organisation it is linked to directly. */
  parentId: number;
  parentName: string;
}

/**
 * Every branch below an organisation, at any depth (a 党委's own branches and those of its
 * 党总支), without the organisations in between. UNION and a depth limit stop at any cycle.
 */
export function descendantBranches(db: Db, orgId: number): DescendantBranch[] {
  return db.all<DescendantBranch>(sql`
    WITH RECURSIVE tree(branch_id, depth) AS (
      SELECT branch_id, 1 FROM org_units WHERE parent_branch_id = ${orgId}
      UNION
      SELECT u.branch_id, t.depth + 1 FROM org_units u JOIN tree t ON u.parent_branch_id = t.branch_id
      WHERE t.depth < ${MAX_DEPTH} AND u.branch_id <> ${orgId}
    )
    SELECT DISTINCT u.branch_id AS branchId, b.name AS name, u.parent_branch_id AS parentId, p.name AS parentName
    FROM tree t
    JOIN org_units u ON u.branch_id = t.branch_id
    JOIN branches b ON b.id = u.branch_id
    JOIN branches p ON p.id = u.parent_branch_id
    WHERE u.kind = 'branch'
    ORDER BY u.branch_id`);
}
