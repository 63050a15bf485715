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

/** Checks a note's length; returns it trimmed. */
export function parseNote(raw: string): string {
  const note = raw.trim();
  if (note.length > MAX_NOTE)
    throw new UserError(`备注太长（${note.length} 字），请控制在 ${MAX_NOTE} 字以内。`);
  return note;
}
