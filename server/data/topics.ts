import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { TOPIC_METRICS, topicFigures, type CountPoint, type TopicMetricKey } from '@/lib/sns/figures';
import type { QueueSummary } from '@/lib/types/queues';
import type { SubscriptionSummary, TopicFigures, TopicSummary } from '@/lib/types/topics';
import { getMetricData, metricId, type MetricQuery } from '../aws/cloudwatch';
import { getSubscriptionDetails, listSubscriptions, listTopicArns } from '../aws/sns';
import { getQueueWithAttributes } from '../aws/sqs';
import type { Gaps } from './settle';

/** GetSubscriptionAttributes / GetQueueAttributes in flight at once: 1,000 subscriptions in seconds, no burst. */
const ATTRIBUTE_CONCURRENCY = 8;
/** Topic figures are read over the last hour (the findings judge "for a long time" by it). */
const TOPIC_METRICS_WINDOW_MS = 60 * 60_000;

/**
 * Every topic with its subscriptions and their attributes (raw delivery, filter policy, DLQ):
 * ListTopics and ListSubscriptions (paged, 100 each), then one GetSubscriptionAttributes per
 * confirmed subscription. A subscription whose attributes cannot be read stays, marked unknown.
 */
export async function discoverTopics(gaps: Gaps): Promise<TopicSummary[]> {
  // Both listings run at once, but their failures are recorded topics first: when SNS is not there
  // at all, the one gap kept for it says that no topic is shown.
  const topicsRead = listTopicArns();
  const subscriptionsRead = listSubscriptions();
  subscriptionsRead.catch(() => undefined);
  const arns = await gaps.part(topicsRead, [], 'no SNS topics are shown');
  const subscriptions = await gaps.part(subscriptionsRead, [], 'SNS topics are shown without their subscriptions');
  const detailed = await mapLimit(subscriptions, ATTRIBUTE_CONCURRENCY, async (sub): Promise<SubscriptionSummary> => {
    const unknown = { raw: false, attributesKnown: false };
    if (sub.pending) return { ...sub, ...unknown };
    const details = await gaps.part(
      getSubscriptionDetails(sub.arn).then((d) => ({ ...d, attributesKnown: true })),
      unknown,
      'subscriptions show no filter policy, delivery or dead-letter queue',
    );
    return { ...sub, ...details };
  });
  const byTopic = new Map<string, SubscriptionSummary[]>();
  for (const sub of detailed) byTopic.set(sub.topicArn, [...(byTopic.get(sub.topicArn) ?? []), sub]);
  return arns
    .map((arn) => {
      const name = arn.split(':').slice(5).join(':');
      return { name, arn, fifo: name.endsWith('.fifo'), subscriptions: byTopic.get(arn) ?? [] };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The access policy of each queue an `sqs` subscription delivers to (GetQueueAttributes), for the
 * "queue policy does not allow the topic" finding. A queue not in `queues` (another account's,
 * or not listed) is not read and judges nothing.
 */
export async function readSubscribedQueuePolicies(topics: readonly TopicSummary[], queues: readonly Pick<QueueSummary, 'arn' | 'url'>[], gaps: Gaps): Promise<Map<string, string | undefined>> {
  const urlByArn = new Map(queues.map((q) => [q.arn, q.url]));
  const arns = [...new Set(topics.flatMap((t) => t.subscriptions.filter((s) => s.protocol === 'sqs').map((s) => s.endpoint)))].filter((arn) => urlByArn.has(arn));
  const policies = new Map<string, string | undefined>();
  await mapLimit(arns, ATTRIBUTE_CONCURRENCY, async (arn) => {
    const read = await gaps.part(
      getQueueWithAttributes(urlByArn.get(arn) ?? '').then((r) => ({ policy: r.attributes.Policy })),
      undefined,
      'queue policies of subscribed queues are not checked',
    );
    if (read) policies.set(arn, read.policy);
  });
  return policies;
}

/** Each topic's `AWS/SNS` figures (by topic ARN), from one-minute sums over the last hour. */
export async function readTopicFigures(topics: readonly TopicSummary[], now: number): Promise<Map<string, TopicFigures>> {
  const keys = Object.keys(TOPIC_METRICS) as TopicMetricKey[];
  const queries: MetricQuery[] = topics.flatMap((t, i) =>
    keys.map((key, k) => ({ id: metricId(i * keys.length + k), namespace: 'AWS/SNS', metricName: TOPIC_METRICS[key], dimensions: { TopicName: t.name }, stat: 'Sum' as const })),
  );
  const out = new Map<string, TopicFigures>();
  if (queries.length === 0) return out;
  const end = Math.ceil(now / 60_000) * 60_000;
  const points = await getMetricData(queries, { start: new Date(end - TOPIC_METRICS_WINDOW_MS), end: new Date(end), periodSeconds: 60 });
  topics.forEach((t, i) => {
    const series: Partial<Record<TopicMetricKey, CountPoint[]>> = {};
    keys.forEach((key, k) => {
      series[key] = points.get(metricId(i * keys.length + k)) ?? [];
    });
    out.set(t.arn, topicFigures(series, now));
  });
  return out;
}
