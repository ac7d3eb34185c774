/** The pacing and bounds of Eddy's live readers; tests shorten them. */
export interface LiveOptions {
  /**
   * Wait after an empty GetRecords: Lambda's own pace is about 4 polls a second per shard. After
   * a few empty pages in a row each further one doubles the wait up to `idleMaxIntervalMs`
   * (slower while idle); a
   * page with records goes back to reading as fast as the shard's read budget allows
   * (`EDDY_SHARD_READS_PER_SECOND`, enforced by the shard's read scheduler).
   */
  idleIntervalMs: number;
  idleMaxIntervalMs: number;
  /** How often the tail re-describes the stream to find new (child) shards. */
  describeIntervalMs: number;
  /** How long a tail keeps reading after its last subscriber left (a reload should not restart it). */
  lingerMs: number;
  /** Decoded events held per stream for reconnects and "recent". */
  ringSize: number;
  /** Backoff with equal jitter on throttling and outages: base × 2^n, capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  idleIntervalMs: 250,
  idleMaxIntervalMs: 1_000,
  describeIntervalMs: 10_000,
  lingerMs: 60_000,
  ringSize: 5_000,
  backoffBaseMs: 500,
  backoffMaxMs: 15_000,
};

/**
 * Exponential backoff with equal jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): half of min(cap, base × 2^(n−1)) fixed, the other half random.
 */
export function backoffDelay(failures: number, options: Pick<LiveOptions, 'backoffBaseMs' | 'backoffMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.min(20, Math.max(0, failures - 1)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
