import 'server-only';
import { toAppError, type AppError } from '@/lib/errors';
import { compareSequenceNumbers as cmp } from '@/lib/streams/position';
import type { ReadNote, TraceStreamEvent } from '@/lib/types/traces';
import { SLOWED_MESSAGE, shardScheduler, type ShardPosition } from '../live/read-scheduler';
import type { TraceShardApi } from './types';

/** A shard not asked about for this long is forgotten (its records and its chain). */
const IDLE_EVICT_MS = 10 * 60_000;

export interface ShardCacheOptions {
  /**
   * How long a read waits for its turn on the shard's read scheduler (behind Eddy's budget and
   * any backoff after LimitExceededException) before it says the shard is busy.
   */
  turnWaitMs: number;
  /** Records kept per shard; older ones are dropped first (and the trace says so). */
  maxEventsPerShard: number;
  /** Records kept across all shards; the least recently used shard goes first. */
  maxEvents: number;
  now: () => number;
}

const DEFAULTS: ShardCacheOptions = { turnWaitMs: 12_000, maxEventsPerShard: 20_000, maxEvents: 100_000, now: () => Date.now() };

interface Entry {
  events: TraceStreamEvent[];
  /** A closed shard read to its end: nothing more will come. */
  finished: boolean;
  /** Records were dropped from the front to stay within bounds: the cache no longer starts at the trim horizon. */
  droppedThrough?: string;
  lastUsed: number;
  busy?: Promise<void>;
}

/** What a read of one shard gives: the records from its trim horizon as far as the budget went. */
export interface ShardRead {
  events: TraceStreamEvent[];
  /** The read reached the head of the shard (or the end of a closed one). */
  atHead: boolean;
  /** The records start at the shard's trim horizon (nothing before them is retained). */
  fromTrimHorizon: boolean;
  problem?: ReadNote;
}

/**
 * Trace reads of DynamoDB Streams, kept per shard for the whole process: the first read of a
 * shard starts at its trim horizon, later reads continue from where the last one stopped, and
 * the records read are kept (bounded) to answer the next trace without a call. Every call goes
 * through the shard's read scheduler (server/live/read-scheduler.ts) as a person waiting: ahead
 * of the live head, within Eddy's one read budget of the shard, from its iterator of that position.
 */
export class ShardRecordCache {
  private readonly entries = new Map<string, Entry>();
  private readonly options: ShardCacheOptions;

  constructor(
    private readonly api: TraceShardApi,
    options: Partial<ShardCacheOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * The shard's records from its trim horizon up to its head, reading on from where the last read
   * stopped with at most `budget.calls` GetRecords (shared by the caller across shards). With
   * `until`, the read stops once it holds a record at or past that sequence number.
   */
  async read(streamArn: string, shardId: string, budget: { calls: number; used: number }, until?: string): Promise<ShardRead> {
    const key = `${streamArn}|${shardId}`;
    const now = this.options.now();
    this.evictIdle(now);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { events: [], finished: false, lastUsed: now };
      this.entries.set(key, entry);
    }
    entry.lastUsed = now;
    // One read of a shard at a time: a second trace waits and reuses what the first read.
    while (entry.busy) await entry.busy;
    let problem: ReadNote | undefined;
    let atHead = entry.finished;
    const reached = () => {
      const last = entry.events[entry.events.length - 1];
      return until !== undefined && last !== undefined && cmp(last.sequenceNumber, until) >= 0;
    };
    const work = (async () => {
      if (entry.finished || reached()) return;
      try {
        const scheduler = shardScheduler(this.api, streamArn, shardId);
        const last = entry.events[entry.events.length - 1];
        let from: ShardPosition = last ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last.sequenceNumber } : { type: 'TRIM_HORIZON' };
        while (budget.used < budget.calls) {
          const page = await scheduler.read({ from, priority: 'person', limit: 1000, maxWaitMs: this.options.turnWaitMs });
          if (page.source === 'shard') budget.used++;
          this.append(entry, page.events);
          if (page.closed) {
            entry.finished = true;
            atHead = true;
            return;
          }
          from = page.next;
          if (reached()) return;
          // An empty page of an open shard is its head, for now.
          if (page.events.length === 0) {
            atHead = true;
            return;
          }
        }
      } catch (raw) {
        const error = toAppError(raw);
        // The chain pointed at records trimmed since: start again from the trim horizon next time.
        if (error.detail === 'TrimmedDataAccessException') this.entries.delete(key);
        problem = shardProblem(error, shardId);
      }
    })();
    entry.busy = work;
    try {
      await work;
    } finally {
      entry.busy = undefined;
    }
    this.enforceTotal(key);
    return { events: entry.events, atHead, fromTrimHorizon: entry.droppedThrough === undefined, problem };
  }

  private append(entry: Entry, events: TraceStreamEvent[]): void {
    const last = entry.events[entry.events.length - 1];
    for (const event of events) if (!last || cmp(event.sequenceNumber, last.sequenceNumber) > 0) entry.events.push(event);
    const over = entry.events.length - this.options.maxEventsPerShard;
    if (over > 0) {
      entry.droppedThrough = entry.events[over - 1].sequenceNumber;
      entry.events.splice(0, over);
    }
  }

  private evictIdle(now: number): void {
    for (const [key, entry] of this.entries) if (!entry.busy && now - entry.lastUsed > IDLE_EVICT_MS) this.entries.delete(key);
  }

  private enforceTotal(keep: string): void {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.events.length;
    if (total <= this.options.maxEvents) return;
    const byAge = [...this.entries.entries()].filter(([key, e]) => key !== keep && !e.busy).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, entry] of byAge) {
      if (total <= this.options.maxEvents) break;
      total -= entry.events.length;
      this.entries.delete(key);
    }
  }
}

/** A failed shard read in the words a trace shows. */
export function shardProblem(error: AppError, shardId: string): ReadNote {
  const what = `Records of shard ${shardId}`;
  switch (error.detail) {
    case 'TrimmedDataAccessException':
      return { status: 'trimmed', message: `${what} are already trimmed: DynamoDB Streams keeps records 24 hours.` };
    case 'ResourceNotFoundException':
      return { status: 'gone', message: `${what} cannot be read: the stream or shard no longer exists (the table was deleted, its stream replaced, or the shard closed and fully trimmed).` };
    case 'LimitExceededException':
      return {
        status: 'busy',
        message: `${what} were not read: ${SLOWED_MESSAGE} Try again shortly.`,
      };
    case 'ExpiredIteratorException':
      return { status: 'unavailable', message: `${what} were not read to the end: the shard iterator expired (15 minutes). Try again.` };
    default:
      if (error.code === 'throttled') return { status: 'busy', message: `${what} were not read: DynamoDB Streams is throttling (${error.message}). Try again shortly.` };
      return { status: 'unavailable', message: `${what} could not be read: ${error.message}` };
  }
}
