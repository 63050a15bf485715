import type { Cell, LedgerTable } from '../../core/feature.js';
import type { Db } from '../../core/db.js';
import { memberNames } from '../../core/members.js';
import { dayOf, timeOf, type Day } from '../../domain/time.js';
import { checkinsBetween } from './store.js';

/** 'HH:mm' when the instant falls on `day`, else 'YYYY-MM-DD HH:mm' (a 补卡 written later). */
function timeFor(at: number, day: Day, tz: string): string {
  return dayOf(at, tz) === day ? timeOf(at, tz) : `${dayOf(at, tz)} ${timeOf(at, tz)}`;
}

export function checkinTable(db: Db, branchId: number, start: Day, through: Day, tz: string): LedgerTable {
  const name = memberNames(db, branchId);
  const rows = checkinsBetween(db, branchId, start, through).map((c): Cell[] => [
    c.day,
    name(c.memberId),
    timeFor(c.at, c.day, tz),
    c.late ? '是' : '否',
    c.kind === 'makeup' ? '补卡' : '打卡',
    c.note,
  ]);
  return { columns: ['日期', '姓名', '时间', '迟到', '类型', '备注'], rows };
}
