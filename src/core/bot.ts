import { asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { dayOf } from '../domain/time.js';
import type { Db } from './db.js';
import { inTransaction, prepared } from './db.js';
import { helpText } from '../features/help/command.js';
import {
  countWithRole,
  ensureChat,
  ensureMember,
  membershipsOf,
  roleOf,
  setRole,
  type Branch,
  type Chat,
  type Member,
} from './members.js';
import { inbox } from './schema.js';
import { getSettings } from './settings.js';
import type { Clock } from './clock.js';
import { roleName, roleRank, type CommandContext, type ReplyOptions } from './context.js';
import { UserError } from '../domain/user-error.js';
import type { IncomingMessage } from './message.js';
import { metrics } from './metrics.js';
import { enqueue, type OutboxItem, type OutboxSender } from './outbox.js';
import type { Match, Router } from './router.js';
import { normalizeText } from './text.js';

/** Replies to messages older than this are merged into one, so a replay does not flood a group. */
export const LATE_REPLY_MS = 10 * 60_000;
const MAX_TEXT = 20_000;
const BATCH = 200;

const incomingSchema = z.object({
  platform: z.string().min(1).max(32),
  messageId: z.string().min(1).max(256),
  chatId: z.string().min(1).max(256),
  chatTitle: z.string().max(256).optional(),
  chatType: z.enum(['group', 'private']),
  senderId: z.string().min(1).max(256),
  senderName: z.string().max(256),
  text: z.string(),
  sentAt: z.number().int().positive(),
  mentions: z.array(z.object({ userId: z.string(), name: z.string() })).optional(),
  chatOwnerId: z.string().optional(),
  addressed: z.boolean().optional(),
});

export interface BotOptions {
  db: Db;
  router: Router;
  clock: Clock;
  tz: string;
  log: Logger;
  sender?: OutboxSender;
}

type InboxRow = typeof inbox.$inferSelect;

/**
 * The message path: `accept` writes a message to the inbox (the point of acknowledgement);
 * `processPending` handles inbox rows, each in one transaction that changes state, writes its
 * replies to the outbox and marks the row done.
 */
export class Bot {
  private scheduled = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly o: BotOptions) {}

  /**
   * Durably records a message. Returns accepted=false for a message id seen before.
   * Throws on invalid input or when the database cannot write: then do not acknowledge it.
   */
  accept(message: IncomingMessage): { accepted: boolean } {
    const msg = incomingSchema.parse(message) as IncomingMessage;
    if (msg.text.length > MAX_TEXT) msg.text = msg.text.slice(0, MAX_TEXT);
    const db = this.o.db;
    const result = prepared(db, 'inboxInsert', () =>
      db
        .insert(inbox)
        .values({
          platform: sql.placeholder('platform'),
          messageId: sql.placeholder('messageId'),
          payload: sql.placeholder('payload'),
          sentAt: sql.placeholder('sentAt'),
          receivedAt: sql.placeholder('receivedAt'),
        })
        .onConflictDoNothing()
        .prepare(),
    ).run({
      platform: msg.platform,
      messageId: msg.messageId,
      payload: JSON.stringify(msg),
      sentAt: msg.sentAt,
      receivedAt: this.o.clock.now(),
    });
    const accepted = result.changes === 1;
    (accepted ? metrics.messagesAccepted : metrics.messagesDuplicate).inc({ platform: msg.platform });
    if (accepted) this.scheduleProcessing();
    return { accepted };
  }

  /** Resolves when the inbox is handled and the outbox has nothing sendable left. */
  async idle(): Promise<void> {
    if (this.scheduled || this.pendingCount() > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    await this.o.sender?.idle();
  }

  /** Handles every pending inbox row (also those left by a crash); returns how many. */
  processPending(): number {
    let handled = 0;
    for (;;) {
      const rows = this.o.db
        .select()
        .from(inbox)
        .where(eq(inbox.status, 'pending'))
        .orderBy(asc(inbox.id))
        .limit(BATCH)
        .all();
      if (rows.length === 0) break;
      inTransaction(this.o.db, () => {
        for (const row of rows) this.handleRow(row);
      });
      handled += rows.length;
    }
    metrics.inboxPending.set(0);
    if (handled > 0) this.o.sender?.wake();
    return handled;
  }

  scheduleProcessing(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.processPending();
      } catch (err) {
        // The database refused (locked, disk full): the rows stay pending and are tried again.
        this.o.log.error({ err }, 'inbox processing failed; retrying in 1 s');
        setTimeout(() => this.scheduleProcessing(), 1000).unref();
        return;
      }
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private pendingCount(): number {
    return (
      this.o.db
        .select({ n: sql<number>`count(*)` })
        .from(inbox)
        .where(eq(inbox.status, 'pending'))
        .get()?.n ?? 0
    );
  }

  private handleRow(row: InboxRow): void {
    const started = performance.now();
    const { db, log } = this.o;
    const msg = JSON.parse(row.payload) as IncomingMessage;
    const replies: OutboxItem[] = [];
    let status: 'done' | 'failed' = 'done';
    let outcome = 'ignored';
    let commandName = '-';
    try {
      inTransaction(db, () => {
        const r = this.route(msg, replies);
        outcome = r.outcome;
        commandName = r.command;
      });
    } catch (err) {
      replies.length = 0;
      if (err instanceof UserError) {
        outcome = 'refused';
        replies.push(this.replyItem(msg, err.message));
      } else {
        status = 'failed';
        outcome = 'error';
        log.error({ err, inboxId: row.id, messageId: msg.messageId }, 'command failed');
        replies.push(this.replyItem(msg, '抱歉，处理这条消息时出错了，已记录，请稍后再试或联系管理员。'));
      }
    }
    const now = this.o.clock.now();
    for (const reply of replies) enqueue(db, reply, now);
    prepared(db, 'inboxDone', () =>
      db
        .update(inbox)
        .set({ status: sql`${sql.placeholder('status')}`, error: sql`${sql.placeholder('error')}` })
        .where(eq(inbox.id, sql.placeholder('id')))
        .prepare(),
    ).run({ id: row.id, status, error: status === 'failed' ? 'handler error' : null });
    metrics.commands.inc({ command: commandName, outcome });
    metrics.handleSeconds.observe((performance.now() - started) / 1000);
  }

  private replyItem(msg: IncomingMessage, text: string, options: ReplyOptions = {}): OutboxItem {
    const late = this.o.clock.now() - msg.sentAt > LATE_REPLY_MS;
    const mergeKey = options.mergeKey ?? (late ? 'late' : undefined);
    return {
      platform: msg.platform,
      chatId: options.toChatId ?? msg.chatId,
      mergeKey,
      payload: {
        text,
        mentions: options.mentions,
        card: options.card,
        mergeItem: options.mergeItem ?? (mergeKey === 'late' ? `${msg.senderName}：${text}` : undefined),
        mergeData: options.mergeData,
      },
    };
  }

  /** Resolves chat, branch, member and role, then runs the command. Throws UserError to refuse. */
  private route(msg: IncomingMessage, replies: OutboxItem[]): { outcome: string; command: string } {
    const { db, router, tz } = this.o;
    let text = normalizeText(msg.text);
    let match = text ? router.match(text) : undefined;
    if (!match && text.startsWith('@') && text.includes(' ')) {
      // '@支部助手 打卡' where the adapter did not strip the bot's mention (console, plain text).
      text = text.slice(text.indexOf(' ') + 1);
      match = router.match(text);
    }
    if (msg.chatType === 'private') return this.routePrivate(msg, match, text, replies);
    const now = msg.sentAt;
    const today = dayOf(now, tz);
    const { chat, branch } = ensureChat(db, {
      platform: msg.platform,
      platformChatId: msg.chatId,
      title: msg.chatTitle || msg.chatId,
      now,
    });
    const { member } = ensureMember(db, {
      branchId: branch.id,
      platform: msg.platform,
      userId: msg.senderId,
      name: msg.senderName,
      today,
      now,
    });
    if (msg.chatOwnerId === msg.senderId && countWithRole(db, branch.id, 'secretary') === 0) {
      setRole(db, member.id, 'secretary', null, now);
    }
    if (!match) {
      if (msg.addressed && text) {
        const word = text.split(/[ :]/)[0]!.slice(0, 20);
        const near = router.suggest(word);
        const hint = near ? `你是不是想发「${near}」？` : '发送「帮助」查看全部命令。';
        replies.push(this.replyItem(msg, `没有「${word}」这个命令。${hint}`));
        return { outcome: 'unknown', command: '-' };
      }
      return { outcome: 'ignored', command: '-' };
    }
    return this.run(msg, match, { chat, branch, member }, replies);
  }

  /**
   * A private chat serves `帮助`, and the commands marked `inPrivate` for the sender's branch:
   * the one they are in, or the one named after the command (`我的 第一党支部`) when several.
   */
  private routePrivate(
    msg: IncomingMessage,
    match: Match | undefined,
    text: string,
    replies: OutboxItem[],
  ): { outcome: string; command: string } {
    const { db, router } = this.o;
    if (match?.command.name === '帮助') {
      replies.push(this.replyItem(msg, helpText(router, match.rawArgs)));
      return { outcome: 'ok', command: '帮助' };
    }
    if (!match?.command.inPrivate) {
      const allowed = [
        '帮助',
        ...router
          .commands()
          .filter((c) => c.inPrivate)
          .map((c) => c.name),
      ]
        .map((n) => `「${n}」`)
        .join('');
      if (text) replies.push(this.replyItem(msg, `请在支部群里发送命令；私聊只支持${allowed}。`));
      return { outcome: 'ignored', command: '-' };
    }
    const { command } = match;
    const places = membershipsOf(db, msg.platform, msg.senderId);
    const named = places.filter((p) => {
      const name = normalizeText(p.branch.name);
      return match.rawArgs === name || match.rawArgs.startsWith(`${name} `);
    });
    const place = named.length === 1 ? named[0] : places.length === 1 ? places[0] : undefined;
    if (!place) {
      if (places.length === 0)
        throw new UserError(
          `还没有找到你所在的支部：请先在支部群里发一条消息，再私聊发送「${command.name}」。`,
        );
      const names = places.map((p) => p.branch.name);
      throw new UserError(
        `你在 ${places.length} 个支部：${names.join('、')}。请发送「${command.name} ${names[0]}」这样指明支部。`,
      );
    }
    const rawArgs =
      named.length === 1
        ? match.rawArgs.slice(normalizeText(place.branch.name).length).trim()
        : match.rawArgs;
    return this.run(msg, { command, rawArgs }, place, replies);
  }

  /** Checks the member's role and runs the command in their branch. Throws UserError to refuse. */
  private run(
    msg: IncomingMessage,
    match: Match,
    where: { chat: Chat; branch: Branch; member: Member },
    replies: OutboxItem[],
  ): { outcome: string; command: string } {
    const { db, tz, clock, log } = this.o;
    const { chat, branch, member } = where;
    const { command, rawArgs } = match;
    const now = msg.sentAt;
    const today = dayOf(now, tz);
    const role = roleOf(db, member.id);
    if (roleRank[role] < roleRank[command.role]) {
      throw new UserError(
        `「${command.name}」需要${roleName[command.role]}权限，你目前是${roleName[role]}。`,
      );
    }
    const base: Omit<CommandContext<unknown>, 'args'> = {
      msg,
      rawArgs,
      db,
      clock,
      tz,
      at: now,
      today,
      branch,
      chat,
      member,
      role,
      settings: getSettings(db, branch.id),
      log: log.child({ messageId: msg.messageId, command: command.name }),
      reply: (replyText, options) => replies.push(this.replyItem(msg, replyText, options)),
    };
    try {
      const args = command.parse ? command.parse(rawArgs, base) : rawArgs;
      command.run({ ...base, args });
    } catch (err) {
      if (err instanceof UserError && err.showUsage) {
        throw new UserError(`${err.message}\n用法：${command.usage.join('\n　　　')}`);
      }
      throw err;
    }
    return { outcome: 'ok', command: command.name };
  }
}
