/** WeChat folds or refuses very long messages; pieces stay well under its limit. */
export const MAX_PIECE = 1800;

/**
 * Splits text into pieces of at most `max` characters, cutting at line breaks; a single line
 * longer than `max` is cut inside the line. Never returns an empty list for non-empty text.
 */
export function splitText(text: string, max = MAX_PIECE): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let current: string | undefined;
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current !== undefined) pieces.push(current);
      current = undefined;
      pieces.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    if (current !== undefined && current.length + 1 + rest.length > max) {
      pieces.push(current);
      current = undefined;
    }
    current = current === undefined ? rest : `${current}\n${rest}`;
  }
  if (current !== undefined) pieces.push(current);
  return pieces;
}

const RATE_LIMIT = /操作(过于|太)频繁|发送(过于|太)频繁|too frequent|rate.?limit/i;

/** True for WeChat's "操作过于频繁" notice (as an error message or a system note). */
export function isRateLimitNotice(text: string): boolean {
  return RATE_LIMIT.test(text);
}
