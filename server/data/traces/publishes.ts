import 'server-only';
import { parseSnsEnvelope } from '@/lib/sns/envelope';
import { linkPublishCopies, type CopyCandidate } from '@/lib/sns/publish-copies';
import type { QueueMessage } from '@/lib/types/queues';
import type { PublishGroup } from '@/lib/types/traces';
import { getSubscriptionDirectory, type SqsSubscription } from '../../redrive/subscriptions';
import type { TraceQueue } from './queues';

/** Messages read from one queue. */
export interface QueueRead {
  queue: TraceQueue;
  messages: QueueMessage[];
}

/**
 * Where an SNS copy was delivered or going, from the subscriptions: those dead-lettering into the
 * queue, or delivering to the queue it serves as DLQ (or to itself); of those, raw ones for a bare
 * body, enveloped ones of the envelope's topic otherwise. A raw body's topic only when one topic fits.
 */
function subscriptionOf(queue: TraceQueue, m: QueueMessage, subscriptions: readonly SqsSubscription[]): Pick<CopyCandidate, 'rawTopicArn' | 'subscriptionQueue'> {
  const envelope = parseSnsEnvelope(m.body);
  const origin = m.sourceQueue ?? (queue.sourceNames.length === 1 ? queue.sourceNames[0] : undefined);
  const fitting = subscriptions
    .filter((s) => s.deadLetterTargetArn === queue.arn || s.queueName === origin || s.queueName === queue.name)
    .filter((s) => (envelope ? !s.raw && s.topicArn === envelope.topicArn : s.raw));
  const topics = new Set(fitting.map((s) => s.topicArn));
  const queues = new Set(fitting.map((s) => s.queueName));
  return {
    rawTopicArn: !envelope && topics.size === 1 ? fitting[0].topicArn : undefined,
    subscriptionQueue: queues.size === 1 ? fitting[0].queueName : origin,
  };
}

/**
 * The SNS publishes among messages read from the dead-letter and failure queues: enveloped copies
 * linked by their SNS MessageId, raw copies by the item they name (`itemsOf`), the published message
 * and the send time. The subscriptions (which queue a raw subscription feeds) come from the cached
 * directory; when they cannot be read, raw copies stay unlinked and `notes` says so.
 */
export async function publishesOf(reads: readonly QueueRead[], itemsOf: (m: QueueMessage) => string[], notes: string[]): Promise<PublishGroup[]> {
  const named = reads.flatMap((r) => r.messages.map((m) => ({ queue: r.queue, m, items: itemsOf(m) }))).filter((x) => x.items.length > 0);
  if (named.length === 0) return [];
  let subscriptions: SqsSubscription[] = [];
  if (named.some((x) => !parseSnsEnvelope(x.m.body))) {
    subscriptions = await getSubscriptionDirectory()
      .list()
      .catch((error: unknown) => {
        notes.push(`SNS subscriptions could not be read (${(error as Error).message}): raw copies of a publish are not linked to it.`);
        return [];
      });
  }
  return linkPublishCopies(
    named.map(({ queue, m, items }) => ({ queue: queue.name, messageId: m.messageId, body: m.body, sentAt: m.sentAt, items, ...subscriptionOf(queue, m, subscriptions) })),
  );
}
