import { defineCommand, type CommandContext } from '../../core/context.js';
import { currentMembers } from '../../core/members.js';
import { UserError } from '../../domain/user-error.js';
import { parseNotice, parseNoticeNumber, type NoticeArgs } from './parse.js';
import { createNotice, latestNotices, noticeByNumber, receiptsOf, tallyOf, type Notice } from './store.js';
import { formatAt, noticeText, quoted, receiptLines, tallyText } from './text.js';

const LIST_SIZE = 10;

/** `通知 [截止 <时间>] <内容>`: posts notice N and @mentions everyone it expects; `通知 列表`. */
export const noticeCommand = defineCommand<NoticeArgs>({
  name: '通知',
  aliases: ['notice'],
  usage: [
    '通知 [截止 时间] 内容　例：通知 截止 11-05 18:00 请完成二十大精神学习',
    '通知 列表　最近的通知和回执率',
  ],
  summary: '发布需要回复「收到」的通知',
  role: 'committee',
  parse: (raw, ctx) => parseNotice(raw, { at: ctx.at, today: ctx.today, tz: ctx.tz }),
  run(ctx) {
    if (ctx.args.list) return ctx.reply(listText(ctx));
    const { content, deadlineAt } = ctx.args;
    // Everyone in the branch now, except the sender, is asked to answer.
    const expected = currentMembers(ctx.db, ctx.branch.id).filter((m) => m.id !== ctx.member.id);
    const notice = createNotice(
      ctx.db,
      {
        branchId: ctx.branch.id,
        chatId: ctx.chat.id,
        content,
        senderId: ctx.member.id,
        postedAt: ctx.at,
        day: ctx.today,
        deadlineAt,
      },
      expected.map((m) => m.id),
    );
    ctx.audit('notice.post', { number: notice.number, deadlineAt, expected: expected.length });
    // Tagged so the platform's ids of this message (outbox) lead back to the notice: read
    // receipts and replies to it.
    ctx.reply(noticeText(notice, expected.length, ctx.tz), {
      mention: expected,
      mergeData: { postedNotice: notice.id },
    });
  },
});

function listText(ctx: CommandContext<unknown>): string {
  const list = latestNotices(ctx.db, ctx.branch.id, LIST_SIZE);
  if (list.length === 0) return '本支部还没有发过通知。发送「通知 内容」发布，成员回复「收到」即计入回执。';
  const lines = list.map((n) => {
    const deadline =
      n.deadlineAt === null
        ? ''
        : ctx.at > n.deadlineAt
          ? '，已截止'
          : `，截止 ${formatAt(n.deadlineAt, ctx.tz)}`;
    return `第${n.number}号 ${formatAt(n.postedAt, ctx.tz)} ${quoted(n)} 回执 ${tallyText(tallyOf(ctx.db, n.id))}${deadline}`;
  });
  return [`最近的通知（${list.length} 条）：`, ...lines, '发送「回执 编号」查看名单。'].join('\n');
}

/** `回执 N`: who answered (with times), who has not, the rate. Without N: the latest notice. */
export const receiptCommand = defineCommand<number | null>({
  name: '回执',
  aliases: ['receipts'],
  usage: ['回执 [编号]　例：回执 3（不写编号：最近一条通知）'],
  summary: '查看通知的回执名单',
  role: 'committee',
  parse(raw) {
    if (!raw.trim()) return null;
    const n = parseNoticeNumber(raw);
    if (n === null) throw new UserError(`「${raw.slice(0, 20)}」不是通知编号。例如：回执 3`);
    return n;
  },
  run(ctx) {
    const notice = ctx.args === null ? latestNotices(ctx.db, ctx.branch.id, 1)[0] : findNotice(ctx, ctx.args);
    if (!notice) throw new UserError('本支部还没有发过通知。');
    const lines = receiptLines(
      notice,
      receiptsOf(ctx.db, notice.id),
      tallyOf(ctx.db, notice.id),
      ctx.tz,
      ctx.at,
    );
    ctx.reply(lines.join('\n'));
  },
});

/** Notice N of the branch, or a refusal naming the latest. */
export function findNotice(ctx: CommandContext<unknown>, number: number): Notice {
  const notice = noticeByNumber(ctx.db, ctx.branch.id, number);
  if (notice) return notice;
  const latest = latestNotices(ctx.db, ctx.branch.id, 1)[0];
  throw new UserError(
    latest
      ? `没有第${number}号通知（最近的是第${latest.number}号）。`
      : `没有第${number}号通知：本支部还没有发过通知。`,
  );
}
