import 'server-only';
import { extendLeases, receiveLeased, releaseMessages, type LeasedMessage } from '../aws/sqs';
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
  // What a browse kept of the queue may be about to change (a redrive or resend deletes what it leases).
  getLastLooks().forget(url);
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
    if (batch.length === 0) empty++;
    else empty = 0;
    // Each receive raised the message's ApproximateReceiveCount: the ledger says how many of them were Eddy's.
    const own = batch.length > 0 ? getOwnReceives().add(url, batch) : [];
    batch.forEach((m, i) => byId.set(m.messageId, { ...m, ownReceiveCount: own[i] }));
    if (enough([...byId.values()])) break;
  }
  return { messages: [...byId.values()], calls, capped: byId.size >= limit };
}

/** Releases every message of a lease that is still held (not deleted). */
export async function releaseLease(url: string, messages: LeasedMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  return (await releaseMessages(url, messages.map((m) => m.receiptHandle))).calls;
}

/** A held lease is extended once this much of it has passed, so a slow send or delete still ends inside it. */
const EXTEND_AFTER_MS = (LEASE_SECONDS * 1000) / 3;
/** Past this, a message whose lease could not be extended is not sent: its delete might come after the lease. */
const SEND_WITHIN_MS = (LEASE_SECONDS * 1000 * 2) / 3;

/**
 * The messages a long piece of work (a "redrive selected" of up to 1,000) holds, kept hidden for
 * as long as it runs: `keep()` before each message extends every held lease by `LEASE_SECONDS`
 * once a third of it has passed, so the work never outlives its lease — no consumer, move task
 * or browse of another process receives a message in between, and the delete's receipt handle
 * stays valid. `now` is injectable so tests can run the clock of the emulator.
 */
export class HeldLease {
  private readonly held: Map<string, LeasedMessage>;
  private renewed: number;
  /** ChangeMessageVisibilityBatch calls made to extend. */
  extendCalls = 0;

  constructor(
    private readonly url: string,
    messages: LeasedMessage[],
    private readonly now: () => number = Date.now,
    /** When the receive that hid the oldest of `messages` started (the clock's ms). */
    leasedAt: number = now(),
  ) {
    this.held = new Map(messages.map((m) => [m.messageId, m]));
    this.renewed = leasedAt;
  }

  /** When the lease of every held message was last set to `LEASE_SECONDS` (the clock's ms). */
  get renewedAt(): number {
    return this.renewed;
  }

  /** Whether `messageId` is still hidden by this lease. */
  holds(messageId: string): boolean {
    return this.held.has(messageId);
  }

  /** Whether enough of the lease is left to send and delete a message inside it. */
  get safeToSend(): boolean {
    return this.now() - this.renewed < SEND_WITHIN_MS;
  }

  /** Forgets a message (deleted, or given back). */
  drop(messageId: string): void {
    this.held.delete(messageId);
  }

  /** Every message still held. */
  messages(): LeasedMessage[] {
    return [...this.held.values()];
  }

  /**
   * Extends the lease when a third of it has passed. Messages SQS refuses are no longer held (and
   * their ids returned); a failed call leaves the lease as it was, `safeToSend` says whether to go on.
   */
  async keep(): Promise<string[]> {
    if (this.held.size === 0 || this.now() - this.renewed < EXTEND_AFTER_MS) return [];
    const at = this.now();
    const byHandle = new Map([...this.held.values()].map((m) => [m.receiptHandle, m.messageId]));
    try {
      const { refused, calls } = await extendLeases(this.url, [...byHandle.keys()], LEASE_SECONDS);
      this.extendCalls += calls;
      this.renewed = at;
      const lost = refused.map((h) => byHandle.get(h)).filter((id): id is string => id !== undefined);
      for (const id of lost) this.held.delete(id);
      return lost;
    } catch {
      // Throttled or down: the lease runs on as it was, and `safeToSend` stops the work in time.
      this.extendCalls++;
      return [];
    }
  }

