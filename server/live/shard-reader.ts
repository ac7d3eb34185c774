import type { ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import { toAppError } from '@/lib/errors';
import type { ReaderState } from '@/lib/types/streams';
import type { ReadEvent, StreamsApi } from '../aws/streams';
import { backoffDelay, type LiveOptions } from './options';
import { RateCounter } from './rate';

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

/** One holder at a time: the reader's GetRecords and an older-range read take turns on a shard. */
export class Slot {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * Owns one shard: one iterator chain at a time, GetRecords at a bounded pace, renewal from the
 * last sequence number when the iterator expires, backoff with jitter when throttled or when the
 * endpoint is down, and hand-over to the children when the shard ends.
 */
export class ShardReader {
  state: ReaderState = 'starting';
  message = 'Getting a shard iterator.';
  lastSequenceNumber: string | undefined;
  readonly rate = new RateCounter(60);
  readonly slot = new Slot();
  private stopped = false;
  private wake: (() => void) | undefined;
  private startType: ShardIteratorType;

  constructor(
    readonly streamArn: string,
    readonly shardId: string,
    start: 'LATEST' | 'TRIM_HORIZON',
    private readonly api: StreamsApi,
    private readonly options: LiveOptions,
    private readonly hooks: ShardReaderHooks,
  ) {
    this.startType = start;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.setState('stopped', 'Stopped: nobody is watching this stream.');
    this.wake?.();
  }

  /**
   * Runs an older-range read in this reader's place: the live GetRecords waits meanwhile, so Eddy
   * never has two calls in flight on the shard. The live iterator is kept and resumes after.
   */
  async lend<T>(work: () => Promise<T>): Promise<T> {
    return this.slot.run(async () => {
      const before = { state: this.state, message: this.message };
      this.setState('paused', 'Paused: an older-range read is using this shard’s reader slot (DynamoDB Streams allows two readers per shard).');
      try {
        return await work();
      } finally {
        if (this.state === 'paused') this.setState(before.state, before.message);
      }
    });
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

  /** Where a new iterator starts: after the last record seen, else where this reader began. */
  private async newIterator(): Promise<string> {
    if (this.lastSequenceNumber) return this.api.getShardIterator(this.streamArn, this.shardId, 'AFTER_SEQUENCE_NUMBER', this.lastSequenceNumber);
    return this.api.getShardIterator(this.streamArn, this.shardId, this.startType);
  }

  private async loop(): Promise<void> {
    let iterator: string | undefined;
    let failures = 0;
    let lastCallAt = 0;
    while (!this.stopped) {
      try {
        if (!iterator) iterator = await this.newIterator();
        const wait = lastCallAt + this.options.minCallIntervalMs - Date.now();
        if (wait > 0) await this.sleep(wait);
        if (this.stopped) return;
        lastCallAt = Date.now();
        const current = iterator;
        const page = await this.slot.run(() => this.api.getRecords(current, this.shardId));
        if (this.stopped) return;
        failures = 0;
        if (page.events.length > 0) {
          this.lastSequenceNumber = page.events[page.events.length - 1].sequenceNumber;
          this.rate.add(page.events.length);
          this.hooks.onEvents(this.shardId, page.events);
          this.setState('reading', 'Reading: records are arriving.');
        } else if (page.nextIterator) {
          this.setState('idle', 'Idle: no new records; polling every ' + this.options.idleIntervalMs + ' ms.');
        }
        if (!page.nextIterator) {
          this.setState('closed', 'Closed: this shard is read to its end; its children carry on.');
          this.hooks.onClosed(this.shardId);
          return;
        }
        iterator = page.nextIterator;
        if (page.events.length === 0) await this.sleep(this.options.idleIntervalMs);
      } catch (raw) {
        if (this.stopped) return;
        const error = toAppError(raw);
        const name = error.detail ?? '';
        if (name === 'ExpiredIteratorException') {
          // 15 minutes without a call (a paused process, a long outage): resume after the last record.
          this.setState('renewing', 'Renewing: the shard iterator expired; resuming after the last record read.');
          iterator = undefined;
          continue;
        }
        if (name === 'TrimmedDataAccessException') {
          this.setState('trimmed_gap', 'Records were trimmed (older than 24 h) before Eddy read them; continuing from the oldest record retained.');
          this.hooks.onGap(this.shardId, `Shard ${this.shardId}: records were trimmed before Eddy could read them; some events are missing.`);
          this.lastSequenceNumber = undefined;
          this.startType = 'TRIM_HORIZON';
          iterator = undefined;
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
          const why = name === 'LimitExceededException' ? 'the shard already has its two readers (DynamoDB Streams allows two)' : 'AWS is throttling reads';
          this.setState('throttled', `Throttled: ${why}; retrying in ${(delay / 1000).toFixed(1)} s.`);
        } else if (error.code === 'unavailable' || error.code === 'timeout') {
          // The iterator is kept: a short outage should not open a new chain on the shard.
          this.setState('unreachable', `The AWS endpoint cannot be reached; retrying in ${(delay / 1000).toFixed(1)} s.`);
        } else {
          iterator = undefined;
          this.setState('error', `${error.message} (retrying in ${(delay / 1000).toFixed(1)} s)`);
        }
        await this.sleep(delay);
      }
    }
  }
}
