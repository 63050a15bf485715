import { UserError } from './user-error.js';

/**
 * Numbers in settings are plain decimals (DESIGN §5): digits, at most one decimal point, nothing
 * else. `Number()` would take '0x10', '1e1', 'Infinity' and '' (as 0); these refuse them.
 */
export interface PlainNumberOptions {
  /** What the number is, for the reply: '天数', '党费基数'. Default '数字'. */
  name?: string;
  min?: number;
  max?: number;
  /** Most digits after the point. Default 2. */
  maxDecimals?: number;
}

const MAX_INPUT = 20;

export function parsePlainNumber(input: string, options: PlainNumberOptions = {}): number {
  const { name = '数字', min = 0, max = Number.MAX_SAFE_INTEGER, maxDecimals = 2 } = options;
  const s = String(input ?? '')
    .normalize('NFKC')
    .trim();
  const shown = s.slice(0, MAX_INPUT);
  if (!s) throw new UserError(`请写明${name}，例如 10。`);
  if (s.length > MAX_INPUT) throw new UserError(`${name}写得太长了。`);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) {
    const why = /\de/i.test(s)
      ? '不能用科学计数法'
      : /^0[xob]/i.test(s)
        ? '请写十进制数字'
        : '只能写数字（可带小数点）';
    throw new UserError(`${name}「${shown}」看不懂：${why}，例如 10 或 2.5。`);
  }
  if ((m[3]?.length ?? 0) > maxDecimals)
    throw new UserError(
      maxDecimals === 0 ? `${name}必须是整数，例如 10。` : `${name}最多 ${maxDecimals} 位小数。`,
    );
  const value = Number(s);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UserError(`${name}应在 ${min} 到 ${max} 之间，「${shown}」不行。`);
  return value === 0 ? 0 : value; // never -0
}

/** A whole number from a setting: '10' yes, '10.5', '1e1', '0x10', '' no. */
export function parsePlainInteger(
  input: string,
  options: Omit<PlainNumberOptions, 'maxDecimals'> = {},
): number {
  return parsePlainNumber(input, { ...options, maxDecimals: 0 });
}
