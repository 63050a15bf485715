import type { LarkMessageReadEvent, Maybe } from './payloads.js';
import { parseLarkTime } from './to-incoming.js';

/** A platform-neutral read receipt: `readerId` has read the bot's messages `messageIds`. */
export interface ReadReceipt {
  platform: 'lark';
  readerId: string;
  messageIds: string[];
  /** When they read them (epoch ms), if Feishu said. */
  readAt?: number;
}

/**
 * Reads an `im.message.message_read_v1` event (a user read messages the bot sent them). Returns
 * undefined when it names no reader or no message. Pure: the caller stores it.
 */
export function readReceiptOf(ev: Maybe<LarkMessageReadEvent>): ReadReceipt | undefined {
  const readerId = ev?.reader?.reader_id?.open_id;
  if (typeof readerId !== 'string' || !readerId) return undefined;
  const list = Array.isArray(ev?.message_id_list) ? ev.message_id_list : [];
  const messageIds = [...new Set(list.filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (messageIds.length === 0) return undefined;
  const readAt = parseLarkTime(ev?.reader?.read_time);
  return { platform: 'lark', readerId, messageIds, ...(readAt ? { readAt } : {}) };
}
