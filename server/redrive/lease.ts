import 'server-only';
import { receiveLeased, releaseMessages, type LeasedMessage } from '../aws/sqs';
import { service } from '../services';
import { getOwnReceives } from './own-receives';

/**
 * How long a browsed message stays hidden at most. Short, so consumers and move tasks never wait
 * long for a message Eddy looked at; long enough to fetch a page of 1,000 under throttling.
 */
export const LEASE_SECONDS = 20;
/** After this many empty short polls the queue is taken as exhausted (short polls sample a subset of servers). */
const EMPTY_POLLS_TO_STOP = 2;

export interface Lease {
  messages: LeasedMessage[];
  calls: number;
  /** Whether receiving stopped at `limit` rather than on an empty queue. */
  capped: boolean;
}

/**
 * Receives up to `limit` distinct messages with a `LEASE_SECONDS` lease, stopping early when
 * `enough` says so or half the lease has gone (so the release always comes before the lease ends).
 */
export async function leaseMessages(url: string, limit: number, enough: (got: LeasedMessage[]) => boolean = () => false): Promise<Lease> {
  const started = Date.now();
  const byId = new Map<string, LeasedMessage>();
  let calls = 0;
  let empty = 0;
  while (byId.size < limit && empty < EMPTY_POLLS_TO_STOP && Date.now() - started < (LEASE_SECONDS * 1000) / 2) {
    calls++;
    let batch: LeasedMessage[];
    try {
      batch = await receiveLeased(url, limit - byId.size, LEASE_SECONDS);
    } catch (error) {
      // Give back what was already received before reporting the failure.
      await releaseLease(url, [...byId.values()]);
      throw error;
    }
    if (batch.length > 0) getOwnReceives().add(url, batch.length);
    if (batch.length === 0) empty++;
    else empty = 0;
    for (const m of batch) byId.set(m.messageId, m);
    if (enough([...byId.values()])) break;
  }
  return { messages: [...byId.values()], calls, capped: byId.size >= limit };
}

/** Releases every message of a lease that is still held (not deleted). */
export async function releaseLease(url: string, messages: LeasedMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  return (await releaseMessages(url, messages.map((m) => m.receiptHandle))).calls;
}

/**
 * One lease of a queue at a time: two browses at once would each hide what the other is looking
 * for, and one would see an empty queue. A lock per queue URL, forgotten once nobody waits.
 */
export class QueueLocks {
  private readonly locks = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier holder of `url`'s lock, whether they succeeded or failed. */
  run<T>(url: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(url) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.locks.set(url, tail);
    void tail.then(() => {
      if (this.locks.get(url) === tail) this.locks.delete(url);
    });
    return next;
  }

  /** Queues whose lock is held or awaited now. */
  get size(): number {
    return this.locks.size;
  }
}

/** Runs `work` alone among this process's leases of the same queue (the process's `QueueLocks`). */
export function withQueueLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  return service('queueLocks', () => new QueueLocks()).run(url, work);
}
