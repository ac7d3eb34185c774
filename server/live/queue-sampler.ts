import { knownDepthParts } from '@/lib/queues/depth';
import type { Gap } from '@/lib/types/access';
import type { QueueSample } from '@/lib/types/queues';

/** What one refresh of every queue's attributes yields. */
export interface QueueSnapshot<Q> {
  at: number;
  /** When the refresh that produced it began (epoch ms): it lists the queues that existed then. */
  startedAt: number;
  queues: Q[];
  /** AWS calls the refresh made. */
  calls: number;
  /** What the refresh could not read (CloudWatch ages, Lambda destinations), said by every page that shows it. */
  gaps: Gap[];
}

export interface QueueSamplerOptions {
  /** A snapshot younger than this is served as is: many browsers share one refresh. */
  cacheMs: number;
  /** Background refresh interval while someone looks. */
  intervalMs: number;
  /** Samples kept per queue (400 × 10 s: a little over the flow graph's "new dead letters in the last hour"). */
  historyLength: number;
  /**
   * The background refresh stops when nobody asked for this long: a page that asked within it is
   * watching. After that only the health engine's background asks refresh, at `unwatchedIntervalMs`.
   */
  idleStopMs: number;
  /** With nobody watching, a snapshot younger than this is served to background asks (the health engine). */
  unwatchedIntervalMs: number;
}

/** How often queue depths are read while someone looks: the queues pages and the flow graph alike. */
export const QUEUE_SAMPLE_INTERVAL_MS = 10_000;

/** A page (or any viewer) that asked within this long is watching: the sampler keeps its 10 s pace. */
export const WATCHED_FOR_MS = 60_000;

/**
 * How often queue depths are read for the health engine alone, with no page watching: every
 * GetQueueAttributes costs the user an API call (1,000 queues: 1,000 calls a refresh), and the
 * engine's rules need a few samples per window, not one every 10 s. At 60 s the stalled-consumer
 * rule confirms a stall over three samples (two minutes), a growing backlog shows on the forecast's
 * five-minute trend, a DLQ's new messages within its window: a minute later than while watched,
 * at a sixth of the calls.
 */
export const UNWATCHED_SAMPLE_INTERVAL_MS = 60_000;

/**
 * The cache lasts as long as the background interval, so pages polling at that pace are served
 * from it and a refresh of 1,000 queues runs once per interval, not once per page.
 */
const DEFAULTS: QueueSamplerOptions = {
  cacheMs: QUEUE_SAMPLE_INTERVAL_MS,
  intervalMs: QUEUE_SAMPLE_INTERVAL_MS,
  historyLength: 400,
  idleStopMs: WATCHED_FOR_MS,
  unwatchedIntervalMs: UNWATCHED_SAMPLE_INTERVAL_MS,
};

/** A queue's counts as read; one the endpoint did not return is undefined. */
type Depths = { name: string; visible?: number; inFlight?: number; delayed?: number };

/**
 * The one queue sampler: polls every queue's attributes on an interval through `load` (which
 * batches and caps its own concurrency), serves the latest snapshot to every caller — the queues
 * pages, the flow graph, the forecasts — and keeps a bounded history of each queue's depth parts
 * (visible, in flight, delayed; summed by `lib/queues/depth.ts`) for charts, forecasts and health.
 */
export class QueueSampler<Q extends Depths> {
  private readonly options: QueueSamplerOptions;
  private readonly histories = new Map<string, QueueSample[]>();
  private latest?: QueueSnapshot<Q>;
  private pending?: Promise<QueueSnapshot<Q>>;
  /** When the refresh in flight began (epoch ms). */
  private pendingStartedAt = 0;
  private timer?: ReturnType<typeof setInterval>;
  private lastAskedAt = 0;

