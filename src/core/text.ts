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
