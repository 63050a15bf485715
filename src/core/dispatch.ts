import type { Logger } from 'pino';
import { dayOf } from '../domain/time.js';
import { UserError } from '../domain/user-error.js';
import { audit } from './audit.js';
import type { Clock } from './clock.js';
import {
  roleName,
  roleRank,
  usageOf,
  type CommandContext,
  type ReplyOptions,
  type Scope,
} from './context.js';
import { inTransaction, type Db } from './db.js';
import { applyRosterEvent, locate, renameChat } from './membership.js';
import {
  ensureChat,
  findChat,
  membershipsOf,
  roleOf,
  type Branch,
  type Chat,
  type Member,
} from './members.js';
import type { InboundEvent, IncomingMessage } from './message.js';
import type { OutboxItem } from './outbox.js';
import type { Registry } from './registry.js';
import type { Match } from './router.js';
import { chatOfSent, sendingTo } from './sending.js';
import { getSettings } from './settings.js';
import { normalizeText } from './text.js';

/** Replies to messages older than this are merged into one, so a replay does not flood a group. */
export const LATE_REPLY_MS = 10 * 60_000;

export interface DispatchDeps {
  db: Db;
  registry: Registry;
  clock: Clock;
  tz: string;
  log: Logger;
}

/** What became of an event: for metrics and logs. */
export interface Outcome {
  outcome: 'ok' | 'refused' | 'unknown' | 'ignored';
  /** The command run or refused, or the event type. */
  command: string;
}

/** The context every handler gets for a branch's chat at `at`; its sends go to `out`. */
export function scopeFor(
  deps: DispatchDeps,
  where: { branch: Branch; chat: Chat; at: number; target?: { platform: string; chatId: string } },
  out: OutboxItem[],
  adjust?: (options: ReplyOptions, text: string) => ReplyOptions,
): Scope {
  const { db, registry, clock, tz, log } = deps;
  const target = where.target ?? { platform: where.chat.platform, chatId: where.chat.platformChatId };
  return {
    db,
    registry,
    clock,
    tz,
    log,
    at: where.at,
    today: dayOf(where.at, tz),
    branch: where.branch,
    chat: where.chat,
    settings: getSettings(db, where.branch.id, registry.settingDefaults),
    ...sendingTo(db, target, out, adjust),
  };
}

/**
 * Dispatches one inbox event inside the caller's transaction: normalise → match → locate →
 * authorise → run. A refusal (UserError) rolls back only the command's own savepoint, so the
 * speaker stays a known member and gets the refusal as a reply.
 */
export function dispatch(deps: DispatchDeps, event: InboundEvent, out: OutboxItem[]): Outcome {
  switch (event.type) {
    case undefined:
    case 'message':
      return dispatchMessage(deps, event, out);
    case 'member-joined':
    case 'member-left':
    case 'roster': {
      const { chat, branch } = applyRosterEvent(deps.db, event, dayOf(event.at, deps.tz));
      const ctx = scopeFor(deps, { branch, chat, at: event.at }, out);
      for (const f of deps.registry.features) {
        if (event.type === 'member-joined') f.on?.memberJoined?.(ctx, event);
        if (event.type === 'member-left') f.on?.memberLeft?.(ctx, event);
      }
      return { outcome: 'ok', command: event.type };
    }
    case 'chat-renamed':
    case 'bot-joined': {
      const { chat, branch } = ensureChat(deps.db, {
        platform: event.platform,
        platformChatId: event.chatId,
        title: event.chatTitle || event.chatId,
        now: event.at,
      });
      if (event.type === 'chat-renamed') renameChat(deps.db, chat, branch, event.chatTitle ?? '');
      else {
        const ctx = scopeFor(deps, { branch, chat, at: event.at }, out);
        for (const f of deps.registry.features) f.on?.botJoined?.(ctx);
      }
      return { outcome: 'ok', command: event.type };
    }
    case 'button': {
      // A button that carries a command runs it as if the presser had typed it.
      const command = event.value.command;
      if (typeof command === 'string') {
        return dispatchMessage(
          deps,
          {
            ...event,
            type: 'message',
            messageId: event.eventId,
            sentAt: event.at,
            text: command,
            addressed: true,
          },
          out,
        );
      }
      const found = ensureChat(deps.db, {
        platform: event.platform,
        platformChatId: event.chatId,
        title: event.chatTitle || event.chatId,
        now: event.at,
      });
      const ctx = scopeFor(deps, { ...found, at: event.at }, out);
      const handled = deps.registry.features.some((f) => f.on?.button?.(ctx, event) === true);
      return { outcome: handled ? 'ok' : 'ignored', command: 'button' };
    }
    case 'read': {
      // Receipts name the messages read; the chat is the one those messages were sent to.
      const found =
        chatOfSent(deps.db, event.platform, event.messageIds) ??
        findChat(deps.db, event.platform, event.chatId);
      if (!found) return { outcome: 'ignored', command: 'read' };
      const ctx = scopeFor(deps, { ...found, at: event.at }, out);
      for (const f of deps.registry.features) f.on?.read?.(ctx, event);
      return { outcome: 'ok', command: 'read' };
    }
  }
}

