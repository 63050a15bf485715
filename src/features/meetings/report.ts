import type { Db } from '../../core/db.js';
import { memberNames } from '../../core/members.js';
import { compliance, type Compliance } from '../../domain/meetings.js';
import { dayOf, timeOf, type Day } from '../../domain/time.js';
import { quorumLine } from './close.js';
import { meetingsBetween, type Meeting } from './store.js';
import { attendance, typeOf, type Person } from './shared.js';

/** One meeting of the period as the 台账 shows it (JSON-safe). */
export interface MeetingLine {
  number: number;
  type: string;
  day: Day;
  time: string;
  place: string;
  topic: string;
  state: 'scheduled' | 'open' | 'ended';
  expected: number;
  present: string[];
  leave: { name: string; reason: string }[];
  /** Before 结束会议: those not signed in yet. */
  absent: string[];
  makeups: { name: string; note: string; day: Day }[];
  /** 支部党员大会 only: the 结束会议 verdict on the 正式党员's quorum. */
  quorum: string | null;
  minutes: string;
}

export interface MeetingFigures {
  start: Day;
  through: Day;
  /** Per type: 完成/应开 over the period by the 条例's cadence. */
  compliance: Compliance[];
  done: number;
  due: number;
  /** Meetings starting in the period up to `through`, cancelled ones left out. */
  meetings: MeetingLine[];
  /** Each member's record at the period's ended meetings. */
  members: {
    memberId: number;
    name: string;
    expected: number;
    present: number;
    leave: number;
    absent: number;
    makeups: number;
  }[];
}

function line(db: Db, m: Meeting, tz: string, at: number, name: (id: number) => string) {
  const a = attendance(db, m, name);
  const names = (people: Person[]) => people.map((p) => p.name);
  const l: MeetingLine = {
    number: m.number,
    type: typeOf(m).name,
    day: m.day,
    time: timeOf(m.startsAt, tz),
    place: m.place,
    topic: m.topic,
    state: m.endedAt !== null ? 'ended' : m.startsAt > at ? 'scheduled' : 'open',
    expected: a.expected.length,
    present: names(a.present),
    leave: a.leave.map((p) => ({ name: p.name, reason: p.reason })),
    absent: names(a.absent),
    makeups: a.makeups.map((p) => ({ name: p.name, note: p.note, day: dayOf(p.at, tz) })),
    quorum: a.final ? (quorumLine(db, m, a) ?? null) : null,
    minutes: m.minutes,
  };
  return { line: l, a };
}

/**
 * 三会一课 figures of a branch for [start, through]. The cadence counts meetings ended by
 * 结束会议 (a called but unfinished meeting is not yet held); periods before the branch existed
 * are not owed.
 */
export function buildMeetingFigures(
  db: Db,
  branch: { id: number; createdAt: number },
  span: { start: Day; through: Day },
  o: { tz: string; at: number },
  name: (id: number) => string = memberNames(db, branch.id),
): MeetingFigures {
  const since = dayOf(branch.createdAt, o.tz);
  // A quarterly or yearly type is met by a meeting anywhere in its quarter or year.
  const heldFrom = `${span.start.slice(0, 4)}-01-01`;
  const held = meetingsBetween(db, branch.id, heldFrom, span.through)
    .filter((m) => m.endedAt !== null && m.cancelledAt === null)
    .map((m) => ({ kind: m.kind, day: m.day }));
  const rows = compliance(held, { start: span.start, through: span.through, since });
  const inPeriod = meetingsBetween(db, branch.id, span.start, span.through).filter(
    (m) => m.cancelledAt === null,
  );
  const members = new Map<number, MeetingFigures['members'][number]>();
  const lines = inPeriod.map((m) => {
    const { line: l, a } = line(db, m, o.tz, o.at, name);
    if (a.final) {
      const bump = (p: Person, k: 'present' | 'leave' | 'absent') => {
        const r = members.get(p.id) ?? {
          memberId: p.id,
          name: p.name,
          expected: 0,
          present: 0,
          leave: 0,
          absent: 0,
          makeups: 0,
        };
        r.expected++;
        r[k]++;
        members.set(p.id, r);
      };
      a.present.forEach((p) => bump(p, 'present'));
      a.leave.forEach((p) => bump(p, 'leave'));
      a.absent.forEach((p) => bump(p, 'absent'));
      for (const p of a.makeups) members.get(p.id)!.makeups++;
    }
    return l;
  });
  return {
    start: span.start,
    through: span.through,
    compliance: rows,
    done: rows.reduce((s, r) => s + r.done, 0),
    due: rows.reduce((s, r) => s + r.due, 0),
    meetings: lines,
    members: [...members.values()].sort((a, b) => a.memberId - b.memberId),
  };
}

/** '支委会 1/1、党小组会 0/1、…、组织生活会 0/1*' (* the period is still running). */
export function complianceText(rows: readonly Compliance[]): string {
  return rows
    .filter((r) => r.due > 0)
    .map((r) => `${r.name} ${r.done}/${r.due}${r.running && r.done < r.due ? '*' : ''}`)
    .join('、');
}
