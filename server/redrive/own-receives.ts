import 'server-only';
import { queueNameFromUrl } from '@/lib/flow/arn';
import type { Series } from '@/lib/types/queues';
import { service } from '../services';

const MINUTE_MS = 60_000;
/** Minutes kept per queue: the queue page's charts reach back 24 h (a pruned minute must not read as 0). */
const KEEP_MINUTES = 24 * 60;
/**
 * Messages whose receives are counted one by one, at most (an entry is an id and two numbers,
 * ~150 bytes: ~7 MB). Past it the earliest-sent tenth is forgotten, and from then on a message
 * sent no later than the last one forgotten is unknown (its count may have restarted), never
 * under-counted. A browse reads at most 1,000 messages and a scan 2,000: this is dozens of them.
 */
export const MAX_TRACKED_MESSAGES = 50_000;

/** When this process started (epoch ms): it counted every receive it made since. */
function processStartedAt(): number {
  return Date.now() - Math.round(process.uptime() * 1000);
}

/** One message Eddy received: its id and, when SQS gave it, its SentTimestamp. */
export interface ReceivedMessage {
  messageId: string;
  sentAt?: number;
}

/**
 * Messages Eddy itself received from each queue, per minute, and per message: DLQ browsing,
 * trace scans, the failure-apart scan, redrive selected and resend all receive through
 * `leaseMessages`, and both CloudWatch's `NumberOfMessagesReceived` and each message's
 * `ApproximateReceiveCount` count them beside the consumers' receives. The queue charts show
 * them apart, and a message's receive count says how many of its receives were Eddy's, so
 * Eddy's browsing is not taken for consumer activity (or for the consumer retrying).
 */
export class OwnReceives {
  private readonly queues = new Map<string, Map<number, number>>();
  /**
   * Receives per message id, across queues: SQS keeps a message's id and its receive count when a
   * redrive policy moves it to the DLQ (a move task gives it a new id), so Eddy's receives of it
   * in the source queue are part of the count the DLQ shows.
   */
  private readonly messages = new Map<string, { count: number; sentAt?: number }>();
  /** The latest SentTimestamp among the messages forgotten to stay bounded (-Infinity: none yet). */
  private forgottenSentAt = -Infinity;

  constructor(
    private readonly now: () => number = Date.now,
    /** From when every receive of this process was counted. */
    readonly since: number = now(),
  ) {}

  /**
   * Counts `received`, received from the queue at `url` now, and returns for each how many times
   * this process has received it so far, this receive included — undefined where it cannot know.
   */
  add(url: string, received: readonly ReceivedMessage[]): (number | undefined)[] {
    const name = queueNameFromUrl(url) ?? url;
    const minute = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    let minutes = this.queues.get(name);
    if (!minutes) this.queues.set(name, (minutes = new Map()));
    minutes.set(minute, (minutes.get(minute) ?? 0) + received.length);
    for (const m of minutes.keys()) if (m < minute - KEEP_MINUTES * MINUTE_MS) minutes.delete(m);
    const counts = received.map((m) => {
      const entry = this.messages.get(m.messageId);
      const count = (entry?.count ?? 0) + 1;
      this.messages.set(m.messageId, { count, sentAt: m.sentAt ?? entry?.sentAt });
      return this.known(m.sentAt) ? count : undefined;
    });
    if (this.messages.size > MAX_TRACKED_MESSAGES) this.forgetEarliest();
    return counts;
  }

  /**
   * How many times this process received the message so far, when that is all of Eddy's receives
   * of it it can vouch for: it was sent after this process started (an earlier process may have
   * received it before) and after every message it forgot. Undefined otherwise — never a guess.
   * (Another Eddy process reading the same queue meanwhile is beyond what this one can see.)
   */
  receivesOf(messageId: string, sentAt: number | undefined): number | undefined {
    return this.known(sentAt) ? (this.messages.get(messageId)?.count ?? 0) : undefined;
  }

  /**
   * SentTimestamp is SQS's clock and `since` this machine's, both kept by NTP within milliseconds:
   * only a message sent within that skew of a restart, and received by the previous process in
   * those milliseconds, could be taken for one no earlier process received. (A margin of seconds
   * would instead make every message sent in the first seconds of a process unknown.)
   */
  private known(sentAt: number | undefined): boolean {
    return sentAt !== undefined && sentAt >= this.since && sentAt > this.forgottenSentAt;
  }

  /** Forgets the earliest-sent tenth (those without a sent time first: they are never known anyway). */
  private forgetEarliest(): void {
    const bySent = [...this.messages.entries()].sort((a, b) => (a[1].sentAt ?? -Infinity) - (b[1].sentAt ?? -Infinity));
    for (const [id, entry] of bySent.slice(0, Math.ceil(MAX_TRACKED_MESSAGES / 10))) {
      this.messages.delete(id);
      if (entry.sentAt !== undefined) this.forgottenSentAt = Math.max(this.forgottenSentAt, entry.sentAt);
    }
  }

  /** Messages counted one by one now (at most `MAX_TRACKED_MESSAGES`). */
  get tracked(): number {
    return this.messages.size;
  }

  /**
   * Per minute in [from, to), zero where Eddy received nothing — but only from the minute Eddy
   * started counting: before that its receives are unknown, not 0.
   */
  series(queue: string, from: number, to: number, periodMs = MINUTE_MS): Series {
    const minutes = this.queues.get(queue);
    // Periods aligned as CloudWatch aligns them (multiples of the period), each the sum of its minutes.
    const first = Math.max(Math.floor(from / periodMs), Math.floor(this.since / periodMs)) * periodMs;
    const at: number[] = [];
    const values: number[] = [];
    for (let p = first; p < to; p += periodMs) {
      let sum = 0;
      for (let m = p; m < p + periodMs; m += MINUTE_MS) sum += minutes?.get(m) ?? 0;
      at.push(p);
      values.push(sum);
    }
    return { at, values };
  }
}

/** The process's one ledger of Eddy's own receives (server/services.ts). */
export function getOwnReceives(): OwnReceives {
  // Counted from the process's start: every receive of the process goes through this ledger, the first one included.
  return service('ownReceives', () => new OwnReceives(Date.now, processStartedAt()));
}
