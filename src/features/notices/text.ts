import { formatRate } from '../../domain/rate.js';
import { dayOf, shortDay, timeOf } from '../../domain/time.js';
import { rateOf, type Notice, type Receipt, type Tally } from './store.js';

/** '11月5日 18:00'. */
export function formatAt(at: number, tz: string): string {
  return `${shortDay(dayOf(at, tz))} ${timeOf(at, tz)}`;
}

/** '「明天15:00开支部党员大会」', shortened for lists. */
export function quoted(n: Notice, max = 24): string {
  const chars = [...n.content.replace(/\s+/g, ' ')];
  return `「${chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')}」`;
}

/** '2/4（50.0%）'. */
export function tallyText(t: Tally): string {
  return `${t.answered}/${t.expected}（${formatRate(rateOf(t))}）`;
}

/** The notice as posted: its number is what quotes and 收到 N find it by (see numberInQuote). */
export function noticeText(n: Notice, expected: number, tz: string): string {
  return [
    `📢 第${n.number}号通知`,
    n.content,
    ...(n.deadlineAt !== null ? [`截止：${formatAt(n.deadlineAt, tz)}`] : []),
    expected > 0 ? `请回复「收到」（${expected} 人需回复）` : '请回复「收到」',
  ].join('\n');
}

/** Who answered (with times) and who has not; "已读" where the platform told us. */
export function receiptLines(n: Notice, receipts: Receipt[], tally: Tally, tz: string, at: number): string[] {
  const when = (t: number) => (dayOf(t, tz) === n.day ? timeOf(t, tz) : formatAt(t, tz));
  const read = (r: Receipt) => (r.readAt !== null ? '（已读）' : '');
  const answered = receipts
    .filter((r) => r.answeredAt !== null)
    .sort((a, b) => a.answeredAt! - b.answeredAt!);
  const missing = receipts.filter((r) => r.answeredAt === null);
  const state =
    n.deadlineAt === null
      ? ''
      : at > n.deadlineAt
        ? `，已于 ${formatAt(n.deadlineAt, tz)} 截止`
        : `，截止 ${formatAt(n.deadlineAt, tz)}`;
  const late = (r: Receipt) => (n.deadlineAt !== null && r.answeredAt! > n.deadlineAt ? '（逾期）' : '');
  return [
    `📋 第${n.number}号通知 回执 ${tallyText(tally)}`,
    `${quoted(n, 40)}（${formatAt(n.postedAt, tz)} 发出${state}）`,
    answered.length
      ? `已收到 ${answered.length} 人：${answered.map((r) => `${r.name} ${when(r.answeredAt!)}${late(r)}${read(r)}`).join('、')}`
      : '已收到 0 人',
    missing.length
      ? `未回复 ${missing.length} 人：${missing.map((r) => `${r.name}${read(r)}`).join('、')}`
      : '全部已回复。',
    ...(tally.read > 0 ? [`飞书已读 ${tally.read} 人`] : []),
  ];
}
