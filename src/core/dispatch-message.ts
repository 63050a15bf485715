import { dayOf } from '../domain/time.js';
import { UserError } from '../domain/user-error.js';
import { audit } from './audit.js';
import { roleName, roleRank, usageOf, type CommandContext, type ReplyOptions } from './context.js';
import { inTransaction } from './db.js';
import { scopeFor, type DispatchDeps, type Outcome } from './scope.js';
import { locate } from './membership.js';
import { membershipsOf, roleOf, type Branch, type Chat, type Member } from './members.js';
import type { IncomingMessage } from './message.js';
import type { OutboxItem } from './outbox.js';
import type { Match } from './router.js';
import { sendingTo } from './sending.js';
import { normalizeText } from './text.js';

/** Replies to messages older than this are merged into one, so a replay does not flood a group. */
export const LATE_REPLY_MS = 10 * 60_000;

/** One message being handled: where its replies go, and how they are adjusted. */
interface Turn {
  deps: DispatchDeps;
  msg: IncomingMessage;
  out: OutboxItem[];
  /** Replies go into the message's thread, and a late reply is merged with the others. */
  adjust: (options: ReplyOptions, text: string) => ReplyOptions;
  reply: (text: string) => void;
}

function turnOf(deps: DispatchDeps, msg: IncomingMessage, out: OutboxItem[]): Turn {
  const late = deps.clock.now() - msg.sentAt > LATE_REPLY_MS;
  const thread = msg.replyToMessageId ? { replyToMessageId: msg.replyToMessageId } : {};
  const adjust = (options: ReplyOptions, text: string): ReplyOptions =>
    late && !options.mergeKey
      ? {
          ...options,
          ...thread,
          mergeKey: 'late',
          mergeItem: options.mergeItem ?? `${msg.senderName}：${text}`,
        }
      : { ...options, ...thread };
  const reply = sendingTo(deps.db, { platform: msg.platform, chatId: msg.chatId }, out, adjust).reply;
  return { deps, msg, out, adjust, reply };
}

type Place = { chat: Chat; branch: Branch; member: Member };

/** A message: normalise → match → locate → authorise → run. */
export function dispatchMessage(deps: DispatchDeps, msg: IncomingMessage, out: OutboxItem[]): Outcome {
  const { db, registry, tz } = deps;
  const router = registry.router;
  let text = normalizeText(msg.text);
  let match = text ? router.match(text) : undefined;
  if (
    !match &&
    msg.addressed &&
    !msg.mentionsResolved &&
    /^@\S+ /.test(text) &&
    !/^@(所有人|all)\b/i.test(text)
  ) {
    // '@支部助手 打卡' where the adapter did not strip the bot's own mention (console, plain text).
    text = text.slice(text.indexOf(' ') + 1);
    match = router.match(text);
  }
  const turn = turnOf(deps, msg, out);
  if (msg.chatType === 'private') return dispatchPrivate(turn, match, text);
  const where = locate(db, {
    platform: msg.platform,
    chatId: msg.chatId,
    chatTitle: msg.chatTitle,
    userId: msg.senderId,
    name: msg.senderName,
    ownerId: msg.chatOwnerId,
    today: dayOf(msg.sentAt, tz),
    now: msg.sentAt,
  });
  if (!match) {
    if (!msg.addressed || !text) return { outcome: 'ignored', command: '-' };
    const word = text.split(' ')[0]!.slice(0, 20);
    const guess = router.suggest(word);
    turn.reply(
      guess
        ? `没有「${word}」这个命令。你是不是想发「${guess}」？`
        : `没有「${word}」这个命令。发送「帮助」查看全部命令。`,
    );
    return { outcome: 'unknown', command: '-' };
  }
  return runGuarded(turn, match, where);
}

/**
 * A private chat serves `帮助` and the commands marked `inPrivate`, for the sender's branch: the
 * one they are in, or the one named after the command (`我的 第一党支部`) when several.
 */
function dispatchPrivate(turn: Turn, match: Match | undefined, text: string): Outcome {
  const { deps, msg, reply } = turn;
  const { db, registry } = deps;
  if (!match?.command.inPrivate) {
    if (text && msg.addressed !== false) {
      const allowed = registry.router
        .commands()
        .filter((c) => c.inPrivate)
        .map((c) => `「${c.name}」`)
        .join('');
      reply(`请在支部群里发送命令；私聊只支持${allowed}。`);
    }
    return { outcome: 'ignored', command: '-' };
  }
  const { command } = match;
  const places = membershipsOf(db, msg.platform, msg.senderId);
  const named = places.filter((p) => {
    const name = normalizeText(p.branch.name);
    return match.rawArgs === name || match.rawArgs.startsWith(`${name} `);
  });
  const place = named.length === 1 ? named[0] : places.length === 1 ? places[0] : undefined;
  if (!place && command.answerAlone) {
    reply(command.answerAlone(match.rawArgs, registry));
    return { outcome: 'ok', command: command.name };
  }
  if (!place) {
    const names = places.map((p) => p.branch.name);
    reply(
      places.length === 0
        ? `还没有找到你所在的支部：请先在支部群里发一条消息，再私聊发送「${command.name}」。`
        : `你在 ${places.length} 个支部：${names.join('、')}。请发送「${command.name} ${names[0]}」这样指明支部。`,
    );
    return { outcome: 'refused', command: command.name };
  }
  const rawArgs =
    named.length === 1 ? match.rawArgs.slice(normalizeText(place.branch.name).length).trim() : match.rawArgs;
  return runGuarded(turn, { command, rawArgs }, place);
}

/** Runs the command in a savepoint; a UserError becomes the reply and undoes only the command. */
function runGuarded(turn: Turn, match: Match, where: Place): Outcome {
  const { deps, out } = turn;
  const mark = out.length;
  try {
    inTransaction(deps.db, () => run(turn, match, where));
    return { outcome: 'ok', command: match.command.name };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    out.length = mark;
    const usage = err.showUsage ? `\n用法：${usageOf(match.command, deps.registry).join('\n　　　')}` : '';
    turn.reply(err.message + usage);
    return { outcome: 'refused', command: match.command.name };
  }
}

/** Checks the member's role and runs the command in their branch. Throws UserError to refuse. */
function run(turn: Turn, match: Match, where: Place): void {
  const { deps, msg, out, adjust } = turn;
  const { db, log } = deps;
  const { command, rawArgs } = match;
  const role = roleOf(db, where.member.id);
  if (roleRank[role] < roleRank[command.role]) {
    throw new UserError(`「${command.name}」需要${roleName[command.role]}权限，你目前是${roleName[role]}。`);
  }
  const scope = scopeFor(
    deps,
    {
      branch: where.branch,
      chat: where.chat,
      at: msg.sentAt,
      target: { platform: msg.platform, chatId: msg.chatId },
    },
    out,
    adjust,
  );
  // Its own fields first and the scope spread after them: V8 copies a spread fast, but each field
  // added after a spread costs about a microsecond (this context was 9 µs of every message).
  const ctx: CommandContext<unknown> = {
    msg,
    rawArgs,
    member: where.member,
    role,
    audit: (action, detail) =>
      audit(db, { branchId: where.branch.id, memberId: where.member.id, action, detail, at: msg.sentAt }),
    args: undefined,
    ...scope,
    log: log.child({ messageId: msg.messageId, command: command.name }),
  };
  ctx.args = command.parse ? command.parse(rawArgs, ctx) : rawArgs;
  command.run(ctx);
}
