import 'server-only';
import { queueNameFromUrl } from '@/lib/flow/arn';
import type { Series } from '@/lib/types/queues';
import { service } from '../services';

const MINUTE_MS = 60_000;
/** Minutes kept per queue: the queue page's charts reach back 24 h (a pruned minute must not read as 0). */
const KEEP_MINUTES = 24 * 60;

/**
 * Messages Eddy itself received from each queue, per minute: DLQ browsing, trace scans, the
 * failure-apart scan, redrive selected and resend all receive through `leaseMessages`, and
 * CloudWatch's `NumberOfMessagesReceived` counts them beside the consumers' receives. The queue
 * charts show them apart, so Eddy's browsing is not taken for consumer activity.
 */
export class OwnReceives {
  private readonly queues = new Map<string, Map<number, number>>();
  readonly since: number;

  constructor(private readonly now: () => number = Date.now) {
    this.since = now();
  }

  /** Counts `messages` received from the queue at `url` now. */
  add(url: string, messages: number): void {
    const name = queueNameFromUrl(url) ?? url;
    const minute = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    let minutes = this.queues.get(name);
    if (!minutes) this.queues.set(name, (minutes = new Map()));
    minutes.set(minute, (minutes.get(minute) ?? 0) + messages);
    for (const m of minutes.keys()) if (m < minute - KEEP_MINUTES * MINUTE_MS) minutes.delete(m);
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
  return service('ownReceives', () => new OwnReceives());
}
