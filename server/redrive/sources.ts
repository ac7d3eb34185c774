import 'server-only';
import { subscriptionTargetFor, type SubscriptionTarget } from '@/lib/sns/redrive-target';
import { getQueueWithAttributes, listDeadLetterSourceUrls, queueNameFromUrl, type LeasedMessage } from '../aws/sqs';
import { getSubscriptionDirectory } from './subscriptions';

/**
 * The SQS subscriptions whose RedrivePolicy names this queue as their dead-letter queue: where an
 * SNS dead letter was going (SNS dead letters carry no source queue; the subscription tells).
 * Answered from the subscription directory (read once a minute, refreshed by the flow discovery),
 * and asked only for a DLQ no SQS queue feeds.
 */
export function subscriptionTargetsOf(dlqArn: string): Promise<SubscriptionTarget[]> {
  return getSubscriptionDirectory().targetsOf(dlqArn);
}

/**
 * Fills each message's source queue when it does not say (a server that returns no
 * DeadLetterQueueSourceArn, or an SNS dead letter): the DLQ's only source queue when it has
 * exactly one; for an SNS subscription DLQ, the queue of the subscription the message was going
 * to. Asks only when some message needs it; a refusal leaves them unknown.
 */
export async function withInferredSources<M extends Pick<LeasedMessage, 'sourceQueue' | 'sourceQueueInferred' | 'sourceQueueVia' | 'body'>>(dlqUrl: string, messages: M[]): Promise<M[]> {
  if (messages.every((m) => m.sourceQueue)) return messages;
  const sources = await listDeadLetterSourceUrls(dlqUrl).catch(() => undefined);
  if (sources?.length === 1) {
    const only = queueNameFromUrl(sources[0]);
    return messages.map((m) => (m.sourceQueue ? m : { ...m, sourceQueue: only, sourceQueueInferred: true }));
  }
  // No queue feeds it: perhaps SNS subscriptions do.
  if (sources?.length !== 0) return messages;
  const targets = await getQueueWithAttributes(dlqUrl)
    .then(({ queue }) => subscriptionTargetsOf(queue.arn))
    .catch(() => []);
  if (targets.length === 0) return messages;
  return messages.map((m) => {
    if (m.sourceQueue) return m;
    const target = subscriptionTargetFor(m.body, targets);
    return target ? { ...m, sourceQueue: target.queueName, sourceQueueInferred: true, sourceQueueVia: 'subscription' as const } : m;
  });
}
