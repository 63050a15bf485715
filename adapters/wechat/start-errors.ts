/**
 * Start-up failures put in one Chinese line each, and a guard that keeps a puppet's repeated
 * errors (a bad token retried every few seconds) from filling the log with stack traces.
 */

export interface StartFailure {
  /** What the operator reads. */
  line: string;
  /** Retrying cannot help (the package is missing, the token is refused). */
  fatal: boolean;
}

const messageOf = (err: unknown): string =>
  String((err as { message?: unknown })?.message ?? err ?? '')
    .split('\n')[0]!
    .slice(0, 200);

/** Classifies an error thrown by `wechaty.start()` or reported by the puppet before log-in. */
export function describeStartFailure(err: unknown, puppet?: string): StartFailure {
  const code = (err as { code?: unknown })?.code;
  const msg = messageOf(err);
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(msg);
  if (code === 'ERR_MODULE_NOT_FOUND' || missing) {
    const name = missing?.[1] ?? puppet ?? 'WECHATY_PUPPET';
    return {
      line: `微信无法启动：没有安装 puppet「${name}」。请运行 npm install ${name}，或修改 WECHATY_PUPPET。`,
      fatal: true,
    };
  }
  if (/token|SNI|unauthenticated|permission denied|401|403/i.test(msg)) {
    return {
      line: '微信无法启动：puppet 服务拒绝了令牌（WECHATY_PUPPET_SERVICE_TOKEN 无效或已过期），请检查后重启。',
      fatal: true,
    };
  }
  return { line: `微信启动失败：${msg || '未知原因'}`, fatal: false };
}

/** Backoff before log-in attempt `n` (1-based): 5 s, 10 s, 20 s … at most 5 minutes. */
export function retryDelayMs(n: number, baseMs = 5000, maxMs = 5 * 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, n - 1));
}

/**
 * Lets through the first report of each distinct error, then at most one a minute with the
 * number swallowed in between.
 */
export class ErrorThrottle {
  private readonly seen = new Map<string, { at: number; swallowed: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly everyMs = 60_000,
  ) {}

  /** Undefined when the error should not be logged now; else how many were swallowed before it. */
  admit(err: unknown): { message: string; swallowed: number } | undefined {
    const message = messageOf(err);
    const entry = this.seen.get(message);
    const now = this.now();
    if (entry && now - entry.at < this.everyMs) {
      entry.swallowed++;
      return undefined;
    }
    const swallowed = entry?.swallowed ?? 0;
    this.seen.set(message, { at: now, swallowed: 0 });
    if (this.seen.size > 100) this.seen.delete(this.seen.keys().next().value!);
    return { message, swallowed };
  }
}
