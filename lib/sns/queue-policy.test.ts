import { describe, expect, it } from 'vitest';
import { queuePolicyAllows } from './queue-policy';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:order-events';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:notifications';
const policy = (effect: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Statement: [{ Effect: effect, Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } }, ...extra }],
  });

describe('queuePolicyAllows', () => {
  it('needs an Allow for the topic: no policy, or one for another topic, admits nothing', () => {
    expect(queuePolicyAllows(policy('Allow'), TOPIC, QUEUE)).toBe(true);
    expect(queuePolicyAllows(undefined, TOPIC, QUEUE)).toBe(false);
    expect(queuePolicyAllows('', TOPIC, QUEUE)).toBe(false);
    expect(queuePolicyAllows(policy('Allow'), `${TOPIC}-other`, QUEUE)).toBe(false);
    expect(queuePolicyAllows('{not json', TOPIC, QUEUE)).toBe(false);
  });

  it('a matching Deny wins over an Allow; wildcards in actions and SourceArn conditions match', () => {
    const both = JSON.stringify({ Statement: [JSON.parse(policy('Allow')).Statement[0], JSON.parse(policy('Deny')).Statement[0]] });
    expect(queuePolicyAllows(both, TOPIC, QUEUE)).toBe(false);
    expect(queuePolicyAllows(policy('Allow', { Action: 'sqs:*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:000000000000:order-*' } } }), TOPIC, QUEUE)).toBe(true);
    expect(queuePolicyAllows(policy('Allow', { Principal: { AWS: 'arn:aws:iam::1:root' } }), TOPIC, QUEUE)).toBe(false);
  });
});
