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
