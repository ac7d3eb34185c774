import { matchesFilter, type EventFilter } from '@/lib/streams/filter';
import type { CapNotice, StreamEvent } from '@/lib/types/streams';

/** How many seconds of events over the cap a connection holds back before it cuts. */
const QUEUE_SECONDS = 5;
/** Past this many sent events at the head, the queue's array is compacted. */
const COMPACT_AT = 4096;

/** What one flush sends, in this order. */
export interface PacerTick {
  /** Events a stalled viewer was not sent, now that it reads again. */
  skipped?: { count: number; forMs: number };
  /** The second just ended cut events over the cap. */
  cap?: CapNotice;
  events?: StreamEvent[];
  /** The cursor the message's id names (see `tick`). */
  idCursor?: number;
}

/**
 * The live part of one connection: matched events wait in a queue of QUEUE_SECONDS' worth and
 * leave it at most `capPerSecond` a second, so the bursts a reader's 1000-record catch-up pages
 * make are delayed, not cut; a rate above the cap for longer than that is cut, and each second
 * that cuts says how many.
 *
 * A viewer that stops taking what it is sent (a stalled tab, a slow link: the caller says so with
 * `stalled`) is sent nothing; its queue stays within the same bound and what no longer fits is
 * skipped, counted, and reported once it reads again (with what still waited: it goes on live). Memory per connection is therefore bounded
 * whatever the stream's rate and however long the viewer stalls.
 */
export class LivePacer {
  private readonly queue: StreamEvent[] = [];
  private head = 0;
  private readonly maxQueue: number;
  private tokens: number;
  private refilledAt: number;
  private windowStart: number;
  private matchedInWindow = 0;
  private cutInWindow = 0;
  private skipped = 0;
  private skippedSince = 0;

  constructor(
    private readonly capPerSecond: number,
    private readonly filter: EventFilter,
    /** The last cursor handled (replayed or skipped): later events only. */
    public lastCursor: number,
    now: number,
  ) {
    this.maxQueue = capPerSecond * QUEUE_SECONDS;
    this.tokens = capPerSecond / 10;
    this.refilledAt = now;
    this.windowStart = now;
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** New events from the tail. */
  offer(events: readonly StreamEvent[], stalled: boolean, now: number): void {
    for (const event of events) {
      if (event.cursor <= this.lastCursor) continue;
      this.lastCursor = event.cursor;
      if (!matchesFilter(event, this.filter)) continue;
      this.matchedInWindow++;
      if (this.waiting < this.maxQueue) this.queue.push(event);
      else if (stalled) this.skip(1, now);
      else this.cutInWindow++;
    }
  }

  /** One flush: what to send now. */
  tick(now: number, stalled: boolean): PacerTick {
    const out: PacerTick = {};
    // At most one second's worth at once: a full bucket after a quiet spell is no flood.
    this.tokens = Math.min(this.capPerSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.capPerSecond);
    this.refilledAt = now;
    if (now - this.windowStart >= 1000) {
      if (this.cutInWindow > 0) {
        if (stalled) this.skip(this.cutInWindow, now);
        else out.cap = { shown: this.matchedInWindow - this.cutInWindow, matched: this.matchedInWindow, windowMs: now - this.windowStart };
      }
      this.windowStart = now;
      this.matchedInWindow = 0;
      this.cutInWindow = 0;
    }
    if (stalled) return out;
    if (this.skipped > 0) {
      // Back from a stall that skipped: what waited is older than what was skipped, so it is
      // skipped too and the viewer continues live after one notice, in order.
      this.skipped += this.waiting;
      this.queue.length = 0;
      this.head = 0;
      out.skipped = { count: this.skipped, forMs: now - this.skippedSince };
      this.skipped = 0;
    }
    const count = Math.min(this.waiting, Math.floor(this.tokens));
    if (count <= 0) return out;
    this.tokens -= count;
    const batch = this.queue.slice(this.head, this.head + count);
    this.head += count;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > COMPACT_AT) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    out.events = batch;
    // The id names the last event handled only once nothing waits: a reconnect then resumes
    // exactly after what this connection was sent.
    out.idCursor = this.head === 0 ? this.lastCursor : batch[batch.length - 1].cursor;
    return out;
  }

  private skip(count: number, now: number): void {
    if (this.skipped === 0) this.skippedSince = now;
    this.skipped += count;
  }
}
