import type { Logger } from 'pino';
import { dayOf } from '../domain/time.js';
import type { Clock } from './clock.js';
import type { ReplyOptions, Scope } from './context.js';
import type { Db } from './db.js';
import type { Branch, Chat } from './members.js';
import type { OutboxItem } from './outbox.js';
import type { Registry } from './registry.js';
import { sendingTo } from './sending.js';
import { getSettings } from './settings.js';

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
