import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import type { SubscriptionTarget } from '@/lib/sns/redrive-target';
import type { TopicSummary } from '@/lib/types/topics';
import { getSubscriptionDetails, listSubscriptions } from '../aws/sns';
import { service } from '../services';

/** GetSubscriptionAttributes in flight at once while reading every SQS subscription. */
const SUBSCRIPTION_CONCURRENCY = 8;
/**
 * How long a read of the subscriptions answers: the flow discovery's structure refresh (a minute),
 * which also hands its own fresher read in (`prime`), so a change shows as soon as it is discovered.
 */
export const SUBSCRIPTIONS_TTL_MS = 60_000;

/** A confirmed SQS subscription as redrive and traces need it. */
export interface SqsSubscription {
  topicArn: string;
  queueArn: string;
  queueName: string;
  raw: boolean;
  /** Its RedrivePolicy's dead-letter queue, undefined without one. */
  deadLetterTargetArn?: string;
}

/**
 * Every confirmed SQS subscription with its attributes (ListSubscriptions, then one
 * GetSubscriptionAttributes each). Throws when any attributes could not be read: an incomplete
 * list would hide a DLQ's subscription for as long as it is cached.
 */
export async function readSqsSubscriptions(): Promise<SqsSubscription[]> {
  const subscriptions = (await listSubscriptions()).filter((s) => s.protocol === 'sqs' && !s.pending);
  const details = await mapLimit(subscriptions, SUBSCRIPTION_CONCURRENCY, (s) => getSubscriptionDetails(s.arn));
  return subscriptions.map((s, i) => ({ topicArn: s.topicArn, queueArn: s.endpoint, queueName: s.endpointName, raw: details[i].raw, deadLetterTargetArn: details[i].deadLetterTargetArn }));
}

/** The SQS subscriptions of discovered topics, or undefined when some subscription's attributes are unknown. */
export function sqsSubscriptionsOf(topics: readonly TopicSummary[]): SqsSubscription[] | undefined {
  const subs = topics.flatMap((t) => t.subscriptions).filter((s) => s.protocol === 'sqs' && !s.pending);
  if (subs.some((s) => !s.attributesKnown)) return undefined;
  return subs.map((s) => ({ topicArn: s.topicArn, queueArn: s.endpoint, queueName: s.endpointName, raw: s.raw, deadLetterTargetArn: s.deadLetterTargetArn }));
}

/**
 * The account's SQS subscriptions, read once per `ttlMs` for every DLQ that asks which subscription
 * dead-letters into it (SNS dead letters name no source queue), instead of every subscription's
 * attributes on each browse or redrive. The flow discovery hands in what it read (`prime`), so the
 * cache is as fresh as the graph; a failed or partial read is not kept.
 */
export class SubscriptionDirectory {
  private cached?: { at: number; value: Promise<SqsSubscription[]> };

  constructor(
    private readonly read: () => Promise<SqsSubscription[]> = readSqsSubscriptions,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = SUBSCRIPTIONS_TTL_MS,
  ) {}

  /** Every SQS subscription, from the cache while it is younger than the TTL. */
  list(): Promise<SqsSubscription[]> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.value;
    const value = this.read();
    const entry = { at: this.now(), value };
    this.cached = entry;
    value.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return value;
  }

  /** What the flow discovery just read replaces the cache: an added, removed or changed subscription shows at once. */
  prime(subscriptions: SqsSubscription[] | undefined): void {
    // Discovery could not read every subscription's attributes: what is cached is dropped, not kept stale.
    if (!subscriptions) {
      this.invalidate();
      return;
    }
    this.cached = { at: this.now(), value: Promise.resolve(subscriptions) };
  }

  /** Forgets the cached read: the next question reads the subscriptions again. */
  invalidate(): void {
    this.cached = undefined;
  }

  /** The SQS subscriptions whose RedrivePolicy names this queue as their dead-letter queue. */
  async targetsOf(dlqArn: string): Promise<SubscriptionTarget[]> {
    return (await this.list()).filter((s) => s.deadLetterTargetArn === dlqArn).map((s) => ({ topicArn: s.topicArn, queueName: s.queueName, raw: s.raw }));
  }
}

/** The process's one subscription directory (server/services.ts). */
export function getSubscriptionDirectory(): SubscriptionDirectory {
  return service('snsSubscriptions', () => new SubscriptionDirectory());
}
