import { nodeId } from '../flow/discover';
import type { Finding } from '../types/flow';
import type { TopicFigures, TopicSummary } from '../types/topics';
import { queuePolicyAllows } from './queue-policy';

/** Where a topic's row is on `/topics`. */
export function topicHref(name: string): string {
  return `/topics#topic-${encodeURIComponent(name)}`;
}

/** What the findings know of the queues subscribed: each queue's access policy, when it was read. */
export interface SubscribedQueuePolicies {
  /** Queue ARN → its `Policy` attribute (`undefined`: the queue has none). A queue absent from the map was not read. */
  get(queueArn: string): string | undefined;
  has(queueArn: string): boolean;
}

/**
 * What is wrong with the topics' wiring and deliveries, each with why it matters and how to fix
 * it (the same shape as the flow graph's findings, so the health engine reads both alike):
 * - an `sqs`/`lambda` subscription without a RedrivePolicy: a delivery SNS cannot make is dropped;
 * - an `sqs` subscription whose queue policy does not let the topic send: every delivery fails;
 * - deliveries failing (NumberOfNotificationsFailed in the last 10 minutes);
 * - filters that let nothing through for an hour: messages published, all filtered out, none delivered.
 * Figures that were not measured judge nothing.
 */
export function findTopicIssues(topics: readonly TopicSummary[], policies: SubscribedQueuePolicies, figures: ReadonlyMap<string, TopicFigures>): Finding[] {
  const findings: Finding[] = [];
  for (const topic of topics) {
    const resource = { kind: 'topic' as const, name: topic.name, href: topicHref(topic.name) };
    // The topic's node: the health engine's verdict (lib/health/verdict.ts) colours it from these findings.
    const node = nodeId('topic', topic.name);
    for (const sub of topic.subscriptions) {
      if (sub.pending) continue;
      const target = `${topic.name} → ${sub.endpointName}`;
      if (sub.attributesKnown && !sub.deadLetterTargetArn && (sub.protocol === 'sqs' || sub.protocol === 'lambda')) {
        findings.push({
          id: `subscription-without-dlq:${sub.arn}`,
          rule: 'subscription-without-dlq',
          severity: 'warning',
          title: `The subscription ${target} has no dead-letter queue`,
          why: `When SNS cannot deliver to ${sub.endpointName} (the ${sub.protocol === 'sqs' ? 'queue is gone or its policy refuses the topic' : 'function is gone or refuses SNS'}), it retries and then drops the message: nothing keeps it to redrive.`,
          fix: `Give the subscription a RedrivePolicy (SetSubscriptionAttributes RedrivePolicy={"deadLetterTargetArn": "<queue ARN>"}) naming an SQS queue whose policy lets the topic send.`,
          resource,
          node,
        });
      }
      if (sub.protocol === 'sqs' && policies.has(sub.endpoint) && !queuePolicyAllows(policies.get(sub.endpoint), topic.arn, sub.endpoint)) {
        const policy = policies.get(sub.endpoint);
        findings.push({
          id: `queue-policy-denies-topic:${sub.arn}`,
          rule: 'queue-policy-denies-topic',
          severity: 'critical',
          title: `${sub.endpointName}'s queue policy does not let ${topic.name} send to it`,
          why: `${policy ? 'The queue policy has no Allow of sqs:SendMessage for sns.amazonaws.com with this topic as aws:SourceArn, or a Deny matches it' : 'The queue has no access policy, and SQS admits no SNS topic without one'}: every delivery of ${topic.name} to ${sub.endpointName} fails${sub.deadLetterTargetArn ? ' into the subscription’s dead-letter queue' : ' and is dropped'}.`,
          fix: `Add to ${sub.endpointName}'s Policy a statement allowing Principal {"Service": "sns.amazonaws.com"} the action sqs:SendMessage on the queue, with Condition {"ArnEquals": {"aws:SourceArn": "${topic.arn}"}}.`,
          resource,
          node,
        });
      }
    }
    const f = figures.get(topic.arn);
    if (!f) continue;
    if (f.recent.failed !== null && f.recent.failed > 0) {
      const withDlq = topic.subscriptions.filter((s) => s.deadLetterTargetArn).length;
      const dropped = withDlq < topic.subscriptions.length;
      findings.push({
        id: `deliveries-failing:${topic.arn}`,
        rule: 'deliveries-failing',
        severity: dropped ? 'critical' : 'warning',
        title: `${topic.name}: ${f.recent.failed} deliver${f.recent.failed === 1 ? 'y' : 'ies'} failed in the last 10 minutes`,
        why: `SNS could not deliver to some subscriber (NumberOfNotificationsFailed). ${dropped ? 'A subscription without a dead-letter queue loses what it could not deliver.' : 'Every subscription has a dead-letter queue: the messages wait there.'}`,
        fix: `Check each subscriber of ${topic.name}: a deleted queue or function, a queue policy that refuses the topic, a KMS key SNS may not use. Once mended, redrive the subscription's dead-letter queue.`,
        resource,
        node,
      });
    }
    const h = f.hour;
    const filtered = topic.subscriptions.some((s) => s.filterPolicy);
    // No Delivered or Failed datapoint in an hour whose Published and FilteredOut were read is
    // zero, not unknown: SNS emits no datapoint for a metric without activity (lib/sns/figures.ts),
    // and the read that returned the other two would have returned these.
    if (filtered && h.published !== null && h.published > 0 && h.filteredOut !== null && h.filteredOut > 0 && (h.delivered ?? 0) === 0 && (h.failed ?? 0) === 0) {
      findings.push({
        id: `filter-passes-nothing:${topic.arn}`,
        rule: 'filter-passes-nothing',
        severity: 'warning',
        title: `${topic.name}'s filter policies let nothing through for an hour`,
        why: `${h.published} message(s) were published in the last 60 minutes, ${h.filteredOut} notification(s) were filtered out and none was delivered: a filter policy that matches no message (a misspelt attribute, MessageBody scope on attributes) starves its subscriber silently.`,
        fix: `Compare the subscriptions' FilterPolicy (and FilterPolicyScope) with the attributes the publishers send.`,
        resource,
        node,
      });
    }
  }
  return findings;
}
