import type { Cell, LedgerTable } from '../../core/feature.js';
import type { Db } from '../../core/db.js';
import { memberNames } from '../../core/members.js';
import { dayOf, timeOf, type Day } from '../../domain/time.js';
import { calendarOf, isBranchCheckinDay } from './calendar.js';
import { checkinsBetween } from './store.js';

/** 'HH:mm' when the instant falls on `day`, else 'YYYY-MM-DD HH:mm' (a 补卡 written later). */
function timeFor(at: number, day: Day, tz: string): string {
  return dayOf(at, tz) === day ? timeOf(at, tz) : `${dayOf(at, tz)} ${timeOf(at, tz)}`;
}

/** The check-in ledger of [start, through]; a check-in on a day off is marked 休息日打卡 (counted in no rate). */
export function checkinTable(db: Db, branchId: number, start: Day, through: Day, tz: string): LedgerTable {
  const name = memberNames(db, branchId);
  const cal = calendarOf(db, branchId);
  const rows = checkinsBetween(db, branchId, start, through).map((c): Cell[] => [
    c.day,
    name(c.memberId),
    timeFor(c.at, c.day, tz),
    c.late ? '是' : '否',
    c.kind === 'makeup' ? '补卡' : isBranchCheckinDay(cal, c.day) ? '打卡' : '休息日打卡',
    c.note,
  ]);
  return { columns: ['日期', '姓名', '时间', '迟到', '类型', '备注'], rows };
}
