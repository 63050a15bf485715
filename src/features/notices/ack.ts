import { defineCommand, type CommandContext } from '../../core/context.js';
import type { Merger } from '../../core/outbox.js';
import { UserError } from '../../domain/user-error.js';
import { findNotice } from './commands.js';
import { numberInQuote, parseNoticeNumber } from './parse.js';
import {
  answer,
  isOpen,
  noticeById,
  noticeByNumber,
  noticesForPlatformMessages,
  openNotices,
  receiptsOf,
  tallyOf,
  type Notice,
} from './store.js';
import { formatAt, tallyText } from './text.js';

type Ctx = CommandContext<unknown>;

/**
 * `收到` answers the latest open notice the member has not answered; `收到 N` a given one; a 收到
 * replying to (quoting) a notice or its follow-up answers that one. A bare 收到 with nothing to
 * answer is ordinary chat unless the bot was addressed.
 */
export const ackCommand = defineCommand<number | null>({
  name: '收到',
  aliases: ['已收到', 'ack'],
  usage: ['收到　回复最近的通知', '收到 3　回复第3号通知（也可以直接引用通知回复「收到」）'],
  summary: '回复通知',
  role: 'member',
  // '收到，谢谢' is a bare 收到 with a remark; only a number picks a notice.
  parse: (raw) => parseNoticeNumber(raw),
  run(ctx) {
    if (ctx.args !== null) return acknowledge(ctx, findNotice(ctx, ctx.args));
    const replied = repliedNotice(ctx);
    if (replied === 'other') return; // a reply to some other message: chat
    if (replied) return acknowledge(ctx, replied);
    const open = openNotices(ctx.db, ctx.branch.id, ctx.at);
    if (open.length === 0) {
      if (ctx.msg.addressed) ctx.reply('目前没有需要回复「收到」的通知。');
      return;
    }
    const receipts = new Map(open.map((n) => [n.id, mine(ctx, n)]));
    const pending = open.find((n) => receipts.get(n.id) === 'pending');
    if (pending) return acknowledge(ctx, pending);
    const done = open.find((n) => receipts.get(n.id) === 'answered');
    if (done) return acknowledge(ctx, done);
    // Not expected by any open notice (joined since, or the sender): the latest one.
    acknowledge(ctx, open[0]!);
  },
});

/** Whether the member is expected by a notice and has answered it. */
function mine(ctx: Ctx, n: Notice): 'pending' | 'answered' | 'none' {
  const r = receiptsOf(ctx.db, n.id).find((x) => x.memberId === ctx.member.id);
  return !r ? 'none' : r.answeredAt === null ? 'pending' : 'answered';
}

/**
 * The notice this message replies to: by the platform id of the message replied to (Feishu
 * parent_id), else by the quoted text (WeChat). 'other' when it replies to something else.
 */
function repliedNotice(ctx: Ctx): Notice | 'other' | undefined {
  const { msg } = ctx;
  if (msg.inReplyTo) {
    const ids = noticesForPlatformMessages(ctx.db, msg.platform, msg.chatId, [msg.inReplyTo]);
    const n = ids.length ? noticeById(ctx.db, ids[0]!) : undefined;
    if (n && n.branchId === ctx.branch.id) return n;
  }
  const quote = msg.quote?.text;
  if (quote) {
    const number = numberInQuote(quote);
    const byNumber = number !== null ? noticeByNumber(ctx.db, ctx.branch.id, number) : undefined;
    if (byNumber) return byNumber;
    // A quote cut short before the number: the open notice whose opening words it holds.
    const byText = openNotices(ctx.db, ctx.branch.id, ctx.at).find((n) =>
      quote.includes([...n.content].slice(0, 12).join('')),
    );
    if (byText) return byText;
  }
  return msg.inReplyTo || quote ? 'other' : undefined;
}

function acknowledge(ctx: Ctx, n: Notice): void {
  if (n.senderId === ctx.member.id)
    throw new UserError(
      `第${n.number}号通知是你发出的，无需回复「收到」。发送「回执 ${n.number}」查看谁已回复。`,
    );
  const { already } = answer(ctx.db, n.id, ctx.member.id, ctx.at);
  if (already !== null) {
    ctx.reply(
      `${ctx.member.name}，你已于 ${formatAt(already, ctx.tz)} 确认过第${n.number}号通知，无需重复。`,
    );
    return;
  }
  ctx.audit('notice.ack', { number: n.number });
  if (!isOpen(n, ctx.at) && n.deadlineAt !== null) {
    ctx.reply(`✅ ${ctx.member.name} 已收到第${n.number}号通知（截止后回复）。`);
    return;
  }
  // Confirmations waiting for the chat are merged into one line (a 40-person group answering at once).
  ctx.reply(`✅ ${ctx.member.name} 已收到第${n.number}号通知`, {
    mergeKey: `notice-ack:${n.id}`,
    mergeItem: ctx.member.name,
    mergeData: { noticeId: n.id },
  });
}

/** '✅ 已收到第3号通知：张三、李四（回执 5/12（41.7%））', with the count as it is when sent. */
export const ackMerger: Merger = (payloads, db) => {
  const id = Number(payloads[0]!.mergeData?.noticeId);
  const n = noticeById(db, id);
  const names = payloads.map((p) => p.mergeItem ?? '').filter(Boolean);
  if (!n) return payloads.map((p) => p.text).join('\n');
  return `✅ 已收到第${n.number}号通知：${names.join('、')}（回执 ${tallyText(tallyOf(db, id))}）`;
};
