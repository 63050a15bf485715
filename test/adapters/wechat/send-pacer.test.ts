import { describe, expect, it } from 'vitest';
import { SendPacer } from '../../../adapters/wechat/send-pacer.js';
import { SendError } from '../../../src/core/errors.js';

describe('pacing WeChat sends', () => {
  it('runs one call at a time, spaced by at least the gap', async () => {
    const pacer = new SendPacer({ minGapMs: 40, jitterMs: 0, pauseMs: 1000 });
    const starts: number[] = [];
    let running = 0;
    let overlap = false;
    const call = async () => {
      starts.push(Date.now());
      overlap ||= ++running > 1;
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    await Promise.all([pacer.run(call), pacer.run(call), pacer.run(call)]);
    expect(overlap).toBe(false);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(38);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(38);
  });

  it('adds the random jitter to the gap', async () => {
    const pacer = new SendPacer({ minGapMs: 0, jitterMs: 100, pauseMs: 1000, random: () => 0.5 });
    const starts: number[] = [];
    const call = async () => void starts.push(Date.now());
    await Promise.all([pacer.run(call), pacer.run(call)]);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(48);
  });

  it('"操作过于频繁" becomes a SendError asking to retry after the pause, and later calls wait too', async () => {
    const paused: string[] = [];
    const pacer = new SendPacer({
      minGapMs: 0,
      jitterMs: 0,
      pauseMs: 60_000,
      onPause: (s) => paused.push(s),
    });
    const first = pacer.run(async () => {
      throw new Error('操作过于频繁，请稍后再试');
    });
    await expect(first).rejects.toBeInstanceOf(SendError);
    await first.catch((err: SendError) => expect(err.options.retryAfterMs).toBeGreaterThan(59_000));
    let called = false;
    await expect(pacer.run(async () => void (called = true))).rejects.toBeInstanceOf(SendError);
    expect(called).toBe(false);
    expect(paused).toEqual(['send']);
  });

  it('other failures are passed on unchanged and do not pause', async () => {
    const pacer = new SendPacer({ minGapMs: 0, jitterMs: 0, pauseMs: 60_000 });
    const boom = new Error('network down');
    await expect(pacer.run(async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(() => pacer.check()).not.toThrow();
  });
});
