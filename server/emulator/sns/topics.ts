import { snsErrors } from './errors';
import type { FilterPolicy, FilterScope } from './filter-policy';

/** Counts of one emulator-clock minute of a topic, published as `AWS/SNS` when it completes. */
export interface TopicMinute {
  published: number;
  publishBytes: number[];
  delivered: number;
  failed: number;
  filteredOut: number;
  filteredOutAttributes: number;
  filteredOutBody: number;
  filteredOutNoAttributes: number;
  filteredOutInvalidBody: number;
  redrivenToDlq: number;
  failedToRedriveToDlq: number;
}

export interface Topic {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  fifo: boolean;
  /** Settable attributes as strings (`DisplayName`, `Policy`, `ContentBasedDeduplication`, …). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Subscription ARNs in subscription order. */
  subscriptions: Set<string>;
  deleted: number;
  /** FIFO: deduplication key → what the first publish answered, for 5 minutes. */
  dedup: Map<string, { at: number; messageId: string; sequenceNumber: string }>;
  minutes: Map<number, TopicMinute>;
  lastMetricMinute: number;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: 'sqs' | 'lambda';
  endpoint: string;
  owner: string;
  attributes: Record<string, string>;
  filter?: { policy: FilterPolicy; scope: FilterScope };
  raw: boolean;
  deadLetterTargetArn?: string;
}

export const MAX_TOPIC_NAME = 256;

/** Checks a topic name (1–256 of `[A-Za-z0-9_-]`, `.fifo` exactly for FIFO topics). */
export function validateTopicName(name: unknown, fifo: boolean): string {
  if (typeof name !== 'string') throw snsErrors.invalidParameter('Topic Name');
  const base = fifo ? name.replace(/\.fifo$/, '') : name;
  if (fifo !== name.endsWith('.fifo') || name.length > MAX_TOPIC_NAME || !/^[A-Za-z0-9_-]+$/.test(base)) {
    throw snsErrors.invalidParameter('Topic Name');
  }
  return name;
}

/** The parts of an ARN, or AWS's message for a malformed one (`An ARN must have at least 6 elements, not 1`). */
export function parseArn(value: unknown, parameter: string): { region: string; account: string; resource: string; parts: string[] } {
  if (typeof value !== 'string' || value.length === 0) throw snsErrors.invalidParameter(`${parameter} Reason: no value for required parameter`);
  const parts = value.split(':');
  if (parts.length < 6) throw snsErrors.invalidParameter(`${parameter} Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  return { region: parts[3], account: parts[4], resource: parts.slice(5).join(':'), parts };
}

/** The default topic policy AWS writes (reference part 2, §2.2). */
export function defaultTopicPolicy(arn: string, account: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}

export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** Topic attributes a caller may set at creation or with SetTopicAttributes. */
export const SETTABLE_TOPIC_ATTRIBUTES = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'TracingConfig',
  'KmsMasterKeyId',
  'SignatureVersion',
  'ContentBasedDeduplication',
  'FifoThroughputScope',
  'ArchivePolicy',
  'DataProtectionPolicy',
  ...['HTTP', 'SQS', 'Lambda', 'Firehose', 'Application'].flatMap((p) => [`${p}SuccessFeedbackRoleArn`, `${p}SuccessFeedbackSampleRate`, `${p}FailureFeedbackRoleArn`]),
]);

export function emptyMinute(): TopicMinute {
  return {
    published: 0,
    publishBytes: [],
    delivered: 0,
    failed: 0,
    filteredOut: 0,
    filteredOutAttributes: 0,
    filteredOutBody: 0,
    filteredOutNoAttributes: 0,
    filteredOutInvalidBody: 0,
    redrivenToDlq: 0,
    failedToRedriveToDlq: 0,
  };
}
