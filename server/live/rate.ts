/**
 * Events per second over a sliding window of one-second buckets: cheap enough to count every
 * event of a 2,000 records/s stream, and bounded in memory whatever the rate.
 */
export class RateCounter {
  private readonly buckets: number[];
  private readonly stamps: number[];

  constructor(private readonly windowSeconds = 60) {
    this.buckets = new Array(windowSeconds).fill(0);
    this.stamps = new Array(windowSeconds).fill(-1);
  }

  add(count: number, nowMs = Date.now()): void {
    if (count <= 0) return;
    const second = Math.floor(nowMs / 1000);
    const i = second % this.windowSeconds;
    if (this.stamps[i] !== second) {
      this.stamps[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i] += count;
  }

  /** Events in the last `seconds` complete seconds (the current partial one excluded), per second. */
  perSecond(seconds = 10, nowMs = Date.now()): number {
    return this.total(seconds, nowMs) / seconds;
  }

  /** Events counted in the last `seconds` complete seconds. */
  total(seconds: number, nowMs = Date.now()): number {
    const current = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let s = current - seconds; s < current; s++) {
      const i = ((s % this.windowSeconds) + this.windowSeconds) % this.windowSeconds;
      if (this.stamps[i] === s) sum += this.buckets[i];
    }
    return sum;
  }
}
