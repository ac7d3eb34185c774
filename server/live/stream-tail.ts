import { randomBytes } from 'node:crypto';
import { toAppError } from '@/lib/errors';
import type { Gap } from '@/lib/types/access';
import type { ShardInfo, StreamActivity, StreamEvent, TailState, TailStatus } from '@/lib/types/streams';
import type { ReadEvent, StreamDescription, StreamsApi } from '../aws/streams';
import { gapOf } from '../aws/gaps';
import type { LiveOptions } from './options';
import { RateCounter } from './rate';
import { existingScheduler, SLOWED_MESSAGE, shardScheduler } from './read-scheduler';
import { RingBuffer } from './ring-buffer';
import { ShardReader } from './shard-reader';

/** The table's current stream, or `null` when the table has none enabled; throws `not_found` for no table. */
export type ResolveStream = (table: string) => Promise<{ arn: string } | null>;

export interface TailListener {
  onEvents(events: StreamEvent[]): void;
  onGap?(message: string): void;
}

/**
 * Owns one table's stream: finds its shards, runs one ShardReader per shard in lineage order
 * (a parent drained before its children), keeps the last events decoded in a ring buffer and
 * fans every new batch out to its listeners.
 */
export class StreamTail {
  /** Changes whenever the ring restarts, so a Last-Event-ID from before is known to be foreign. */
  readonly epoch = randomBytes(4).toString('hex');
  readonly ring: RingBuffer<StreamEvent>;
  readonly rate = new RateCounter(60);
  readonly startedAt = Date.now();
  /** When the tail first had its shard readers running: its rate covers no time before. */
  readingSince: number | undefined;
  state: TailState = 'starting';
  message = 'Starting: looking up the table’s stream.';
  lastEventAt: number | undefined;
  /** The AWS call that last kept the tail from reading (denied, unreachable), for the pages to name. */
  problem: Gap | undefined;
  private streamArn: string | undefined;
  private description: StreamDescription | undefined;
  private readonly readers = new Map<string, ShardReader>();
  /** Shards read to their end, and shards that closed before the tail started (never read). */
  private readonly drained = new Set<string>();
  private readonly skipped = new Set<string>();
  private readonly listeners = new Set<TailListener>();
  private readonly statusListeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private seenStream = false;

  constructor(
    readonly table: string,
    private readonly api: StreamsApi,
    private readonly resolveStream: ResolveStream,
    private readonly options: LiveOptions,
    private readonly onEvents?: (table: string, events: StreamEvent[]) => void,
  ) {
    this.ring = new RingBuffer(options.ringSize);
  }

