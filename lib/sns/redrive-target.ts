import { parseSnsEnvelope } from './envelope';

/** An SQS subscription whose RedrivePolicy sends its failed deliveries to a given DLQ. */
export interface SubscriptionTarget {
  topicArn: string;
  queueName: string;
  /** Raw delivery: its dead letters are bare messages; otherwise SNS envelopes. */
  raw: boolean;
}

/**
 * The subscription a dead letter of an SNS subscription DLQ was going to: SNS dead letters do not
 * name their subscription, but an envelope names its topic and comes from an enveloped
 * subscription, a bare body from a raw one. Undefined when that leaves more than one queue.
 */
export function subscriptionTargetFor(body: string, targets: readonly SubscriptionTarget[]): SubscriptionTarget | undefined {
  const envelope = parseSnsEnvelope(body);
  const candidates = envelope ? targets.filter((t) => !t.raw && t.topicArn === envelope.topicArn) : targets.filter((t) => t.raw);
  return new Set(candidates.map((c) => c.queueName)).size === 1 ? candidates[0] : undefined;
}
