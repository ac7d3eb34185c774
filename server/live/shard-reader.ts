import { toAppError } from '@/lib/errors';
import type { ReaderState } from '@/lib/types/streams';
import type { ReadEvent, StreamsApi } from '../aws/streams';
import { backoffDelay, type LiveOptions } from './options';
import { RateCounter } from './rate';
import { shardScheduler, type ReadPriority, type ShardPosition, type ShardReadScheduler } from './read-scheduler';

/** Empty pages at the base pace before the reader slows down (about a second of quiet). */
const QUIET_POLLS = 4;

export interface ShardReaderHooks {
  onEvents(shardId: string, events: ReadEvent[]): void;
  /** The shard is closed and read to its end: its children may start. */
  onClosed(shardId: string): void;
  /** The shard or the stream no longer exists: the tail re-describes (and re-resolves the table). */
  onGone(shardId: string, message: string): void;
  /** Records were trimmed before this reader got to them. */
  onGap(shardId: string, message: string): void;
  onState(): void;
}

/**
 * Follows the head of one shard through the shard's read scheduler (which paces every read Eddy
 * makes of the shard, keeps the iterator and backs off when throttled): fast while records come,
 * slower while the shard is idle, resuming after the last sequence number read, and handing over
 * to the children when the shard ends.
 */
export class ShardReader {
  state: ReaderState = 'starting';
  message = 'Getting a shard iterator.';
  lastSequenceNumber: string | undefined;
  readonly rate = new RateCounter(60);
  readonly scheduler: ShardReadScheduler;
  private stopped = false;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private startType: 'LATEST' | 'TRIM_HORIZON';

  constructor(
    readonly streamArn: string,
    readonly shardId: string,
    start: 'LATEST' | 'TRIM_HORIZON',
    api: StreamsApi,
    private readonly options: LiveOptions,
    private readonly hooks: ShardReaderHooks,
    /** 'live' while someone watches the stream, 'background' for a tail kept only for figures. */
    private readonly priority: () => ReadPriority = () => 'live',
  ) {
    this.startType = start;
    this.scheduler = shardScheduler(api, streamArn, shardId);
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.setState('stopped', 'Stopped: nobody is watching this stream.');
    this.wake?.();
  }

  get running(): boolean {
    return !this.stopped && this.state !== 'closed';
  }

  private setState(state: ReaderState, message: string): void {
    if (this.state === state && this.message === message) return;
    if (this.stopped && state !== 'stopped') return;
    this.state = state;
    this.message = message;
    this.hooks.onState();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Where the next read starts: after the last record seen, else where this reader began. */
  private position(): ShardPosition {
    return this.lastSequenceNumber ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: this.lastSequenceNumber } : { type: this.startType };
  }

  private async loop(): Promise<void> {
    let failures = 0;
    let emptyPages = 0;
    while (!this.stopped) {
      try {
        const page = await this.scheduler.read({ from: this.position(), priority: this.priority(), limit: 1000, signal: this.abort.signal });
        if (this.stopped) return;
        failures = 0;
        if (page.events.length > 0) {
          emptyPages = 0;
          this.lastSequenceNumber = page.events[page.events.length - 1].sequenceNumber;
          this.rate.add(page.events.length);
          this.hooks.onEvents(this.shardId, page.events);
          this.setState('reading', 'Reading: records are arriving.');
        } else if (!page.closed) {
          emptyPages++;
        }
        if (page.closed) {
          this.setState('closed', 'Closed while Eddy watched: read to its end; its children carry on.');
          this.hooks.onClosed(this.shardId);
          return;
        }
        if (page.events.length === 0) {
          // Slower while idle: Lambda's 250 ms through the first second of quiet (a busy stream's
          // gaps between records), then doubling to the cap; the first record brings the pace back.
          const quiet = Math.max(0, emptyPages - QUIET_POLLS);
          const wait = Math.min(this.options.idleMaxIntervalMs, this.options.idleIntervalMs * 2 ** Math.min(10, quiet));
          this.setState('idle', `Idle: no new records; Eddy looks less often while the shard is quiet (at least every ${(this.options.idleMaxIntervalMs / 1000).toFixed(1)} s).`);
          await this.sleep(wait);
        }
      } catch (raw) {
        if (this.stopped) return;
        const error = toAppError(raw);
        const name = error.detail ?? '';
        if (name === 'TrimmedDataAccessException') {
          this.setState('trimmed_gap', 'Records were trimmed (older than 24 h) before Eddy read them; continuing from the oldest record retained.');
          this.hooks.onGap(this.shardId, `Shard ${this.shardId}: records were trimmed before Eddy could read them; some events are missing.`);
          this.lastSequenceNumber = undefined;
          this.startType = 'TRIM_HORIZON';
          continue;
        }
        if (error.code === 'not_found') {
          this.setState('closed', 'Gone: the shard or its stream no longer exists.');
          this.hooks.onGone(this.shardId, error.message);
          return;
        }
        failures++;
        const delay = backoffDelay(failures, this.options);
        if (error.code === 'throttled') {
          this.setState('throttled', `Throttled: AWS is throttling reads; retrying in ${(delay / 1000).toFixed(1)} s.`);
        } else if (error.code === 'unavailable' || error.code === 'timeout') {
          // The scheduler keeps the iterator: a short outage does not open a new chain on the shard.
          this.setState('unreachable', `The AWS endpoint cannot be reached; retrying in ${(delay / 1000).toFixed(1)} s.`);
        } else {
          this.setState('error', `${error.message} (retrying in ${(delay / 1000).toFixed(1)} s)`);
        }
        await this.sleep(delay);
      }
    }
  }
}
