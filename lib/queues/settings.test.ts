import { describe, expect, it } from 'vitest';
import { describeQueueSetting, describeQueueSettings } from './settings';

const arn = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

describe('describeQueueSetting', () => {
  it.each([
    ['MessageRetentionPeriod', '345600', 'Retention', '4 d'],
    ['MessageRetentionPeriod', '1209600', 'Retention', '14 d'],
    ['VisibilityTimeout', '30', 'Visibility timeout', '30 s'],
    ['VisibilityTimeout', '90', 'Visibility timeout', '1 min 30 s'],
    ['DelaySeconds', '0', 'Delivery delay', '0 s'],
    ['ReceiveMessageWaitTimeSeconds', '20', 'Receive wait (long polling)', '20 s'],
    ['ReceiveMessageWaitTimeSeconds', '0', 'Receive wait (long polling)', '0 s (short polling)'],
    ['MaximumMessageSize', '262144', 'Maximum message size', '256 KiB'],
    ['MaximumMessageSize', '1024', 'Maximum message size', '1.0 KiB'],
    ['FifoQueue', 'true', 'FIFO', 'yes'],
    ['ContentBasedDeduplication', 'false', 'Content-based deduplication', 'no'],
    ['RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arn('fulfillment-dlq'), maxReceiveCount: 3 }), 'Dead letters', 'to fulfillment-dlq after 3 receives'],
    ['RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arn('x-dlq'), maxReceiveCount: '1' }), 'Dead letters', 'to x-dlq after 1 receive'],
    ['RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arn('y-dlq'), maxReceiveCount: null }), 'Dead letters', 'to y-dlq after an unstated number of receives'],
    ['RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'allowAll' }), 'May be the DLQ of', 'any queue'],
    ['RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'denyAll' }), 'May be the DLQ of', 'no queue'],
    ['RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [arn('orders'), arn('payments')] }), 'May be the DLQ of', 'orders, payments only'],
    ['QueueArn', arn('orders'), 'ARN', arn('orders')],
  ])('%s = %s reads "%s: %s"', (key, raw, label, text) => {
    expect(describeQueueSetting(key, raw)).toEqual({ key, label, kind: 'text', text, raw });
  });

  it('turns SQS timestamps (epoch seconds) into points in time', () => {
    expect(describeQueueSetting('CreatedTimestamp', '1764680000')).toEqual({ key: 'CreatedTimestamp', label: 'Created', kind: 'time', at: 1_764_680_000_000, raw: '1764680000' });
    expect(describeQueueSetting('LastModifiedTimestamp', '1764680001')).toMatchObject({ label: 'Last changed', kind: 'time', at: 1_764_680_001_000 });
  });

  it.each([
    ['VisibilityTimeout', 'soon'],
    ['VisibilityTimeout', ''],
    ['MaximumMessageSize', '-1'],
    ['CreatedTimestamp', 'yesterday'],
    ['RedrivePolicy', '{not json'],
    ['RedrivePolicy', '{"maxReceiveCount":3}'],
    ['RedriveAllowPolicy', '{"redrivePermission":"sometimes"}'],
    ['FifoQueue', 'maybe'],
  ])('shows %s = %j as SQS sent it when it cannot read it', (key, raw) => {
    expect(describeQueueSetting(key, raw)).toMatchObject({ kind: 'text', text: raw, raw });
  });

  it('keeps the name of an attribute it does not know', () => {
    expect(describeQueueSetting('SomethingNew', '7')).toEqual({ key: 'SomethingNew', label: 'SomethingNew', kind: 'text', text: '7', raw: '7' });
  });
});

describe('describeQueueSettings', () => {
  it('lists the shown attributes the queue has, in panel order, and leaves out the others', () => {
    const rows = describeQueueSettings({ QueueArn: arn('orders'), VisibilityTimeout: '30', ApproximateNumberOfMessages: '5', MessageRetentionPeriod: '345600' });
    expect(rows.map((r) => r.key)).toEqual(['VisibilityTimeout', 'MessageRetentionPeriod', 'QueueArn']);
  });
});
