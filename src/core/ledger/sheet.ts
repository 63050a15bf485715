import type { StoredEntry } from '../../domain/fund-ledger.js';
import { KIND_NAMES } from '../../domain/fund-ledger.js';
import { timeOf } from '../../domain/time.js';
import type { Cell } from '../feature.js';

/** How a payment that needs a second person's 确认 stands, as both books' 台账 show it. */
export const PAYMENT_STATUS = { pending: '待确认', confirmed: '已确认', reversed: '已冲正' } as const;

/** The columns every book's 台账 starts an entry's row with (see `entryCells`). */
export const ENTRY_COLUMNS = ['编号', '日期', '时间', '类型', '金额（元）', '成员', '关联'];

/** An entry's first cells in a 台账: number, day, time, kind, amount, member, the entry it refers to. */
export function entryCells(e: StoredEntry, tz: string, name: (id: number) => string): Cell[] {
  return [
    e.seq,
    e.day,
    timeOf(e.at, tz),
    KIND_NAMES[e.kind],
    { yuan: e.amountFen },
    e.memberName || name(e.memberId),
    e.refSeq === null ? '' : `#${e.refSeq}`,
  ];
}
