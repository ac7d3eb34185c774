import { describe, expect, it } from 'vitest';
import type { SubscriptionSummary, TopicSummary } from '../types/topics';
import { topicFigures, UNMEASURED_FIGURES } from './figures';
import { findTopicIssues } from './findings';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:orders';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:work';
const ALLOW = JSON.stringify({
  Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } } }],
});

const sub = (extra: Partial<SubscriptionSummary> = {}): SubscriptionSummary => ({
  arn: `${TOPIC}:0b9f6c1e-1111-4c7e-9a55-2f1d7d3b9a10`,
  topicArn: TOPIC,
  protocol: 'sqs',
  endpoint: QUEUE,
  endpointName: 'work',
  pending: false,
  raw: false,
  deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:work-dlq',
  attributesKnown: true,
  ...extra,
});
const topic = (subscriptions: SubscriptionSummary[]): TopicSummary => ({ name: 'orders', arn: TOPIC, fifo: false, subscriptions });
const policies = (entries: [string, string | undefined][]) => new Map(entries);
const rules = (findings: { rule: string; severity: string }[]) => findings.map((f) => `${f.rule} ${f.severity}`).sort();

describe('findTopicIssues', () => {
  it('finds nothing wrong with a subscription that has a DLQ and a queue admitting the topic', () => {
    expect(findTopicIssues([topic([sub()])], policies([[QUEUE, ALLOW]]), new Map())).toEqual([]);
  });

  it('a subscription without a redrive policy; a queue without a policy, or one for another topic', () => {
    expect(rules(findTopicIssues([topic([sub({ deadLetterTargetArn: undefined })])], policies([[QUEUE, undefined]]), new Map()))).toEqual([
      'queue-policy-denies-topic critical',
      'subscription-without-dlq warning',
    ]);
    expect(rules(findTopicIssues([topic([sub()])], policies([[QUEUE, ALLOW.replace(TOPIC, `${TOPIC}-old`)]]), new Map()))).toEqual(['queue-policy-denies-topic critical']);
  });

  it('judges nothing it did not read: unknown attributes, a queue whose policy was not read, a pending subscription', () => {
    expect(findTopicIssues([topic([sub({ attributesKnown: false, deadLetterTargetArn: undefined })])], policies([]), new Map())).toEqual([]);
    expect(findTopicIssues([topic([sub({ pending: true, deadLetterTargetArn: undefined })])], policies([[QUEUE, undefined]]), new Map())).toEqual([]);
    expect(findTopicIssues([topic([sub()])], policies([]), new Map([[TOPIC, UNMEASURED_FIGURES]]))).toEqual([]);
  });

  it('deliveries failing: critical when some subscription would drop them, a warning when all have a DLQ', () => {
    const now = Date.parse('2026-12-02T06:00:00Z');
    const failing = new Map([[TOPIC, topicFigures({ published: [{ t: now - 120_000, value: 4 }], failed: [{ t: now - 120_000, value: 3 }] }, now)]]);
    expect(rules(findTopicIssues([topic([sub()])], policies([]), failing))).toEqual(['deliveries-failing warning']);
    expect(rules(findTopicIssues([topic([sub(), sub({ arn: `${TOPIC}:x`, protocol: 'lambda', deadLetterTargetArn: undefined, endpointName: 'fn' })])], policies([]), failing))).toEqual([
      'deliveries-failing critical',
      'subscription-without-dlq warning',
    ]);
  });

  it('a filter that let nothing through for an hour, but not when something was delivered or nothing published', () => {
    const now = Date.parse('2026-12-02T06:00:00Z');
    const hour = (delivered: number) =>
      new Map([
        [
          TOPIC,
          topicFigures(
            {
              published: [{ t: now - 50 * 60_000, value: 30 }],
              filteredOut: [{ t: now - 50 * 60_000, value: 30 }],
              delivered: delivered ? [{ t: now - 50 * 60_000, value: delivered }] : [],
            },
            now,
          ),
        ],
      ]);
    const filtered = topic([sub({ filterPolicy: '{"eventType":["OrderPlacd"]}', filterPolicyScope: 'MessageAttributes' })]);
    expect(rules(findTopicIssues([filtered], policies([]), hour(0)))).toEqual(['filter-passes-nothing warning']);
    expect(findTopicIssues([filtered], policies([]), hour(5))).toEqual([]);
    expect(findTopicIssues([topic([sub()])], policies([]), hour(0))).toEqual([]);
  });
});

describe('topicFigures', () => {
  it('sums one-minute datapoints over 5, 10 and 60 minutes; a metric without a datapoint is null, not 0', () => {
    const now = Date.parse('2026-12-02T06:00:30Z');
    const at = (minutesAgo: number, value: number) => ({ t: now - minutesAgo * 60_000, value });
    const f = topicFigures({ published: [at(2, 60), at(4, 30), at(8, 10), at(40, 100)], delivered: [at(2, 120)], failed: [] }, now);
    expect(f.publishedPerSecond).toBeCloseTo(90 / 300);
    expect(f.recent).toEqual({ published: 100, delivered: 120, failed: null, filteredOut: null });
    expect(f.hour.published).toBe(200);
    expect(f.at).toBe(new Date(now - 120_000).toISOString());
    expect(topicFigures({}, now)).toEqual(UNMEASURED_FIGURES);
  });
});
