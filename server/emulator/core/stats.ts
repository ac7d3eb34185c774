/** How long an iterator chain counts in `shardReaders` (`/_eddy/stats`, kept for existing tools). */
export const READER_WINDOW_MS = 10_000;
/** `shards.*.readers`: iterator chains that called GetRecords within this window. */
export const ACTIVE_READER_MS = 2_000;
/** `shards.*.getRecordsPerSecond`: calls over this sliding window, per second. */
export const RATE_WINDOW_MS = 10_000;

/** Per shard: who called GetRecords, how often, and how often they were throttled. */
interface ShardCalls {
  /** chainId → last GetRecords call (served or throttled), real ms. */
  chains: Map<string, number>;
  /** appId → call times (real ms) within RATE_WINDOW_MS. */
  calls: Map<string, number[]>;
  /** appId → throttled calls since the last reset. */
  throttled: Map<string, number>;
}

export interface ShardStats {
  readers: number;
  getRecordsPerSecond: Record<string, number>;
  throttled: Record<string, number>;
}

/**
 * Request counts per operation and the iterator chains that read each shard, for `/_eddy/stats`.
 * Eddy's benchmarks use it to prove that many browsers still mean one reader per shard.
 */
export class EmulatorStats {
  private readonly requests = new Map<string, number>();
  /** shardId → chainId → last use in real milliseconds. */
  private readonly chains = new Map<string, Map<string, number>>();
  private readonly shards = new Map<string, ShardCalls>();

  countRequest(operation: string): void {
    this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
  }

  /** Records that the iterator chain `chainId` read `shardId` now. */
  touchReader(shardId: string, chainId: string, nowMs = Date.now()): void {
    let chains = this.chains.get(shardId);
    if (!chains) this.chains.set(shardId, (chains = new Map()));
    chains.set(chainId, nowMs);
  }

  /** Chains of `shardId` used within the window, other than `exceptChainId`. */
  activeReaders(shardId: string, nowMs = Date.now(), exceptChainId?: string): number {
    const chains = this.chains.get(shardId);
    if (!chains) return 0;
    let n = 0;
    for (const [id, last] of chains) {
      if (nowMs - last > READER_WINDOW_MS) chains.delete(id);
      else if (id !== exceptChainId) n++;
    }
    return n;
  }

  /**
   * Records one GetRecords call on `shardId` by the caller `appId` (the SDK User-Agent's
   * `app/<id>`, "unknown" without one), served or throttled.
   */
  recordGetRecords(shardId: string, chainId: string, appId: string, throttled: boolean, nowMs = Date.now()): void {
    let shard = this.shards.get(shardId);
    if (!shard) this.shards.set(shardId, (shard = { chains: new Map(), calls: new Map(), throttled: new Map() }));
    shard.chains.set(chainId, nowMs);
    let calls = shard.calls.get(appId);
    if (!calls) shard.calls.set(appId, (calls = []));
    calls.push(nowMs);
    if (calls.length > 4096 || calls[0] < nowMs - RATE_WINDOW_MS) prune(calls, nowMs - RATE_WINDOW_MS);
    if (throttled) shard.throttled.set(appId, (shard.throttled.get(appId) ?? 0) + 1);
    else if (!shard.throttled.has(appId)) shard.throttled.set(appId, 0);
  }

  /** Per shard: chains reading in the last 2 s, GetRecords/s over the last 10 s and throttles since reset, by app id. */
  shardStats(nowMs = Date.now()): Record<string, ShardStats> {
    const out: Record<string, ShardStats> = {};
    for (const [shardId, shard] of this.shards) {
      let readers = 0;
      for (const [id, last] of shard.chains) {
        if (nowMs - last > RATE_WINDOW_MS) shard.chains.delete(id);
        else if (nowMs - last <= ACTIVE_READER_MS) readers++;
      }
      const getRecordsPerSecond: Record<string, number> = {};
      for (const [appId, calls] of shard.calls) {
        prune(calls, nowMs - RATE_WINDOW_MS);
        getRecordsPerSecond[appId] = Math.round((calls.length / (RATE_WINDOW_MS / 1000)) * 100) / 100;
      }
      out[shardId] = { readers, getRecordsPerSecond, throttled: Object.fromEntries(shard.throttled) };
    }
    return out;
  }

  snapshot(nowMs = Date.now()): { requests: Record<string, number>; shardReaders: Record<string, number>; shards: Record<string, ShardStats> } {
    const shardReaders: Record<string, number> = {};
    for (const shardId of this.chains.keys()) {
      const n = this.activeReaders(shardId, nowMs);
      if (n > 0) shardReaders[shardId] = n;
    }
    return { requests: Object.fromEntries(this.requests), shardReaders, shards: this.shardStats(Date.now()) };
  }

  reset(): void {
    this.requests.clear();
    this.chains.clear();
    this.shards.clear();
  }
}

/** Drops the times before `cutoff` from the front of an ascending list. */
function prune(times: number[], cutoff: number): void {
  let n = 0;
  while (n < times.length && times[n] < cutoff) n++;
  if (n > 0) times.splice(0, n);
}
