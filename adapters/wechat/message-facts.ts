import { types, type Contact, type Message, type Room, type Wechaty } from 'wechaty';
import { displayName, type WechatMessageFacts } from './to-incoming.js';
import { person, type WechatRooms } from './wechat-rooms.js';

/** Who wrote a quoted message, by the name the quote shows: the bot, or the one member so named. */
export async function authorOf(
  bot: Wechaty,
  rooms: WechatRooms,
  room: Room,
  name: string,
): Promise<string | undefined> {
  const self = await rooms.personIn(room, bot.currentUser);
  if (displayName(self) === name || self.name === name) return self.id;
  const found = await room.memberAll(name).catch(() => [] as Contact[]);
  return found.length === 1 ? found[0]!.id : undefined;
}

/**
 * What a Wechaty message says, read through the puppet (its group, names as the group shows them,
 * mentions), for the pure `toIncoming`.
 */
export async function readFacts(bot: Wechaty, rooms: WechatRooms, msg: Message): Promise<WechatMessageFacts> {
  const room = msg.room();
  const talker = msg.talker();
  const base = { id: msg.id, isText: true, text: msg.text(), sentAt: msg.date().getTime() };
  if (!room) {
    const fromAccount = talker.type() !== types.Contact.Individual && talker.type() !== types.Contact.Unknown;
    return { ...base, talker: person(talker), self: person(bot.currentUser), mentioned: [], fromAccount };
  }
  const rawIds = msg.payload && 'mentionIdList' in msg.payload ? msg.payload.mentionIdList : undefined;
  const mentionIds = Array.isArray(rawIds) ? rawIds.filter((id) => typeof id === 'string') : undefined;
  const [topic, talkerP, selfP, mentioned] = await Promise.all([
    room.topic(),
    rooms.personIn(room, talker),
    rooms.personIn(room, bot.currentUser),
    // Special ids such as notify@all are no contacts; a 群公告 lists every member: not looked up.
    mentionIds
      ? mentionIds.length > 50
        ? []
        : contacts(
            bot,
            mentionIds.filter((id) => !id.endsWith('@all')),
          )
      : msg.mentionList().catch(() => [] as Contact[]),
  ]);
  return {
    ...base,
    talker: talkerP,
    self: selfP,
    room: { id: room.id, topic, ownerId: room.owner()?.id },
    mentioned: await Promise.all(mentioned.map((c) => rooms.personIn(room, c))),
    ...(mentionIds ? { mentionIds } : {}),
  };
}

/** The contacts with these ids that the puppet finds (unknown ids are left out). */
export async function contacts(bot: Wechaty, ids: string[]): Promise<Contact[]> {
  const found = await Promise.all(ids.map((id) => bot.Contact.find({ id }).catch(() => undefined)));
  return found.filter((c): c is Contact => Boolean(c));
}
