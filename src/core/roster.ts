import type { Logger } from 'pino';
import { dayOf } from '../domain/time.js';
import type { Db } from './db.js';
import { inTransaction } from './db.js';
import { ensureChat, ensureMember, findMemberByIdentity, markLeft, syncRoster } from './members.js';
import type { Clock } from './clock.js';
import type { RosterMember } from './message.js';

/**
 * What adapters call to keep a branch's member list in step with the platform group, so
 * `未打卡` and `汇总` include members who never spoke.
 */
export class RosterService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly log: Logger,
  ) {}

  /** Replaces the group's member list with the platform's (newcomers added, absentees marked left). */
  sync(input: {
    platform: string;
    chatId: string;
    title: string;
    members: RosterMember[];
    ownerId?: string;
  }): { added: number; left: number } {
    const now = this.clock.now();
    const result = inTransaction(this.db, () => {
      const { branch } = ensureChat(this.db, {
        platform: input.platform,
        platformChatId: input.chatId,
        title: input.title,
        now,
      });
      return syncRoster(this.db, {
        branchId: branch.id,
        platform: input.platform,
        roster: input.members,
        ownerId: input.ownerId,
        today: dayOf(now, this.tz),
        now,
      });
    });
    this.log.info(
      { platform: input.platform, chatId: input.chatId, ...result, size: input.members.length },
      'roster synced',
    );
    return result;
  }

  /** One member joined the group: expected from today. */
  joined(input: { platform: string; chatId: string; title: string; member: RosterMember }): void {
    const now = this.clock.now();
    inTransaction(this.db, () => {
      const { branch } = ensureChat(this.db, {
        platform: input.platform,
        platformChatId: input.chatId,
        title: input.title,
        now,
      });
      ensureMember(this.db, {
        branchId: branch.id,
        platform: input.platform,
        userId: input.member.userId,
        name: input.member.name,
        today: dayOf(now, this.tz),
        now,
      });
    });
  }

  /** One member left the group: no longer expected from today. */
  left(input: { platform: string; chatId: string; userId: string }): void {
    const now = this.clock.now();
    inTransaction(this.db, () => {
      const { branch } = ensureChat(this.db, {
        platform: input.platform,
        platformChatId: input.chatId,
        title: input.chatId,
        now,
      });
      const member = findMemberByIdentity(this.db, branch.id, input.platform, input.userId);
      if (member && !member.leftDay) markLeft(this.db, member.id, dayOf(now, this.tz));
    });
  }
}
