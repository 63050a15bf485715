import type { Day } from '../domain/time.js';
import type { Db } from './db.js';
import {
  countWithRole,
  ensureChat,
  ensureMember,
  findMemberByIdentity,
  markLeft,
  setRole,
  syncRoster,
  type Branch,
  type Chat,
  type Member,
} from './members.js';
import { branches, chats } from './schema.js';
import { eq } from 'drizzle-orm';
import type { MemberEvent } from './message.js';

/**
 * Membership rules, in one place: a group is a branch from its first event; a person is a member
 * from their first message, whatever it says; the group owner is secretary while the branch has
 * none.
 */
export function locate(
  db: Db,
  input: {
    platform: string;
    chatId: string;
    chatTitle?: string;
    userId: string;
    name: string;
    ownerId?: string;
    today: Day;
    now: number;
  },
): { chat: Chat; branch: Branch; member: Member } {
  const { chat, branch } = ensureChat(db, {
    platform: input.platform,
    platformChatId: input.chatId,
    title: input.chatTitle || input.chatId,
    now: input.now,
  });
  const { member } = ensureMember(db, {
    branchId: branch.id,
    platform: input.platform,
    userId: input.userId,
    name: input.name,
    today: input.today,
    now: input.now,
  });
  if (input.ownerId === input.userId && countWithRole(db, branch.id, 'secretary') === 0) {
    setRole(db, member.id, 'secretary', null, input.now);
  }
  return { chat, branch, member };
}

/** Applies a roster event to the group's branch; returns the chat and branch. */
export function applyRosterEvent(
  db: Db,
  e: MemberEvent,
  today: Day,
): { chat: Chat; branch: Branch; changed: Member[] } {
  const { chat, branch } = chatOfEvent(db, e);
  const changed: Member[] = [];
  if (e.type === 'roster') {
    syncRoster(db, {
      branchId: branch.id,
      platform: e.platform,
      roster: e.members,
      ownerId: e.ownerId,
      today,
      now: e.at,
    });
  } else if (e.type === 'member-joined') {
    for (const m of e.members) {
      const base = {
        branchId: branch.id,
        platform: e.platform,
        userId: m.userId,
        name: m.name,
        today,
        now: e.at,
      };
      changed.push(ensureMember(db, base).member);
    }
  } else {
    for (const m of e.members) {
      const member = findMemberByIdentity(db, branch.id, e.platform, m.userId);
      if (member && !member.leftDay) {
        markLeft(db, member.id, today);
        changed.push(member);
      }
    }
  }
  return { chat, branch, changed };
}

/** The group was renamed: the chat follows, and so does the branch when it carried the group's name. */
export function renameChat(db: Db, chat: Chat, branch: Branch, title: string): void {
  if (!title || title === chat.title) return;
  db.update(chats).set({ title }).where(eq(chats.id, chat.id)).run();
  if (branch.name === chat.title)
    db.update(branches).set({ name: title }).where(eq(branches.id, branch.id)).run();
}

/** The chat (and branch) an event happened in, created on first sight like a message's. */
export function chatOfEvent(
  db: Db,
  e: { platform: string; chatId: string; chatTitle?: string; at: number },
): { chat: Chat; branch: Branch } {
  return ensureChat(db, {
    platform: e.platform,
    platformChatId: e.chatId,
    title: e.chatTitle || e.chatId,
    now: e.at,
  });
}
