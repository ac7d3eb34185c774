/** The pacing and bounds of Eddy's live readers; tests shorten them. */
export interface LiveOptions {
  /** Wait after an empty GetRecords: Lambda's own pace is about 4 polls a second per shard. */
  idleIntervalMs: number;
  /**
   * The least time between two GetRecords calls of one shard, even while records keep coming:
   * 5 calls/s is the Kinesis per-shard pace, which DynamoDB Streams does not exceed in practice.
   */
  minCallIntervalMs: number;
  /** How often the tail re-describes the stream to find new (child) shards. */
  describeIntervalMs: number;
  /** How long a tail keeps reading after its last subscriber left (a reload should not restart it). */
  lingerMs: number;
  /** Decoded events held per stream for reconnects and "recent". */
  ringSize: number;
  /** Backoff with full jitter on throttling and outages: base × 2^n, capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  idleIntervalMs: 250,
  minCallIntervalMs: 200,
  describeIntervalMs: 10_000,
  lingerMs: 60_000,
  ringSize: 5_000,
  backoffBaseMs: 500,
  backoffMaxMs: 15_000,
};

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(failures: number, options: Pick<LiveOptions, 'backoffBaseMs' | 'backoffMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.min(20, Math.max(0, failures - 1)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
