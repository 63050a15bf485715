import { UserError } from '../domain/user-error.js';

/**
 * Normalises what a member typed: full-width letters, digits and spaces become half-width
 * (NFKC), runs of spaces collapse, and a leading `@bot`, `#` or `/` is dropped.
 */
export function normalizeText(raw: string, botNames: readonly string[] = []): string {
  let s = raw
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .trim();
  for (const name of botNames) {
    if (s.startsWith(`@${name}`)) s = s.slice(name.length + 1).trim();
  }
  s = s.replace(/^[#/]+/, '').trim();
  return s.replace(/\s+/g, ' ');
}

const CJK = /[\u3400-\u9fff]/;

export function hasCjk(s: string): boolean {
  return CJK.test(s);
}

export const MAX_NOTE = 200;

/** Checks a note's length; returns it trimmed, or '' when it is only punctuation or emoji. */
export function parseNote(raw: string): string {
  const note = meaningfulText(raw);
  if (note.length > MAX_NOTE)
    throw new UserError(`备注太长（${note.length} 字），请控制在 ${MAX_NOTE} 字以内。`);
  return note;
}

/** The longest name shown for a member; chat titles may be longer (64). */
export const MAX_NAME = 32;
export const MAX_TITLE = 64;

/**
 * A display name as people should see it: control characters (\p{Cc}), format characters
 * (\p{Cf}: bidi overrides and isolates, zero-width spaces and joiners, BOM) and line separators
 * removed, whitespace collapsed, and shortened to `max` code points (never half an emoji's
 * surrogate pair). "李\u200b四" is 李四, and a name never reverses the text after it. Cleaning is
 * never a reason to drop a message: an empty result is the caller's to replace.
 */
export function cleanName(raw: string, max = MAX_NAME): string {
  const s = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (ch) => (/\s/.test(ch) ? ' ' : ''))
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max).join('').trim() : s;
}

/** Letters (any script), marks and digits: what makes a note or a reason say something. */
const SUBSTANCE = /[\p{L}\p{N}]/u;

/**
 * A note or reason with substance, or '' when the text is only punctuation, symbols or emoji
 * ('！', '。。', '👍'): `打卡！` is a check-in without a note, not one whose note is '!'.
 * Punctuation around real words is kept as typed.
 */
export function meaningfulText(raw: string): string {
  const s = raw.trim();
  return SUBSTANCE.test(s) ? s : '';
}
