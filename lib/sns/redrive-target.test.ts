import { describe, expect, it } from 'vitest';
import { subscriptionTargetFor, type SubscriptionTarget } from './redrive-target';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:order-events';
const envelope = (topicArn = TOPIC) => JSON.stringify({ Type: 'Notification', MessageId: 'm-1', TopicArn: topicArn, Message: '{"orderId":"o-1"}', Timestamp: '2026-12-02T05:00:00.000Z' });
const demo: SubscriptionTarget[] = [
  { topicArn: TOPIC, queueName: 'fulfillment', raw: true },
  { topicArn: TOPIC, queueName: 'notifications', raw: false },
];

describe('subscriptionTargetFor', () => {
  it('sends an envelope back to the enveloped subscription of its topic, a bare body to the raw one', () => {
    expect(subscriptionTargetFor(envelope(), demo)?.queueName).toBe('notifications');
    expect(subscriptionTargetFor('{"orderId":"o-1"}', demo)?.queueName).toBe('fulfillment');
  });

  it('answers nothing when the dead letter could have gone to two queues, or to none', () => {
    const two = [...demo, { topicArn: TOPIC, queueName: 'audit', raw: false }];
    expect(subscriptionTargetFor(envelope(), two)).toBeUndefined();
    expect(subscriptionTargetFor(envelope('arn:aws:sns:us-east-1:000000000000:other'), demo)).toBeUndefined();
    expect(subscriptionTargetFor('{}', [demo[1]])).toBeUndefined();
    // Two subscriptions of one queue (two topics) still name one queue.
    expect(subscriptionTargetFor('x', [demo[0], { ...demo[0], topicArn: `${TOPIC}-2` }])?.queueName).toBe('fulfillment');
  });
});
