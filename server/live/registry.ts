import type { StreamActivity, StreamEvent } from '@/lib/types/streams';
import type { StreamsApi } from '../aws/streams';
import { DEFAULT_LIVE_OPTIONS, type LiveOptions } from './options';
import { StreamTail, type ResolveStream } from './stream-tail';

interface Entry {
  tail: StreamTail;
  holders: number;
  /** A lease without a connection (the streams list keeps tails warm for its figures). */
  leaseUntil: number;
  stopTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Every running stream tail of this process, one per table: a tail starts with its first holder
 * and stops `lingerMs` after the last one leaves. However many browsers watch, a table has one
 * tail, and a tail one reader per shard.
 */
export class LiveRegistry {
  private readonly entries = new Map<string, Entry>();
  /** When each table's last tail stopped (for `readDuring`). */
  private readonly stoppedAt = new Map<string, number>();
  readonly options: LiveOptions;

  constructor(
    private readonly api: () => StreamsApi,
    private readonly resolveStream: ResolveStream,
    options: Partial<LiveOptions> = {},
    /** Sees every batch a tail publishes (the schema learner): observes, never reads. */
    private readonly onEvents?: (table: string, events: StreamEvent[]) => void,
  ) {
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
  }

  private entry(table: string): Entry {
    let entry = this.entries.get(table);
    if (!entry) {
      const tail = new StreamTail(table, this.api(), this.resolveStream, this.options, this.onEvents);
      entry = { tail, holders: 0, leaseUntil: 0 };
      this.entries.set(table, entry);
      tail.start();
    }
    if (entry.stopTimer) {
      clearTimeout(entry.stopTimer);
      entry.stopTimer = undefined;
    }
    return entry;
  }

  /** Holds the table's tail (starting it if needed) until `release()` is called. */
  acquire(table: string): { tail: StreamTail; release: () => void } {
    const entry = this.entry(table);
    entry.holders++;
    let released = false;
    return {
      tail: entry.tail,
      release: () => {
        if (released) return;
        released = true;
        entry.holders--;
        this.maybeStop(table, entry);
      },
    };
  }

  /** Keeps the table's tail running for `ms` more without a connection. */
  lease(table: string, ms = this.options.lingerMs): StreamTail {
    const entry = this.entry(table);
    entry.leaseUntil = Math.max(entry.leaseUntil, Date.now() + ms);
    this.maybeStop(table, entry);
    return entry.tail;
  }

  /** The running tail of a table, if any, without starting one. */
  peek(table: string): StreamTail | undefined {
    return this.entries.get(table)?.tail;
  }

  private maybeStop(table: string, entry: Entry): void {
    if (entry.holders > 0) return;
    if (entry.stopTimer) clearTimeout(entry.stopTimer);
    const wait = Math.max(this.options.lingerMs, entry.leaseUntil - Date.now());
    entry.stopTimer = setTimeout(() => {
      if (entry.holders > 0 || this.entries.get(table) !== entry) return;
      if (entry.leaseUntil > Date.now()) return this.maybeStop(table, entry);
      entry.tail.stop();
      this.entries.delete(table);
      this.stoppedAt.set(table, Date.now());
    }, wait);
    entry.stopTimer.unref?.();
  }

  /** Events/s overall and per shard for a table whose tail runs; undefined when nobody watches it. */
  activity(table: string): StreamActivity | undefined {
    return this.entries.get(table)?.tail.activity();
  }

  /**
   * Whether Eddy read the table's stream at some time in [from, to): CloudWatch's
   * `ReturnedRecordsCount` then counts Eddy's reads beside the consumers'. Approximate at the
   * edges (a tail that stopped after `from` counts), which errs towards more readers, a lower rate.
   */
  readDuring(table: string, from: number, to: number): boolean {
    const since = this.entries.get(table)?.tail.readingSince;
    if (since !== undefined && since < to) return true;
    return (this.stoppedAt.get(table) ?? -Infinity) >= from;
  }

  /** Stops every tail now (tests, shutdown). */
  stopAll(): void {
    for (const [table, entry] of this.entries) {
      if (entry.stopTimer) clearTimeout(entry.stopTimer);
      entry.tail.stop();
      this.entries.delete(table);
    }
  }
}