function dispatchMessage(deps: DispatchDeps, msg: IncomingMessage, out: OutboxItem[]): Outcome {
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
  const late = deps.clock.now() - msg.sentAt > LATE_REPLY_MS;
  // Replies go into the thread the message came from (Feishu 话题), and a late reply is merged.
  const thread = msg.replyToMessageId ? { replyToMessageId: msg.replyToMessageId } : {};
  const adjust = (options: ReplyOptions, replyText: string): ReplyOptions =>
    late && !options.mergeKey
      ? {
          ...options,
          ...thread,
          mergeKey: 'late',
          mergeItem: options.mergeItem ?? `${msg.senderName}：${replyText}`,
        }
      : { ...options, ...thread };
  const target = { platform: msg.platform, chatId: msg.chatId };
  const reply = sendingTo(db, target, out, adjust).reply;
  if (msg.chatType === 'private') return dispatchPrivate(deps, msg, match, text, out, adjust);
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
    reply(
      guess
        ? `没有「${word}」这个命令。你是不是想发「${guess}」？`
        : `没有「${word}」这个命令。发送「帮助」查看全部命令。`,
    );
    return { outcome: 'unknown', command: '-' };
  }
  return runGuarded(deps, msg, match, where, out, adjust);
}

/**
 * A private chat serves `帮助` and the commands marked `inPrivate`, for the sender's branch: the
 * one they are in, or the one named after the command (`我的 第一党支部`) when several.
 */
function dispatchPrivate(
  deps: DispatchDeps,
  msg: IncomingMessage,
  match: Match | undefined,
  text: string,
  out: OutboxItem[],
  adjust: (options: ReplyOptions, text: string) => ReplyOptions,
): Outcome {
  const { db, registry } = deps;
  const reply = sendingTo(db, { platform: msg.platform, chatId: msg.chatId }, out, adjust).reply;
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
  return runGuarded(deps, msg, { command, rawArgs }, place, out, adjust);
}

/** Runs the command in a savepoint; a UserError becomes the reply and undoes only the command. */
function runGuarded(
  deps: DispatchDeps,
  msg: IncomingMessage,
  match: Match,
  where: { chat: Chat; branch: Branch; member: Member },
  out: OutboxItem[],
  adjust: (options: ReplyOptions, text: string) => ReplyOptions,
): Outcome {
  const mark = out.length;
  try {
    inTransaction(deps.db, () => run(deps, msg, match, where, out, adjust));
    return { outcome: 'ok', command: match.command.name };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    out.length = mark;
    const usage = err.showUsage ? `\n用法：${usageOf(match.command, deps.registry).join('\n　　　')}` : '';
    sendingTo(deps.db, { platform: msg.platform, chatId: msg.chatId }, out, adjust).reply(
      err.message + usage,
    );
    return { outcome: 'refused', command: match.command.name };
  }
}

/** Checks the member's role and runs the command in their branch. Throws UserError to refuse. */
function run(
  deps: DispatchDeps,
  msg: IncomingMessage,
  match: Match,
  where: { chat: Chat; branch: Branch; member: Member },
  out: OutboxItem[],
  adjust: (options: ReplyOptions, text: string) => ReplyOptions,
): void {
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
  const base: Omit<CommandContext<unknown>, 'args'> = {
    ...scope,
    log: log.child({ messageId: msg.messageId, command: command.name }),
    msg,
    rawArgs,
    member: where.member,
    role,
    audit: (action, detail) =>
      audit(db, { branchId: where.branch.id, memberId: where.member.id, action, detail, at: msg.sentAt }),
  };
  const args = command.parse ? command.parse(rawArgs, base) : rawArgs;
  command.run({ ...base, args });
}
