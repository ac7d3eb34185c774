import 'server-only';
import { queueNameFromUrl } from '@/lib/flow/arn';
import type { Series } from '@/lib/types/queues';
import { service } from '../services';

const MINUTE_MS = 60_000;
/** Minutes kept per queue: the queue page's charts show the last hour. */
const KEEP_MINUTES = 180;

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
  series(queue: string, from: number, to: number): Series {
    const minutes = this.queues.get(queue);
    const first = Math.max(Math.floor(from / MINUTE_MS), Math.floor(this.since / MINUTE_MS)) * MINUTE_MS;
    const at: number[] = [];
    const values: number[] = [];
    for (let m = first; m < to; m += MINUTE_MS) {
      at.push(m);
      values.push(minutes?.get(m) ?? 0);
    }
    return { at, values };
  }
}

/** The process's one ledger of Eddy's own receives (server/services.ts). */
export function getOwnReceives(): OwnReceives {
  return service('ownReceives', () => new OwnReceives());
}
