import { roleName, roleRank, type CommandContext } from '../../core/context.js';
import type { Member } from '../../core/members.js';
import { UserError } from '../../domain/user-error.js';
import { parseDay } from '../../domain/dates.js';
import { parsePeriod } from '../../domain/period.js';
import type { Day } from '../../domain/time.js';
import { targetMember } from '../../core/target.js';

/** Whose leave a command is about: the speaker, or `@某人` written first (secretaries only). */
export interface LeaveTarget {
  member: Member;
  /** Someone else's leave, entered or withdrawn by a secretary. */
  forOther: boolean;
}

/**
 * Takes a leading `@名字` off `tokens` and finds that member (a platform mention first, as
 * `设置 书记 @李四` does, else a unique name). Only a secretary may act for someone else.
 */
export function takeTarget(
  tokens: string[],
  ctx: Omit<CommandContext<unknown>, 'args'>,
  command: string,
): LeaveTarget {
  if (!tokens[0]?.startsWith('@')) return { member: ctx.member, forOther: false };
  const token = tokens.shift()!;
  if (roleRank[ctx.role] < roleRank.secretary)
    throw new UserError(
      `替他人${command}需要${roleName.secretary}权限，你目前是${roleName[ctx.role]}。给自己${command}请直接发送「${command} 日期」。`,
    );
  const member = targetMember({ ...ctx, args: undefined }, token);
  return { member, forOther: member.id !== ctx.member.id };
}

/**
 * A span of days from the front of `tokens`: '11-24', '11-24 至 11-26', '11-24至11-26',
 * '明天', or a period ('本周', '2026-11'). Returns undefined when no span is written.
 */
export function takeSpan(tokens: string[], today: Day, what: string): { start: Day; end: Day } | undefined {
  const first = tokens[0];
  if (!first) return undefined;
  const glued = /^(.+?)(?:至|到|~)(.+)$/.exec(first);
  if (glued) tokens.splice(0, 1, glued[1]!, '至', glued[2]!);
  const start = dayOrPeriod(tokens.shift()!, today);
  let end = start.end;
  if (tokens[0] && /^(至|到|~|-)$/.test(tokens[0])) {
    tokens.shift();
    const last = tokens.shift();
    if (!last) throw new UserError(`请写明${what}的结束日期。`, true);
    end = dayOrPeriod(last, today).end;
  }
  return { start: start.start, end };
}

/** One day, or a named period's days; UserError with the day formats otherwise. */
function dayOrPeriod(word: string, today: Day): { start: Day; end: Day } {
  try {
    const day = parseDay(word, today);
    return { start: day, end: day };
  } catch (err) {
    try {
      const period = parsePeriod(word, today);
      return { start: period.start, end: period.end };
    } catch {
      throw err;
    }
  }
}
