import type { Logger } from 'pino';
import { dayOf } from '../domain/time.js';
import type { Db } from './db.js';
import { inTransaction } from './db.js';
import { eq } from 'drizzle-orm';
import { ensureChat, ensureMember, findChat, findMemberByIdentity, markLeft, syncRoster } from './members.js';
import { branches, chats } from './schema.js';
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

  /**
   * The group was renamed: the chat takes the new title, and so does its branch while it still
   * carries the chat's old title (a name a secretary chose is kept). Unknown chats are ignored.
   */
  renamed(input: { platform: string; chatId: string; title: string }): { renamed: boolean } {
    const title = input.title.trim().slice(0, 256);
    if (!title) return { renamed: false };
    return inTransaction(this.db, () => {
      const found = findChat(this.db, input.platform, input.chatId);
      if (!found || found.chat.title === title) return { renamed: false };
      this.db.update(chats).set({ title }).where(eq(chats.id, found.chat.id)).run();
      if (found.branch.name === found.chat.title)
        this.db.update(branches).set({ name: title }).where(eq(branches.id, found.branch.id)).run();
      return { renamed: true };
    });
  }
}
