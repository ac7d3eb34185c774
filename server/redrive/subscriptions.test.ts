import { describe, expect, it } from 'vitest';
import type { TopicSummary } from '@/lib/types/topics';
import { SUBSCRIPTIONS_TTL_MS, SubscriptionDirectory, sqsSubscriptionsOf, type SqsSubscription } from './subscriptions';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:order-events';
const DLQ = 'arn:aws:sqs:us-east-1:000000000000:order-events-dlq';
const sub = (queueName: string, extra: Partial<SqsSubscription> = {}): SqsSubscription => ({
  topicArn: TOPIC,
  queueArn: `arn:aws:sqs:us-east-1:000000000000:${queueName}`,
  queueName,
  raw: false,
  deadLetterTargetArn: DLQ,
  ...extra,
});

/** A directory over a scripted AWS read and a hand-moved clock, counting the reads. */
function directory(answers: (() => Promise<SqsSubscription[]>)[]) {
  let now = 1_000_000;
  let calls = 0;
  const dir = new SubscriptionDirectory(
    () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls++;
      return answer();
    },
    () => now,
  );
  return { dir, calls: () => calls, advance: (ms: number) => (now += ms) };
}

describe('SubscriptionDirectory', () => {
  it('reads the subscriptions once for every DLQ asking within the TTL, and again after it', async () => {
    const { dir, calls, advance } = directory([async () => [sub('notifications'), sub('fulfillment', { raw: true })], async () => [sub('notifications')]]);
    const [a, b] = await Promise.all([dir.targetsOf(DLQ), dir.targetsOf(DLQ)]);
    expect(a).toEqual([
      { topicArn: TOPIC, queueName: 'notifications', raw: false },
      { topicArn: TOPIC, queueName: 'fulfillment', raw: true },
    ]);
    expect(b).toEqual(a);
    advance(SUBSCRIPTIONS_TTL_MS - 1);
    expect(await dir.targetsOf('arn:aws:sqs:us-east-1:000000000000:other-dlq')).toEqual([]);
    expect(calls()).toBe(1);
    // A subscription removed shows once the TTL is over.
    advance(1);
    expect((await dir.targetsOf(DLQ)).map((t) => t.queueName)).toEqual(['notifications']);
    expect(calls()).toBe(2);
  });

  it('takes the flow discovery’s read instead of its own, so a change shows with the graph’s refresh', async () => {
    const { dir, calls } = directory([async () => [sub('notifications')]]);
    expect((await dir.targetsOf(DLQ)).map((t) => t.queueName)).toEqual(['notifications']);
    dir.prime([sub('notifications'), sub('audit', { raw: true })]);
    expect((await dir.targetsOf(DLQ)).map((t) => t.queueName)).toEqual(['notifications', 'audit']);
    expect(calls()).toBe(1);
    // Discovery that could not read every subscription drops the cache rather than keep it stale.
    dir.prime(undefined);
    await dir.targetsOf(DLQ);
    expect(calls()).toBe(2);
    dir.invalidate();
    await dir.targetsOf(DLQ);
    expect(calls()).toBe(3);
  });

  it('keeps no failed read: the next question asks AWS again', async () => {
    const { dir, calls } = directory([async () => Promise.reject(new Error('AuthorizationError')), async () => [sub('notifications')]]);
    await expect(dir.targetsOf(DLQ)).rejects.toThrow('AuthorizationError');
    expect((await dir.targetsOf(DLQ)).map((t) => t.queueName)).toEqual(['notifications']);
    expect(calls()).toBe(2);
  });
});

describe('sqsSubscriptionsOf', () => {
  const topic = (subscriptions: TopicSummary['subscriptions']): TopicSummary => ({ name: 'order-events', arn: TOPIC, fifo: false, subscriptions });
  const discovered = (extra: Partial<TopicSummary['subscriptions'][number]> = {}) => ({
    arn: `${TOPIC}:1`,
    topicArn: TOPIC,
    protocol: 'sqs',
    endpoint: 'arn:aws:sqs:us-east-1:000000000000:notifications',
    endpointName: 'notifications',
    pending: false,
    raw: false,
    deadLetterTargetArn: DLQ,
    attributesKnown: true,
    ...extra,
  });

  it('keeps confirmed SQS subscriptions, and gives nothing when some attributes are unknown', () => {
    expect(sqsSubscriptionsOf([topic([discovered(), discovered({ protocol: 'lambda', endpointName: 'fn' }), discovered({ pending: true, attributesKnown: false })])])).toEqual([
      { topicArn: TOPIC, queueArn: 'arn:aws:sqs:us-east-1:000000000000:notifications', queueName: 'notifications', raw: false, deadLetterTargetArn: DLQ },
    ]);
    expect(sqsSubscriptionsOf([topic([discovered(), discovered({ attributesKnown: false })])])).toBeUndefined();
  });
});
