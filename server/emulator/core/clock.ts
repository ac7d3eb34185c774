/**
 * The emulator's clock: real time plus an offset that tests move forward with
 * `POST /_eddy/clock {"advanceMs": N}`. Every time-based behaviour (iterator expiry, trimming,
 * rollover, TTL, visibility, delays, retention) reads `now()` and never `Date.now()`, so a
 * 24-hour retention can be tested in milliseconds.
 */
export class EmulatorClock {
  private offsetMs = 0;
  private readonly listeners = new Set<(now: number) => void>();

  constructor(startOffsetMs = 0) {
    this.offsetMs = startOffsetMs;
  }

  /** Milliseconds since the epoch on the emulator's clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock forward and tells every listener at once (sweepers, rollover, retention). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    this.offsetMs += ms;
    const now = this.now();
    for (const listener of this.listeners) listener(now);
    return now;
  }

  /** Registers a callback run after every `advance`; returns the unsubscribe function. */
  onAdvance(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
