import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { MEETING_KINDS } from '../../domain/meetings.js';
import { branches, members } from '../../core/schema.js';

/** 三会一课. Times are epoch ms; days 'YYYY-MM-DD' in the branch's timezone. */

/** A meeting a secretary called (发起会议), numbered per branch. */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** 1, 2, 3… per branch; what members type (参会 3). Never reused. */
    number: integer('number').notNull(),
    kind: text('kind', { enum: MEETING_KINDS }).notNull(),
    startsAt: integer('starts_at').notNull(),
    /** The day it starts: the meeting belongs to the periods holding this day. */
    day: text('day').notNull(),
    place: text('place').notNull().default(''),
    topic: text('topic').notNull().default(''),
    /** 会议记录, appended entry by entry. */
    minutes: text('minutes').notNull().default(''),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: integer('created_at').notNull(),
    /** 结束会议: attendance is frozen in meeting_attendance from then on. */
    endedAt: integer('ended_at'),
    endedBy: integer('ended_by').references(() => members.id),
    cancelledAt: integer('cancelled_at'),
    cancelledBy: integer('cancelled_by').references(() => members.id),
  },
  (t) => [
    uniqueIndex('meetings_number').on(t.branchId, t.number),
    index('meetings_day').on(t.branchId, t.day),
  ],
);

/**
 * One member at one meeting. Before 结束会议 only sign-ins (present) and 会议请假 (leave) have
 * rows; 结束会议 adds a row for everyone else expected (check-in leave → leave, the rest → absent).
 */
export const meetingAttendance = sqliteTable(
  'meeting_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status', { enum: ['present', 'leave', 'absent'] }).notNull(),
    /** When the member signed in, asked for leave, or 结束会议 recorded them. */
    at: integer('at').notNull(),
    reason: text('reason').notNull().default(''),
    /** 补课 by an absentee: when, and what they did. */
    makeupAt: integer('makeup_at'),
    makeupNote: text('makeup_note'),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.memberId] }),
    // Reports read an ended meeting as id lists per status (from this index alone) and the few
    // rows with details (leave through this index, 补课 through the next).
    index('meeting_attendance_status').on(t.meetingId, t.status, t.memberId),
    index('meeting_attendance_makeup')
      .on(t.meetingId)
      .where(sql`makeup_at IS NOT NULL`),
  ],
);

/** 正式党员 / 预备党员 (no row: 正式党员). 预备党员 have no vote at a 支部党员大会. */
export const memberStandings = sqliteTable('member_standings', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  standing: text('standing', { enum: ['full', 'probationary'] }).notNull(),
  setBy: integer('set_by').references(() => members.id),
  setAt: integer('set_at').notNull(),
});
