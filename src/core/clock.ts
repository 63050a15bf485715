/** The app's idea of now. Domain code takes a Clock instead of calling Date.now(). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that can be set (console `:time`, tests); it keeps running from the set instant. */
export class AdjustableClock implements Clock {
  private offset = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number {
    return this.base.now() + this.offset;
  }
  set(epochMs: number): void {
    this.offset = epochMs - this.base.now();
  }
}

/** A clock that only moves when told to: deterministic tests. */
export class FixedClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
