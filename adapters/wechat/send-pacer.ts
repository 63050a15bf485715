import { SendError } from '../../src/core/errors.js';
import { isRateLimitNotice } from './outgoing.js';

export interface SendPacerOptions {
  /** Least time between two platform calls, plus a random 0..jitterMs. */
  minGapMs: number;
  jitterMs: number;
  /** How long sending stops after WeChat says "操作过于频繁". */
  pauseMs: number;
  random?: () => number;
  onPause?: (source: 'send' | 'notice') => void;
}

/**
 * Paces one account's sends: one platform call at a time, spaced with jitter (a steady machine
 * rhythm is what risk control looks for), and a pause after WeChat's "操作过于频繁".
 */
export class SendPacer {
  private chain: Promise<unknown> = Promise.resolve();
  private lastAt = 0;
  private pausedUntil = 0;

  constructor(private readonly o: SendPacerOptions) {}

  /** Stops sending for `pauseMs`. */
  pause(source: 'send' | 'notice'): void {
    this.pausedUntil = Date.now() + this.o.pauseMs;
    this.o.onPause?.(source);
  }

  /** Throws SendError with the time left while paused. */
  check(): void {
    const left = this.pausedUntil - Date.now();
    if (left > 0) throw new SendError('微信提示操作过于频繁，暂停发送', { retryAfterMs: left });
  }

  /**
   * Runs `call` when its turn comes. Throws SendError (retry later) when paused, including when
   * the call itself fails with a rate-limit message; other errors are passed on.
   */
  run(call: () => Promise<unknown>): Promise<void> {
    const turn = this.chain.then(async () => {
      const wait =
        this.lastAt + this.o.minGapMs + (this.o.random ?? Math.random)() * this.o.jitterMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.check();
      try {
        await call();
      } catch (err) {
        if (isRateLimitNotice(String((err as Error)?.message ?? err))) this.pause('send');
        this.check();
        throw err;
      } finally {
        this.lastAt = Date.now();
      }
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}
