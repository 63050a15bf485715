import { randomUUID } from 'node:crypto';
import type { EventSink, RosterMember } from './message.js';

/**
 * What adapters call when a group's members change: each change becomes an inbox event
 * (member-joined, member-left, or the whole roster), so it is deduplicated, applied in one
 * transaction and seen by features like any message. The sink is attached when the app starts.
 */
export class RosterEvents {
  sink: EventSink | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Replaces the group's member list with the platform's (newcomers added, absentees marked left). */
  sync(input: {
    platform: string;
    chatId: string;
    title: string;
    members: RosterMember[];
    ownerId?: string;
  }) {
    const { platform, chatId, title, members, ownerId } = input;
    return this.emit({ type: 'roster', platform, chatId, chatTitle: title, members, ownerId });
  }

  /** One member joined the group: expected from today. */
  joined(input: { platform: string; chatId: string; title: string; member: RosterMember }) {
    const { platform, chatId, title, member } = input;
    return this.emit({ type: 'member-joined', platform, chatId, chatTitle: title, members: [member] });
  }

  /** One member left the group: no longer expected from today. */
  left(input: { platform: string; chatId: string; userId: string }) {
    const { platform, chatId, userId } = input;
    return this.emit({ type: 'member-left', platform, chatId, members: [{ userId, name: '' }] });
  }

  /** The group was renamed: the chat follows, and its branch while it carries the old name. */
  renamed(input: { platform: string; chatId: string; title: string }) {
    return this.emit({
      type: 'chat-renamed',
      platform: input.platform,
      chatId: input.chatId,
      chatTitle: input.title,
    });
  }

  /** The bot was added to a group: the features greet it (the command list). */
  botJoined(input: { platform: string; chatId: string; title: string; eventId?: string }) {
    const { platform, chatId, title, eventId } = input;
    return this.emit({ type: 'bot-joined', platform, chatId, chatTitle: title }, eventId);
  }

  private async emit(
    event:
      | {
          type: 'roster' | 'member-joined' | 'member-left';
          platform: string;
          chatId: string;
          chatTitle?: string;
          members: RosterMember[];
          ownerId?: string;
        }
      | { type: 'chat-renamed' | 'bot-joined'; platform: string; chatId: string; chatTitle: string },
    /** The platform's own event id, when it has one: a redelivery is then recognised. */
    platformEventId?: string,
  ): Promise<void> {
    if (!this.sink) throw new Error('roster events before the app started');
    const eventId = platformEventId ?? `${event.type}:${event.chatId}:${randomUUID()}`;
    await this.sink({ ...event, eventId, at: this.now() });
  }
}
