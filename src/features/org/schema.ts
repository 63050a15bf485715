import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { branches } from '../../core/schema.js';

/**
 * Organisations (党委/党总支) above branches. Every group chat is a branch row; an organisation's
 * own group is one too, marked here as kind 'org' with a join code its secretary shares. A branch
 * (or a smaller organisation) points at its parent. A branch never linked has no row.
 */
export const orgUnits = sqliteTable(
  'org_units',
  {
    branchId: integer('branch_id')
      .primaryKey()
      .references(() => branches.id),
    kind: text('kind', { enum: ['branch', 'org'] }).notNull(),
    /** '党委' or '党总支' for an organisation; null for a branch. */
    orgType: text('org_type'),
    /** What a child types after `设置 上级`; organisations only, unique. */
    joinCode: text('join_code'),
    parentBranchId: integer('parent_branch_id').references(() => branches.id),
    /** Grade thresholds of the check-in rate in per mille (950 = 95%): 优 ≥ excellent, 良 ≥ good, 平 ≥ pass. */
    gradeExcellent: integer('grade_excellent').notNull().default(950),
    gradeGood: integer('grade_good').notNull().default(850),
    gradePass: integer('grade_pass').notNull().default(700),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('org_units_join_code').on(t.joinCode),
    index('org_units_parent').on(t.parentBranchId),
    check(
      'org_units_org_fields',
      sql`(${t.kind} = 'org') = (${t.joinCode} IS NOT NULL AND ${t.orgType} IS NOT NULL)`,
    ),
    check(
      'org_units_not_own_parent',
      sql`${t.parentBranchId} IS NULL OR ${t.parentBranchId} <> ${t.branchId}`,
    ),
    check(
      'org_units_grades',
      sql`0 < ${t.gradePass} AND ${t.gradePass} < ${t.gradeGood} AND ${t.gradeGood} < ${t.gradeExcellent} AND ${t.gradeExcellent} <= 1000`,
    ),
  ],
);