  start(): void {
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const reader of this.readers.values()) this.stopReader(reader);
    this.setState('stopped', 'Stopped.');
  }

  subscribe(listener: TailListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The events the ring holds of one shard, oldest first (what the shard's scheduler may answer from). */
  heldOf(shardId: string): ReadEvent[] {
    return this.ring.all().filter((e) => e.shardId === shardId);
  }

  get currentStreamArn(): string | undefined {
    return this.streamArn;
  }

  /** Re-describes now (e.g. a shard closed and its children should start). */
  refreshSoon(): void {
    if (this.stopped) return;
    // During a refresh, ask for another right after it rather than being folded into it.
    if (this.refreshing) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 0);
  }

  private setState(state: TailState, message: string): void {
    if (this.state === state && this.message === message) return;
    this.state = state;
    this.message = message;
    this.notifyStatus();
  }

  private notifyStatus(): void {
    for (const listener of this.statusListeners) listener();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), this.options.describeIntervalMs);
  }

  private stopReader(reader: ShardReader): void {
    reader.stop();
    reader.scheduler.attachRing(undefined);
  }

  private stopReaders(): void {
    for (const reader of this.readers.values()) this.stopReader(reader);
    this.readers.clear();
    this.drained.clear();
    this.skipped.clear();
    this.description = undefined;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
      if (this.again) {
        this.again = false;
        this.refreshSoon();
      } else this.schedule();
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    if (this.stopped) return;
    let resolved: { arn: string } | null;
    try {
      resolved = await this.resolveStream(this.table);
    } catch (raw) {
      const error = toAppError(raw);
      this.problem = gapOf(raw, `the events per second of ${this.table}'s stream are unknown`);
      if (error.code === 'not_found') {
        this.stopReaders();
        this.streamArn = undefined;
        return this.setState('table_gone', `The table ${this.table} no longer exists (or not in this region). Eddy checks again every ${Math.round(this.options.describeIntervalMs / 1000)} s.`);
      }
      if (error.code === 'unavailable' || error.code === 'timeout') return this.setState('unreachable', `The AWS endpoint cannot be reached: ${error.message}`);
      return this.setState('unreachable', error.message);
    }
    if (this.stopped) return;
    // Disabled while Eddy reads it: the old stream's records stay readable for 24 h, so the
    // readers drain what is left before the stream is called disabled.
    const disabledUnderUs = !resolved && this.streamArn !== undefined;
    if (!resolved && this.streamArn) resolved = { arn: this.streamArn };
    if (!resolved) {
      this.stopReaders();
      this.streamArn = undefined;
      return this.setState('no_stream', `The table ${this.table} has no stream enabled: enable one (StreamSpecification) to see its changes.`);
    }
    // First stream seen: start at its head. A new stream after that (re-enabled, or the endpoint
    // restarted) is read from its beginning so nothing written since is missed.
    const fresh = this.seenStream && this.streamArn !== resolved.arn;
    this.seenStream = true;
    if (this.streamArn !== resolved.arn) {
      this.stopReaders();
      this.streamArn = resolved.arn;
    }
    let description: StreamDescription;
    try {
      description = await this.api.describeStream(resolved.arn);
    } catch (raw) {
      const error = toAppError(raw);
      this.problem = gapOf(raw, `the events per second of ${this.table}'s stream are unknown`);
      if (error.code === 'not_found') {
        this.stopReaders();
        this.streamArn = undefined;
        this.setState('starting', 'The stream disappeared; looking up the table’s stream again.');
        return this.refreshSoon();
      }
      return this.setState(error.code === 'unavailable' || error.code === 'timeout' ? 'unreachable' : 'running', `DescribeStream failed: ${error.message}`);
    }
    if (this.stopped || this.streamArn !== resolved.arn) return;
    this.problem = undefined;
    const first = this.description === undefined;
    this.description = description;
    const known = new Set(description.shards.map((s) => s.shardId));
    // Remembered per process (the shard's scheduler): a later tail can tell a shard that closed
    // while Eddy watched from one that closed before.
    for (const shard of description.shards) if (shard.endingSequenceNumber === undefined) shardScheduler(this.api, resolved.arn, shard.shardId).sawOpen = true;
    for (const [id, reader] of this.readers) {
      // Trimmed away: nothing more to read, nothing to show.
      if (!known.has(id) && !reader.running) this.readers.delete(id);
    }
    for (const shard of description.shards) {
      const id = shard.shardId;
      if (this.readers.has(id) || this.drained.has(id) || this.skipped.has(id)) continue;
      const open = shard.endingSequenceNumber === undefined;
      if (first && !fresh) {
        // History before the tail started is the older-range read's business, not the tail's.
        if (!open) this.skipped.add(id);
        else this.startReader(id, 'LATEST');
        continue;
      }
      const parent = shard.parentShardId;
      const parentPending = parent !== undefined && known.has(parent) && !this.drained.has(parent) && !this.skipped.has(parent);
      if (parentPending) continue;
      this.startReader(id, 'TRIM_HORIZON');
    }
    const disabled = disabledUnderUs || description.status === 'DISABLED' || description.status === 'DISABLING';
    if (disabled) {
      this.setState('stream_disabled', `The stream is disabled (${description.status}): no new records come; what it holds stays readable for 24 h.`);
    } else {
      this.readingSince ??= Date.now();
      this.setState('running', `Reading ${[...this.readers.values()].filter((r) => r.running).length} shard(s).`);
    }
    this.notifyStatus();
  }

  private startReader(shardId: string, start: 'LATEST' | 'TRIM_HORIZON'): void {
    const arn = this.streamArn as string;
    const reader = new ShardReader(
      arn,
      shardId,
      start,
      this.api,
      this.options,
      {
        onEvents: (_shard, events) => this.publish(events),
        onClosed: (id) => {
          this.drained.add(id);
          this.refreshSoon();
        },
        onGone: (id) => {
          if (!this.drained.has(id)) {
            const message = `Shard ${id} disappeared before Eddy read it to its end (its records were trimmed, or the stream was replaced): some events may be missing.`;
            for (const listener of this.listeners) listener.onGap?.(message);
          }
          this.refreshSoon();
        },
        onGap: (_shard, message) => {
          for (const listener of this.listeners) listener.onGap?.(message);
        },
        onState: () => this.notifyStatus(),
      },
      // Someone watches: the live head; a tail kept only for the streams list's figures: background.
      () => (this.listeners.size > 0 ? 'live' : 'background'),
    );
    reader.scheduler.attachRing(() => this.heldOf(shardId));
    this.readers.set(shardId, reader);
    reader.start();
  }

  private publish(read: ReadEvent[]): void {
    const events: StreamEvent[] = new Array(read.length);
    for (let i = 0; i < read.length; i++) {
      const event = read[i] as StreamEvent;
      event.cursor = this.ring.push(event);
      events[i] = event;
    }
    this.rate.add(events.length);
    this.lastEventAt = Date.now();
    this.onEvents?.(this.table, events);
    for (const listener of this.listeners) listener.onEvents(events);
  }

  /**
   * Events per second overall and per shard, and when the last one came. The overall rate is over
   * the last 10 s, or the whole seconds the tail has read when fewer (`measuredSeconds`): a tail
   * that started 3 s ago must not show a third of the stream's rate.
   */
  activity(now = Date.now()): StreamActivity {
    const measuredSeconds = this.readingSince === undefined ? 0 : Math.max(0, Math.min(10, Math.floor((now - this.readingSince) / 1000)));
    return {
      eventsPerSecond: measuredSeconds > 0 ? this.rate.perSecond(measuredSeconds, now) : 0,
      measuredSeconds,
      perShard: [...this.readers.values()].filter((r) => r.running).map((r) => ({ shardId: r.shardId, eventsPerSecond: r.rate.perSecond(10) })),
      lastEventAt: this.lastEventAt,
    };
  }

  status(): TailStatus {
    const d = this.description;
    const now = Date.now();
    let readsSlowed: string | undefined;
    const shards: ShardInfo[] = (d?.shards ?? []).map((s) => {
      const reader = this.readers.get(s.shardId);
      const scheduler = this.streamArn ? existingScheduler(this.api, this.streamArn, s.shardId) : undefined;
      const reads = scheduler?.status(now);
      if (reads?.state === 'slowed') readsSlowed = SLOWED_MESSAGE;
      const info: ShardInfo = {
        shardId: s.shardId,
        parentShardId: s.parentShardId,
        startingSequenceNumber: s.startingSequenceNumber,
        endingSequenceNumber: s.endingSequenceNumber,
        open: s.endingSequenceNumber === undefined,
      };
      if (reads) info.reads = reads;
      if (reader) {
        // Waiting out a throttle happens in the scheduler: the reader is then throttled, in words.
        const slowedNow = reads?.state === 'slowed' && reader.running && (reader.state === 'reading' || reader.state === 'idle');
        info.reader = slowedNow
          ? { state: 'throttled', message: SLOWED_MESSAGE, eventsPerSecond: reader.rate.perSecond(10), lastSequenceNumber: reader.lastSequenceNumber }
          : { state: reader.state, message: reader.message, eventsPerSecond: reader.rate.perSecond(10), lastSequenceNumber: reader.lastSequenceNumber };
      } else if (this.skipped.has(s.shardId)) {
        info.reader = scheduler?.sawOpen
          ? { state: 'closed', message: 'Closed while Eddy watched (before this view started): read it with an older start position.', eventsPerSecond: 0 }
          : { state: 'closed', message: 'Closed before Eddy started watching: read it with an older start position.', eventsPerSecond: 0 };
      } else if (this.state === 'running' || this.state === 'stream_disabled') {
        info.reader = { state: 'waiting_parent', message: 'Waiting: its parent shard is read first, to keep each item’s changes in order.', eventsPerSecond: 0 };
      }
      return info;
    });
    return {
      table: this.table,
      state: this.state,
      message: this.message,
      streamArn: this.streamArn,
      viewType: d?.viewType,
      streamStatus: d?.status,
      keyNames: d?.keyNames ?? [],
      shards,
      eventsPerSecond: this.rate.perSecond(10),
      lastEventAt: this.lastEventAt,
      startedAt: this.startedAt,
      heldEvents: this.ring.length,
      readsSlowed,
    };
  }
}
