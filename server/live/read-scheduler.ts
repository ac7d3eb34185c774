import type { ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import { AppError, toAppError } from '@/lib/errors';
import { compareSequenceNumbers } from '@/lib/streams/position';
import type { ShardReadStatus } from '@/lib/types/streams';
import type { ReadEvent, RecordsPage } from '../aws/streams';
import { backoffDelay } from './options';
import { RateCounter } from './rate';
import { service } from '../services';

/**
 * Every read Eddy makes of a DynamoDB Streams shard goes through that shard's one scheduler (one
 * per shard per process, kept in the module-level registry at the end of this file): the live
 * tail, older pages, trace resolution and item search. The user's consumers own the shard; Eddy
 * takes at most `readsPerSecond` GetRecords calls a second of it — 4 by default, a second
 * Lambda's worth (`EDDY_SHARD_READS_PER_SECOND`) — and less once the shard is throttled.
 *
 * - One call in flight at a time per shard; waiting requests are served by priority: a person
 *   waiting (a trace, an older page) first, the live head next, background work last.
 * - Answers come from memory when they can: the live tail's ring (registered by the tail) or a
 *   short-lived cache of decoded pages covers a position without a call.
 * - Iterators are kept by position: reading on from where a page ended reuses its
 *   NextShardIterator; a new iterator is asked for only when the position changes.
 * - LimitExceededException: the scheduler backs off exponentially with equal jitter (half the
 *   ceiling fixed, half random: see `backoffDelay`), halves its rate until the shard has been
 *   quiet for a while, and says so in words (`status()`).
 */

export type ReadPriority = 'person' | 'live' | 'background';
const RANK: Record<ReadPriority, number> = { person: 0, live: 1, background: 2 };

export type ShardPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

/** The Streams verbs a scheduler calls (`StreamsApi` has them). */
export interface ShardReadApi {
  getShardIterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string>;
  getRecords(iterator: string, shardId: string, limit?: number): Promise<RecordsPage>;
}

export interface ShardReadRequest {
  from: ShardPosition;
  priority: ReadPriority;
  /** Records wanted at most (1–1000). */
  limit?: number;
  /** How long the request may wait while the shard is throttled before it fails as throttled. */
  maxWaitMs?: number;
  /** Withdraws the request while it waits (a stopped reader). */
  signal?: AbortSignal;
}

export interface ShardPage {
  events: ReadEvent[];
  /** The shard is closed and these are its last records (no NextShardIterator). */
  closed: boolean;
  /** Where to read on from. */
  next: ShardPosition;
  /** Where the answer came from: a GetRecords call, the decoded-page cache, or the live tail's ring. */
  source: 'shard' | 'cache' | 'ring';
}

export interface SchedulerOptions {
  /**
   * Eddy's GetRecords calls per second on this shard, at most. The bucket holds one call: any
   * window of T seconds sees at most 1 + rate × T calls, so the rate holds over short windows too.
   */
  readsPerSecond: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long after the last throttle the scheduler keeps its rate halved and says it slowed. */
  slowedForMs: number;
  /** How long a decoded page answers again. */
  pageTtlMs: number;
  /** How long a person's request waits for its turn by default. */
  personWaitMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  readsPerSecond: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 15_000,
  slowedForMs: 30_000,
  pageTtlMs: 30_000,
  personWaitMs: 20_000,
};

/** An iterator is valid 15 minutes (reference §4.3); reuse stops well before. */
const ITERATOR_REUSE_MS = 12 * 60_000;
const MAX_ITERATORS = 64;
const MAX_CACHED_EVENTS = 10_000;

export const SLOWED_MESSAGE = 'Eddy slowed its reads: the shard is busy — your consumers come first.';

interface Pending {
  request: ShardReadRequest;
  order: number;
  deadline: number;
  resolve(page: ShardPage): void;
  reject(error: unknown): void;
}

interface CachedPage {
  fromKey: string;
  events: ReadEvent[];
  closed: boolean;
  at: number;
}

function keyOf(position: ShardPosition): string {
  return position.type === 'TRIM_HORIZON' || position.type === 'LATEST' ? position.type : `${position.type}:${position.sequenceNumber}`;
}

/** Index of the event with this sequence number in an ascending list, or -1. */
function indexOfSeq(events: ReadEvent[], seq: string): number {
  let lo = 0;
  let hi = events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareSequenceNumbers(events[mid].sequenceNumber, seq);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export class ShardReadScheduler {
  readonly options: SchedulerOptions;
  /** Eddy's GetRecords calls on this shard (for the status and the benchmarks). */
  readonly calls = new RateCounter(60);
  lastUsed = Date.now();
  /** Eddy saw this shard open (a description listed it without an end): its close was watched. */
  sawOpen = false;
  private tokens: number;
  private refilledAt = Date.now();
  private readonly queue: Pending[] = [];
  private order = 0;
  private pumping = false;
  private wake: (() => void) | undefined;
  private readonly iterators = new Map<string, { iterator: string; at: number }>();
  private pages: CachedPage[] = [];
  private ring: (() => ReadEvent[]) | undefined;
  private failures = 0;
  private backoffUntil = 0;
  private lastThrottleAt = 0;
  private throttles = 0;

  constructor(
    private readonly api: ShardReadApi,
    readonly streamArn: string,
    readonly shardId: string,
    options: Partial<SchedulerOptions> = {},
  ) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
    this.tokens = this.burst;
  }

  private get burst(): number {
    return 1;
  }

  /** The rate now: the budget, halved while the shard was throttled recently. */
  private rate(now: number): number {
    return this.slowed(now) ? this.options.readsPerSecond / 2 : this.options.readsPerSecond;
  }

  private slowed(now: number): boolean {
    return this.lastThrottleAt > 0 && now - this.lastThrottleAt < this.options.slowedForMs;
  }

  /** The live tail offers its decoded events of this shard (ascending, as read); `undefined` withdraws. */
  attachRing(source: (() => ReadEvent[]) | undefined): void {
    this.ring = source;
  }

  /** What the stream page says about Eddy's reads of this shard. */
  status(now = Date.now()): ShardReadStatus {
    const slowed = this.slowed(now);
    return {
      state: slowed ? 'slowed' : 'normal',
      message: slowed ? SLOWED_MESSAGE : `Eddy reads this shard at most ${this.options.readsPerSecond} times a second.`,
      readsPerSecond: this.calls.perSecond(10, now),
      budgetPerSecond: this.rate(now),
      throttles: this.throttles,
    };
  }

  /** One page from `from`, in its turn. Rejects with the adapter's AppError (trimmed, gone, …). */
  read(request: ShardReadRequest): Promise<ShardPage> {
    this.lastUsed = Date.now();
    if (request.signal?.aborted) return Promise.reject(new AppError('invalid', 'The read was withdrawn.'));
    const quick = this.fromMemory(request);
    if (quick) return Promise.resolve(quick);
    const maxWait = request.maxWaitMs ?? (request.priority === 'person' ? this.options.personWaitMs : Infinity);
    return new Promise<ShardPage>((resolve, reject) => {
      const signal = request.signal;
      const onAbort = () => {
        if (!this.queue.includes(pending)) return;
        this.remove(pending);
        reject(new AppError('invalid', 'The read was withdrawn.'));
      };
      const pending: Pending = {
        request,
        order: this.order++,
        deadline: Date.now() + maxWait,
        resolve: (page) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(page);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      this.queue.push(pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake?.();
      if (!this.pumping) void this.pump();
    });
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Whether the ring or a cached page answers the request without a call. */
  private fromMemory(request: ShardReadRequest): ShardPage | undefined {
    const limit = Math.max(1, Math.min(1000, request.limit ?? 1000));
    const from = request.from;
    const slice = (events: ReadEvent[], start: number, closedAtEnd: boolean, source: ShardPage['source']): ShardPage | undefined => {
      if (start >= events.length) {
        return closedAtEnd && start === events.length ? { events: [], closed: true, next: from, source } : undefined;
      }
      const out = events.slice(start, start + limit);
      const reachedEnd = start + out.length >= events.length;
      return { events: out, closed: closedAtEnd && reachedEnd, next: { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: out[out.length - 1].sequenceNumber }, source };
    };
    // The live head's own reads never find what follows in the ring (they fill it): persons' reads do.
    if (request.priority === 'person' && (from.type === 'AT_SEQUENCE_NUMBER' || from.type === 'AFTER_SEQUENCE_NUMBER')) {
      const held = this.ring?.();
      if (held && held.length > 0) {
        const at = indexOfSeq(held, from.sequenceNumber);
        // The ring's end is the live head, not the shard's end: it never answers "closed".
        if (at >= 0) {
          const page = slice(held, from.type === 'AT_SEQUENCE_NUMBER' ? at : at + 1, false, 'ring');
          if (page) return page;
        }
      }
    }
    const now = Date.now();
    this.pages = this.pages.filter((p) => now - p.at < this.options.pageTtlMs);
    const key = keyOf(from);
    for (const page of this.pages) {
      if (page.fromKey === key) {
        const hit = slice(page.events, 0, page.closed, 'cache');
        if (hit) return hit;
      }
      if (from.type === 'AT_SEQUENCE_NUMBER' || from.type === 'AFTER_SEQUENCE_NUMBER') {
        const at = indexOfSeq(page.events, from.sequenceNumber);
        if (at < 0) continue;
        const hit = slice(page.events, from.type === 'AT_SEQUENCE_NUMBER' ? at : at + 1, page.closed, 'cache');
        if (hit) return hit;
      }
    }
    return undefined;
  }

  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      timer.unref?.();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private next(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.queue) {
      if (!best || RANK[p.request.priority] < RANK[best.request.priority] || (RANK[p.request.priority] === RANK[best.request.priority] && p.order < best.order)) best = p;
    }
    return best;
  }

  private remove(p: Pending): void {
    const at = this.queue.indexOf(p);
    if (at >= 0) this.queue.splice(at, 1);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (let p = this.next(); p; p = this.next()) {
        const now = Date.now();
        const quick = this.fromMemory(p.request);
        if (quick) {
          this.remove(p);
          p.resolve(quick);
          continue;
        }
        // The wait limit is for a busy shard (throttled, backing off), not for Eddy's own pacing.
        if (now > p.deadline && (this.failures > 0 || this.backoffUntil > now)) {
          this.remove(p);
          p.reject(new AppError('throttled', `${SLOWED_MESSAGE} This read waited its turn on shard ${this.shardId} and gave up; try again shortly.`, 'LimitExceededException'));
          continue;
        }
        // Refill, then wait for a token and for any backoff; a new request wakes the wait early.
        const rate = this.rate(now);
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * rate);
        this.refilledAt = now;
        const wait = Math.max(this.backoffUntil - now, this.tokens >= 1 ? 0 : ((1 - this.tokens) / rate) * 1000);
        if (wait > 0) {
          await this.nap(Math.min(wait, Math.max(1, p.deadline - now + 1)));
          continue;
        }
        this.tokens -= 1;
        this.remove(p);
        try {
          p.resolve(await this.call(p.request));
          this.failures = 0;
        } catch (raw) {
          const error = toAppError(raw);
          if (error.code === 'throttled') {
            this.failures++;
            this.throttles++;
            this.lastThrottleAt = Date.now();
            this.backoffUntil = Date.now() + backoffDelay(this.failures, this.options);
            // Its turn comes again after the backoff.
            this.queue.push(p);
            continue;
          }
          p.reject(error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async iteratorAt(from: ShardPosition, fresh: boolean): Promise<string> {
    const key = keyOf(from);
    const kept = this.iterators.get(key);
    if (!fresh && kept && Date.now() - kept.at < ITERATOR_REUSE_MS) return kept.iterator;
    const iterator =
      from.type === 'TRIM_HORIZON' || from.type === 'LATEST'
        ? await this.api.getShardIterator(this.streamArn, this.shardId, from.type)
        : await this.api.getShardIterator(this.streamArn, this.shardId, from.type, from.sequenceNumber);
    this.keepIterator(key, iterator);
    return iterator;
  }

  private keepIterator(key: string, iterator: string): void {
    this.iterators.delete(key);
    this.iterators.set(key, { iterator, at: Date.now() });
    if (this.iterators.size > MAX_ITERATORS) this.iterators.delete(this.iterators.keys().next().value as string);
  }

  private async call(request: ShardReadRequest): Promise<ShardPage> {
    const from = request.from;
    const limit = Math.max(1, Math.min(1000, request.limit ?? 1000));
    let page: RecordsPage;
    let iterator = await this.iteratorAt(from, false);
    try {
      this.calls.add(1);
      page = await this.api.getRecords(iterator, this.shardId, limit);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.detail !== 'ExpiredIteratorException') throw error;
      // A kept iterator aged out (a long-idle position): one fresh one from the same position.
      iterator = await this.iteratorAt(from, true);
      this.calls.add(1);
      page = await this.api.getRecords(iterator, this.shardId, limit);
    }
    const key = keyOf(from);
    const last = page.events[page.events.length - 1];
    const next: ShardPosition = last ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last.sequenceNumber } : from;
    if (page.nextIterator) this.keepIterator(keyOf(next), page.nextIterator);
    // LATEST means "from now": once records came, it no longer names this chain's place.
    if (last && from.type === 'LATEST') this.iterators.delete(key);
    if (page.events.length > 0 || !page.nextIterator) this.cachePage({ fromKey: key, events: page.events, closed: !page.nextIterator, at: Date.now() });
    return { events: page.events, closed: !page.nextIterator, next, source: 'shard' };
  }

  private cachePage(page: CachedPage): void {
    if (page.fromKey === 'LATEST') return;
    this.pages.push(page);
    let total = 0;
    for (const p of this.pages) total += p.events.length;
    while (total > MAX_CACHED_EVENTS && this.pages.length > 1) total -= (this.pages.shift() as CachedPage).events.length;
  }
}

// ---- the process's registry: one scheduler per shard per Streams adapter ----

/** A scheduler nobody asked anything of for this long is dropped (its cache and iterators with it). */
const IDLE_EVICT_MS = 30 * 60_000;

export interface ReadSchedulerRegistry {
  byApi: WeakMap<object, Map<string, ShardReadScheduler>>;
  defaults: Partial<SchedulerOptions>;
}

/** The process's one set of schedulers (server/services.ts): a dev-mode module reload makes no second set. */
function registry(): ReadSchedulerRegistry {
  return service('readSchedulers', () => ({ byApi: new WeakMap(), defaults: {} }));
}

/** Sets the options new schedulers start with (the server sets the budget from `EDDY_SHARD_READS_PER_SECOND`). */
export function configureReadSchedulers(defaults: Partial<SchedulerOptions>): void {
  registry().defaults = { ...defaults };
}

/** The one scheduler of a shard for this Streams adapter, made on first use. */
export function shardScheduler(api: ShardReadApi, streamArn: string, shardId: string): ShardReadScheduler {
  const reg = registry();
  let map = reg.byApi.get(api);
  if (!map) reg.byApi.set(api, (map = new Map()));
  const key = `${streamArn}|${shardId}`;
  let scheduler = map.get(key);
  if (!scheduler) {
    const now = Date.now();
    for (const [k, s] of map) if (s.waiting === 0 && now - s.lastUsed > IDLE_EVICT_MS) map.delete(k);
    scheduler = new ShardReadScheduler(api, streamArn, shardId, reg.defaults);
    map.set(key, scheduler);
  }
  return scheduler;
}

/** The scheduler of a shard if one exists (status, lineage), without making one. */
export function existingScheduler(api: ShardReadApi, streamArn: string, shardId: string): ShardReadScheduler | undefined {
  return registry().byApi.get(api)?.get(`${streamArn}|${shardId}`);
}
