import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { branches, members } from '../../core/schema.js';

/** Study sign-ins (在线教育签到). Times are epoch ms; days 'YYYY-MM-DD' in the branch's timezone. */

/** A study session a secretary opened (发起学习); members sign in to it until it closes. */
export const studySessions = sqliteTable(
  'study_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** 1, 2, 3… per branch; what members type to pick a session (学习签到 2). */
    number: integer('number').notNull(),
    topic: text('topic').notNull(),
    openedBy: integer('opened_by')
      .notNull()
      .references(() => members.id),
    openedAt: integer('opened_at').notNull(),
    /** The day it was opened: the session belongs to the periods holding this day. */
    day: text('day').notNull(),
    /** After this instant a sign-in no longer counts for the session; null: until closed. */
    deadlineAt: integer('deadline_at'),
    /** What a sign-in without its own duration counts. */
    plannedMinutes: integer('planned_minutes'),
    closedAt: integer('closed_at'),
    closedBy: integer('closed_by').references(() => members.id),
  },
  (t) => [
    uniqueIndex('study_sessions_number').on(t.branchId, t.number),
    index('study_sessions_open').on(t.branchId, t.closedAt),
    index('study_sessions_day').on(t.branchId, t.day),
    check(
      'study_sessions_planned_minutes',
      sql`${t.plannedMinutes} IS NULL OR ${t.plannedMinutes} BETWEEN 1 AND 1440`,
    ),
  ],
);

/** One study sign-in: to a session, or self-study (自学) when session_id is null. */
export const studySignins = sqliteTable(
  'study_signins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    sessionId: integer('session_id').references(() => studySessions.id),
    day: text('day').notNull(),
    /** When the member sent it (the platform's time). */
    at: integer('at').notNull(),
    /** Course title without 《》 ('' when none was given). */
    course: text('course').notNull().default(''),
    /** Null when neither the member nor the session said how long. */
    minutes: integer('minutes'),
    /** A self-study recorded because the member signed in to this session after it closed. */
    lateForSessionId: integer('late_for_session_id').references(() => studySessions.id),
  },
  (t) => [
    // Once per member per session (NULLs are distinct, so self-study rows are not constrained here).
    uniqueIndex('study_signins_session_member').on(t.sessionId, t.memberId),
    // Self-study: once per member, day and course.
    uniqueIndex('study_signins_self')
      .on(t.branchId, t.memberId, t.day, t.course)
      .where(sql`session_id IS NULL`),
    index('study_signins_branch_day').on(t.branchId, t.day),
    // Covers the report's per-member and per-course counts of a period: read from the index alone.
    index('study_signins_branch_day_cover').on(
      t.branchId,
      t.day,
      t.memberId,
      t.sessionId,
      t.minutes,
      t.course,
    ),
    index('study_signins_member_day').on(t.memberId, t.day),
    // The report counts each session's late sign-ins; without it that count read every sign-in.
    index('study_signins_late_for')
      .on(t.lateForSessionId)
      .where(sql`late_for_session_id IS NOT NULL`),
    check('study_signins_minutes', sql`${t.minutes} IS NULL OR ${t.minutes} BETWEEN 1 AND 1440`),
  ],
);
