import type { Logger } from 'pino';
import type { Contact, Room, Wechaty } from 'wechaty';
import type { RosterMember } from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { WECHAT, displayName, type WechatPerson } from './to-incoming.js';

const ALIAS_CONCURRENCY = 16;

/**
 * The groups the bot is in, kept in step with their branches: member lists (with 群昵称), joins,
 * leaves, renames and the bot's own arrival become roster events through `RosterEvents`.
 */
export class WechatRooms {
  /** Group ids the bot has seen (sends to them go to a room, not a person). */
  readonly known = new Set<string>();
  /** Members seen leaving (room id + contact id): a late message of theirs is not a rejoin. */
  private readonly removed = new Set<string>();

  constructor(
    private readonly roster: RosterEvents,
    private readonly log: Logger,
    private readonly bot: () => Wechaty,
  ) {}

  async personIn(room: Room, contact: Contact): Promise<WechatPerson> {
    const roomAlias = await room.alias(contact).catch(() => undefined);
    return { ...person(contact), ...(roomAlias ? { roomAlias } : {}) };
  }

  async members(room: Room): Promise<RosterMember[]> {
    const selfId = this.bot().currentUser.id;
    const contacts = (await room.memberAll()).filter((c) => c.id !== selfId);
    const out: RosterMember[] = [];
    for (let i = 0; i < contacts.length; i += ALIAS_CONCURRENCY) {
      const chunk = await Promise.all(
        contacts.slice(i, i + ALIAS_CONCURRENCY).map((c) => this.personIn(room, c)),
      );
      out.push(...chunk.map((p) => ({ userId: p.id, name: displayName(p) })));
    }
    return out;
  }

  /** Brings every group's member list into its branch; one failing group does not stop the rest. */
  async syncAll(): Promise<void> {
    const rooms = await this.bot().Room.findAll();
    for (const room of rooms) {
      try {
        await this.sync(room);
      } catch (err) {
        this.log.warn({ err, chatId: room.id }, 'wechat roster sync failed for a group');
      }
    }
  }

  async sync(room: Room): Promise<void> {
    this.known.add(room.id);
    const members = await this.members(room);
    await this.roster.sync({
      platform: WECHAT,
      chatId: room.id,
      title: (await room.topic()) || room.id,
      members,
      ownerId: room.owner()?.id,
    });
  }

  async onJoin(room: Room, invitees: Contact[]): Promise<void> {
    const selfId = this.bot().currentUser.id;
    if (invitees.some((c) => c.id === selfId)) return this.onBotAdded(room);
    const title = (await room.topic()) || room.id;
    for (const contact of invitees) {
      this.removed.delete(`${room.id}\n${contact.id}`);
      const p = await this.personIn(room, contact);
      await this.roster.joined({
        platform: WECHAT,
        chatId: room.id,
        title,
        member: { userId: p.id, name: displayName(p) },
      });
    }
  }

  async onLeave(room: Room, leavers: Contact[]): Promise<void> {
    const selfId = this.bot().currentUser.id;
    for (const contact of leavers) {
      if (contact.id === selfId) {
        this.log.warn({ chatId: room.id }, '机器人已被移出微信群');
        continue;
      }
      this.removed.add(`${room.id}\n${contact.id}`);
      if (this.removed.size > 10_000) this.removed.delete(this.removed.values().next().value!);
      await this.roster.left({ platform: WECHAT, chatId: room.id, userId: contact.id });
    }
  }

  /** The group was renamed (room-topic): the chat follows, and the branch when named after it. */
  async onTopic(room: Room, topic: string): Promise<void> {
    if (!topic.trim()) return;
    await this.roster.renamed({ platform: WECHAT, chatId: room.id, title: topic });
  }

  /** The bot was added to a group: read its roster; the greeting goes out through the outbox. */
  async onBotAdded(room: Room): Promise<void> {
    await this.sync(room);
    await this.roster.botJoined({
      platform: WECHAT,
      chatId: room.id,
      title: (await room.topic()) || room.id,
    });
  }

  /** A member seen leaving who is still not back in the room. */
  async goneFrom(room: Room, talker: Contact): Promise<boolean> {
    const key = `${room.id}\n${talker.id}`;
    if (!this.removed.has(key)) return false;
    if (await room.has(talker).catch(() => false)) {
      this.removed.delete(key);
      return false;
    }
    return true;
  }
}

export function person(contact: Contact): WechatPerson {
  return { id: contact.id, name: contact.name() };
}
