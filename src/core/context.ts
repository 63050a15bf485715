import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { ReportScope } from './feature.js';
import type { Chat, Member } from './members.js';
import type { Card, IncomingMessage } from './message.js';
import type { Registry } from './registry.js';
import type { Role } from './schema.js';

export interface ReplyOptions {
  /** Members to @mention (the platform's mention where it has one). */
  mention?: readonly Member[];
  card?: Card;
  /** Replies with the same key waiting for the same chat may be merged (see the features' mergers). */
  mergeKey?: string;
  /** What this reply contributes when merged, e.g. the member's name for a check-in. */
  mergeItem?: string;
  /** Extra data a merger needs, e.g. the branch id. */
  mergeData?: Record<string, string | number>;
  /** Send as a reply to this platform message (into its thread). */
  replyToMessageId?: string;
  /** Work done just before the first send (a feature's preparer), e.g. building a file. */
  prepare?: { kind: string; args: Record<string, unknown> };
}

/** How a handler sends: to the chat it serves, or privately to members. */
export interface Sending {
  /** Queues a message to the chat; it is sent after the transaction commits. */
  reply(text: string, options?: ReplyOptions): void;
  /** Queues a private message to each member (on the chat's platform; unknown identities are skipped). */
  dm(members: readonly Member[], text: string): void;
}

/** What every handler knows: where it runs and when. */
export interface Scope extends ReportScope, Sending {
  clock: Clock;
  chat: Chat;
  log: Logger;
}

/** Everything a command handler needs for one message. */
export interface CommandContext<A = string> extends Scope {
  msg: IncomingMessage;
  /** The arguments as typed (after the command name). */
  rawArgs: string;
  /** The arguments parsed by the command's `parse`. */
  args: A;
  member: Member;
  role: Role;
  /** Records who did what in the audit log (same transaction). */
  audit(action: string, detail: Record<string, unknown>): void;
}

/** A feature's reaction to a roster, button or read event. */
export type EventContext = Scope;

/** A scheduled job's run for one chat of a branch. */
export type JobContext = Scope;

export interface Command<A = string> {
  name: string;
  aliases: string[];
  /** One line a usage; `帮助 <name>` prints them (设置 lists every feature's settings). */
  usage: string[] | ((registry: Registry) => string[]);
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
  /** A command that can answer without a branch (帮助 in a private chat before any group message). */
  answerAlone?: (rawArgs: string, registry: Registry) => string;
}

/** A command's usage lines. */
export function usageOf(command: Command<unknown>, registry: Registry): string[] {
  return typeof command.usage === 'function' ? command.usage(registry) : command.usage;
}

/** Declares a command with its argument type inferred from `parse`. */
export function defineCommand<A = string>(command: Command<A>): Command<A> {
  return command;
}

export const roleRank: Record<Role, number> = { member: 0, committee: 1, secretary: 2 };
export const roleName: Record<Role, string> = { member: '党员', committee: '委员', secretary: '书记' };