  /** Makes every message still held visible again. */
  async release(): Promise<number> {
    const calls = await releaseLease(this.url, this.messages());
    this.held.clear();
    return calls;
  }
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

function queueLocks(): QueueLocks {
  return service('queueLocks', () => new QueueLocks());
}

/**
 * Runs `work` alone among this process's leases of the same queue (the process's `QueueLocks`).
 * Whatever it does to the queue (a move task, a delete), the look a browse kept is dropped.
 */
export function withQueueLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  return queueLocks().run(url, () => {
    getLastLooks().forget(url);
    return work();
  });
}

/** A look kept at most this many characters of bodies: 100 bodies of 1 MiB would be 100 MB held. */
export const LOOK_MAX_BODY_CHARS = 32 * 1024 * 1024;
/** Looks are kept at most this long (a reader asks for less: `reuseWithinMs`). */
const LOOK_KEEP_MS = 60_000;

interface KeptLook {
  lease: Lease;
  /** When its messages were released (the clock's ms). */
  at: number;
}

/**
 * The last look a browse kept of each queue, so that a reader that follows it at once (the
 * failure-apart scan after the page's browse) reads the same messages instead of receiving them
 * a second time: SQS has no peek, and each receive raises the message's ApproximateReceiveCount.
 * Bounded: one look per queue, none over `LOOK_MAX_BODY_CHARS`, none kept past `LOOK_KEEP_MS`.
 */
export class LastLooks {
  private readonly looks = new Map<string, KeptLook>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a look just released (unless its bodies are too large to hold). */
  keep(url: string, lease: Lease): void {
    const at = this.now();
    for (const [u, look] of this.looks) if (at - look.at > LOOK_KEEP_MS) this.looks.delete(u);
    let chars = 0;
    for (const m of lease.messages) chars += m.body.length;
    if (chars > LOOK_MAX_BODY_CHARS) this.looks.delete(url);
    else this.looks.set(url, { lease, at });
  }

  forget(url: string): void {
    this.looks.delete(url);
  }

  /**
   * The kept look of `url`, as a lease of up to `limit` messages, when it is at most `withinMs`
   * old and answers as a new receive would: it saw the whole queue, or at least `limit` messages.
   */
  covering(url: string, limit: number, withinMs: number): KeptLook | undefined {
    const look = this.looks.get(url);
    if (!look || this.now() - look.at > withinMs) return undefined;
    const { messages, capped } = look.lease;
    if (capped && messages.length < limit) return undefined;
    return { at: look.at, lease: { messages: messages.slice(0, limit), calls: 0, capped: capped || messages.length > limit } };
  }
}

/** The process's kept looks (server/services.ts). */
export function getLastLooks(): LastLooks {
  return service('lastLooks', () => new LastLooks());
}

export interface BrowseOptions {
  /** Keep this look for a reader that follows at once (`LastLooks`): the page's browse does. */
  keep?: boolean;
  /**
   * Read a kept look no older than this instead of receiving again, when it covers `limit`
   * (never with `enough`: a look for one message is not a look at the queue).
   */
  reuseWithinMs?: number;
}

/**
 * A look at a queue (DESIGN.md §5): up to `limit` messages leased and released again, all under
 * the queue's lock, so no other browse, trace or redrive of this process holds the queue's
 * messages meanwhile (each would see the queue short by what the other hid). `releaseCalls`: the
 * ChangeMessageVisibilityBatch calls the release made; `reusedAt`: when the kept look it read
 * instead was released (no receive then). Every receive-and-release of Eddy's goes through here
 * or takes `withQueueLock` itself.
 */
export function browseLeased(url: string, limit: number, enough?: (got: LeasedMessage[]) => boolean, options: BrowseOptions = {}): Promise<{ lease: Lease; releaseCalls: number; reusedAt?: number }> {
  return queueLocks().run(url, async () => {
    const looks = getLastLooks();
    const kept = options.reuseWithinMs !== undefined && !enough ? looks.covering(url, limit, options.reuseWithinMs) : undefined;
    if (kept) return { lease: kept.lease, releaseCalls: 0, reusedAt: kept.at };
    const lease = await leaseMessages(url, limit, enough);
    // Released before the lock is let go: a browse leaves nothing hidden beyond its own call.
    const releaseCalls = await releaseLease(url, lease.messages);
    if (options.keep) looks.keep(url, lease);
    return { lease, releaseCalls };
  });
}
