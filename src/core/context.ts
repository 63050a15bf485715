import type { Logger } from 'pino';
import type { Day } from '../domain/time.js';
import type { Db } from './db.js';
import type { Branch, Chat, Member } from './members.js';
import type { Role } from './schema.js';
import type { BranchSettings } from './settings.js';
import type { Clock } from './clock.js';
import type { Card, IncomingMessage, Mention } from './message.js';

export interface ReplyOptions {
  mentions?: Mention[];
  card?: Card;
  /** Replies with the same key waiting for the same chat may be merged (see outbox mergers). */
  mergeKey?: string;
  /** What this reply contributes when merged, e.g. the member's name for a check-in. */
  mergeItem?: string;
  /** Extra data a merger needs, e.g. today's count. */
  mergeData?: Record<string, string | number>;
  /** Send to another chat of the same platform (e.g. privately to a secretary). */
  toChatId?: string;
}

/** Everything a command handler needs for one message. */
export interface CommandContext<A = string> {
  msg: IncomingMessage;
  /** The arguments as typed (after the command name). */
  rawArgs: string;
  /** The arguments parsed by the command's `parse`. */
  args: A;
  db: Db;
  clock: Clock;
  tz: string;
  /** The message's sent time, and its calendar day in the branch's timezone. */
  at: number;
  today: Day;
  branch: Branch;
  chat: Chat;
  member: Member;
  role: Role;
  settings: BranchSettings;
  log: Logger;
  /** Queues a reply to the chat the message came from; it is sent after the transaction commits. */
  reply(text: string, options?: ReplyOptions): void;
}

export interface Command<A = string> {
  name: string;
  aliases: string[];
  /** One line a usage; `帮助 <name>` prints them. */
  usage: string[];
  summary: string;
  role: Role;
  /** Also served in a private chat with the bot, for the sender's branch (asked which when several). */
  inPrivate?: boolean;
  /** Parses the arguments once; throws UserError on bad input. Default: the raw string. */
  parse?: (rawArgs: string, ctx: Omit<CommandContext<unknown>, 'args'>) => A;
  /**
   * Whether text glued to the Chinese name without a space is this command's arguments
   * ('汇总本月'); without it, more Chinese after the name is chat ('打卡了吗'). See `gluedWhen`.
   */
  glued?: (rest: string) => boolean;
  run(ctx: CommandContext<A>): void;
}

/** Declares a command with its argument type inferred from `parse`. */
export function defineCommand<A = string>(command: Command<A>): Command<A> {
  return command;
}

export const roleRank: Record<Role, number> = { member: 0, committee: 1, secretary: 2 };
export const roleName: Record<Role, string> = { member: '党员', committee: '委员', secretary: '书记' };
