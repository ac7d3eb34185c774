/** How long an iterator chain counts as an active reader of its shard (`/_eddy/stats`). */
export const READER_WINDOW_MS = 10_000;

/**
 * Request counts per operation and the iterator chains that read each shard, for `/_eddy/stats`.
 * Eddy's benchmarks use it to prove that many browsers still mean one reader per shard.
 */
export class EmulatorStats {
  private readonly requests = new Map<string, number>();
  /** shardId → chainId → last use in real milliseconds. */
  private readonly chains = new Map<string, Map<string, number>>();

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

  snapshot(nowMs = Date.now()): { requests: Record<string, number>; shardReaders: Record<string, number> } {
    const shardReaders: Record<string, number> = {};
    for (const shardId of this.chains.keys()) {
      const n = this.activeReaders(shardId, nowMs);
      if (n > 0) shardReaders[shardId] = n;
    }
    return { requests: Object.fromEntries(this.requests), shardReaders };
  }

  reset(): void {
    this.requests.clear();
    this.chains.clear();
  }
}
