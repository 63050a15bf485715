import { createHash } from 'node:crypto';
import type { Mention, OutgoingMessage } from '../../src/core/message.js';
import { renderCard } from './card.js';

/** Text per message: Feishu accepts up to 150 KB, but a chat is easier to read in smaller parts. */
export const MAX_TEXT_BYTES = 30_000;

/** One platform call an outgoing message becomes. */
export type LarkSend =
  | { kind: 'message'; msgType: 'text' | 'interactive'; content: string; uuid: string }
  | { kind: 'file'; path: string; name: string; uuid: string };

/**
 * The Feishu `uuid` for a message (or one part of it): stable for the same key and part, so a
 * retry is deduplicated by the platform; at most 50 characters as Feishu requires.
 */
export function larkUuid(key: string, part?: string): string {
  const s = part === undefined ? key : `${key}-${part}`;
  return s.length <= 50 ? s : createHash('sha256').update(s).digest('hex').slice(0, 40);
}

/** Text messages turn `<at ...>` into real mentions; text we relay must not be able to do that. */
function defuse(text: string): string {
  return text.replace(/<(\/?at\b)/gi, '＜$1');
}

/** `<at user_id="ou_x">name</at>` for each mention (text-message syntax). */
export function atTags(mentions: readonly Mention[] = []): string {
  return mentions
    .filter((m) => /^[\w-]+$/.test(m.userId))
    .map((m) => `<at user_id="${m.userId}">${m.name.replace(/[<>"]/g, '')}</at>`)
    .join(' ');
}

/**
 * Splits text into parts of at most `maxBytes` UTF-8 bytes, at line breaks where possible and
 * never inside a character.
 */
export function splitText(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current = '';
  let currentBytes = 0;
  const flush = () => {
    if (current) parts.push(current);
    current = '';
    currentBytes = 0;
  };
  for (const line of text.split('\n')) {
    const lineBytes = Buffer.byteLength(line);
    const sep = current ? 1 : 0;
    if (currentBytes + sep + lineBytes <= maxBytes) {
      current += (sep ? '\n' : '') + line;
      currentBytes += sep + lineBytes;
      continue;
    }
    flush();
    if (lineBytes <= maxBytes) {
      current = line;
      currentBytes = lineBytes;
      continue;
    }
    // One line longer than a part: cut it by characters.
    for (const ch of line) {
      const b = Buffer.byteLength(ch);
      if (currentBytes + b > maxBytes) flush();
      current += ch;
      currentBytes += b;
    }
  }
  flush();
  return parts;
}

/**
 * What to send for one outgoing message: a card (when it has one), otherwise its text (split
 * when long, mentions in the first part); then its file, if any. Every part has its own uuid
 * derived from the message's idempotency key.
 */
export function planSends(message: OutgoingMessage, maxTextBytes = MAX_TEXT_BYTES): LarkSend[] {
  const key = message.idempotencyKey;
  const sends: LarkSend[] = [];
  if (message.card) {
    sends.push({
      kind: 'message',
      msgType: 'interactive',
      content: JSON.stringify(renderCard(message.card, message.mentions)),
      uuid: larkUuid(key),
    });
  } else if (message.text.trim() || message.mentions?.length) {
    const at = atTags(message.mentions);
    const text = defuse(message.text);
    const parts = splitText(text, maxTextBytes - Buffer.byteLength(at) - 1);
    parts.forEach((part, i) => {
      const body = i === 0 && at ? `${at} ${part}` : part;
      sends.push({
        kind: 'message',
        msgType: 'text',
        content: JSON.stringify({ text: body }),
        uuid: parts.length === 1 ? larkUuid(key) : larkUuid(key, `p${i + 1}`),
      });
    });
  }
  if (message.file)
    sends.push({
      kind: 'file',
      path: message.file.path,
      name: message.file.name,
      uuid: larkUuid(key, 'file'),
    });
  return sends;
}