  constructor(
    private readonly load: () => Promise<{ queues: Q[]; calls: number; gaps?: Gap[] }>,
    options: Partial<QueueSamplerOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * The latest snapshot, refreshed first when older than `cacheMs`; `calls` is 0 when it came from the cache.
   * `background`: the health engine asking, not a viewer — it neither counts as watching nor starts
   * the 10 s refresh, and with nobody watching it is served a snapshot up to `unwatchedIntervalMs` old.
   * `notBefore` (epoch ms): a cached snapshot whose refresh began earlier is not served — a page
   * that listed the queues' names at that time asks for figures that cover every name it showed.
   */
  async snapshot(options: { fresh?: boolean; background?: boolean; notBefore?: number } = {}): Promise<QueueSnapshot<Q>> {
    const covers = (latest: QueueSnapshot<Q>) => options.notBefore === undefined || latest.startedAt >= options.notBefore;
    if (options.background) {
      const maxAge = this.watched() ? this.options.cacheMs : this.options.unwatchedIntervalMs;
      if (!options.fresh && this.latest && this.now() - this.latest.at < maxAge && covers(this.latest)) return { ...this.latest, calls: 0 };
      return this.refreshSince(options.notBefore);
    }
    this.lastAskedAt = this.now();
    this.ensureTimer();
    if (!options.fresh && this.latest && this.now() - this.latest.at < this.options.cacheMs && covers(this.latest)) return { ...this.latest, calls: 0 };
    return this.refreshSince(options.notBefore);
  }

  /**
   * A refresh begun at or after `notBefore`: one in flight that began earlier may have listed the
   * queues before a page did (a queue created in between would be missing), so it is waited out
   * and a new one begun — or joined, when another caller began it meanwhile.
   */
  private async refreshSince(notBefore: number | undefined): Promise<QueueSnapshot<Q>> {
    while (notBefore !== undefined && this.pending && this.pendingStartedAt < notBefore) await this.pending.catch(() => undefined);
    return this.refresh();
  }

  /** One refresh, shared by everyone who asks while it runs. */
  refresh(): Promise<QueueSnapshot<Q>> {
    this.pending ??= (async () => {
      try {
        const startedAt = this.now();
        this.pendingStartedAt = startedAt;
        const { queues, calls, gaps = [] } = await this.load();
        const snapshot = { at: this.now(), startedAt, queues, calls, gaps };
        this.record(snapshot.queues, snapshot.at);
        this.latest = snapshot;
        return snapshot;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  /**
   * Appends one sample per queue whose counts were all read, trims each history, and forgets
   * queues that are gone. A queue read without a count keeps its history but gains no sample: a
   * sample of 0 there would be a drain the charts, forecasts and health rules take as measured.
   */
  record(queues: Depths[], at: number): void {
    const seen = new Set<string>();
    for (const q of queues) {
      seen.add(q.name);
      const parts = knownDepthParts(q);
      if (!parts) continue;
      const history = this.histories.get(q.name) ?? [];
      history.push({ at, ...parts });
      if (history.length > this.options.historyLength) history.splice(0, history.length - this.options.historyLength);
      this.histories.set(q.name, history);
    }
    for (const name of this.histories.keys()) if (!seen.has(name)) this.histories.delete(name);
  }

  /**
   * The latest snapshot when younger than `cacheMs`, without refreshing or counting as a viewer:
   * what a page can paint at once.
   */
  current(): QueueSnapshot<Q> | undefined {
    return this.latest && this.now() - this.latest.at < this.options.cacheMs ? { ...this.latest, calls: 0 } : undefined;
  }

  /** Whether a viewer asked within `idleStopMs` (the 10 s pace runs). */
  watched(): boolean {
    return this.lastAskedAt > 0 && this.now() - this.lastAskedAt <= this.options.idleStopMs;
  }

  /** A queue's samples, oldest first (a copy). */
  historyOf(name: string): QueueSample[] {
    return [...(this.histories.get(name) ?? [])];
  }

  /** Stops the background refresh (tests, shutdown). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.now() - this.lastAskedAt > this.options.idleStopMs) {
        this.stop();
        return;
      }
      // A failed background refresh is retried at the next tick; callers see errors on their own refresh.
      this.refresh().catch(() => {});
    }, this.options.intervalMs);
    this.timer.unref?.();
  }
}
