import { queueNameFromArn } from '../flow/arn';
import { formatBytes, formatDuration } from '../format';

/** One queue attribute as a person reads it; `raw` is what SQS answered (for the tooltip). */
export type QueueSetting =
  | { key: string; label: string; kind: 'text'; text: string; raw: string }
  /** A point in time (epoch ms): rendered with `<Time>` so server and browser agree. */
  | { key: string; label: string; kind: 'time'; at: number; raw: string };

/** The attributes the settings panel shows, in this order (others are in the figures above). */
export const SHOWN_QUEUE_SETTINGS = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'MaximumMessageSize',
  'FifoQueue',
  'ContentBasedDeduplication',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
  'KmsMasterKeyId',
  'QueueArn',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

const LABELS: Record<string, string> = {
  VisibilityTimeout: 'Visibility timeout',
  MessageRetentionPeriod: 'Retention',
  DelaySeconds: 'Delivery delay',
  ReceiveMessageWaitTimeSeconds: 'Receive wait (long polling)',
  MaximumMessageSize: 'Maximum message size',
  FifoQueue: 'FIFO',
  ContentBasedDeduplication: 'Content-based deduplication',
  RedrivePolicy: 'Dead letters',
  RedriveAllowPolicy: 'May be the DLQ of',
  SqsManagedSseEnabled: 'Encryption (SQS-managed keys)',
  KmsMasterKeyId: 'Encryption (KMS key)',
  QueueArn: 'ARN',
  CreatedTimestamp: 'Created',
  LastModifiedTimestamp: 'Last changed',
};

/** "30" → "30 s"; anything not a whole, non-negative number of seconds is shown as SQS sent it. */
function seconds(raw: string): string {
  const n = Number(raw);
  return raw.trim() !== '' && Number.isInteger(n) && n >= 0 ? formatDuration(n) : raw;
}

function yesNo(raw: string): string {
  if (raw === 'true') return 'yes';
  if (raw === 'false') return 'no';
  return raw;
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "after 3 receives"; "after an unstated number of receives" when the RedrivePolicy does not give
 * its maxReceiveCount (never "after 0").
 */
export function afterReceives(maxReceiveCount: number | undefined): string {
  if (maxReceiveCount === undefined) return 'after an unstated number of receives';
  return `after ${maxReceiveCount} ${maxReceiveCount === 1 ? 'receive' : 'receives'}`;
}

/** "its maxReceiveCount of 3", or that the policy does not state one: for the warnings about receives. */
export function itsMaxReceiveCount(maxReceiveCount: number | undefined): string {
  return maxReceiveCount === undefined ? 'its maxReceiveCount (which its RedrivePolicy does not state)' : `its maxReceiveCount of ${maxReceiveCount}`;
}

/** `{"deadLetterTargetArn": …, "maxReceiveCount": 3}` → "to fulfillment-dlq after 3 receives". */
function redrivePolicy(raw: string): string {
  const policy = parseJson(raw);
  const target = typeof policy?.deadLetterTargetArn === 'string' ? policy.deadLetterTargetArn : undefined;
  // A policy without a count (or `null`) states none: never "after 0 receives".
  const stated = policy?.maxReceiveCount;
  const count = stated === undefined || stated === null || stated === '' ? undefined : Number(stated);
  if (!target || (count !== undefined && !Number.isFinite(count))) return raw;
  return `to ${queueNameFromArn(target) ?? target} ${afterReceives(count)}`;
}

/** `{"redrivePermission": "byQueue", "sourceQueueArns": […]}` → "orders, payments only". */
function redriveAllowPolicy(raw: string): string {
  const policy = parseJson(raw);
  switch (policy?.redrivePermission) {
    case 'allowAll':
      return 'any queue';
    case 'denyAll':
      return 'no queue';
    case 'byQueue': {
      const arns = Array.isArray(policy.sourceQueueArns) ? policy.sourceQueueArns.filter((a): a is string => typeof a === 'string') : [];
      return arns.length === 0 ? 'no queue' : `${arns.map((a) => queueNameFromArn(a) ?? a).join(', ')} only`;
    }
    default:
      return raw;
  }
}

/**
 * A queue attribute as a person reads it: durations as "4 d" / "30 s", sizes as "256 KiB", flags
 * as yes/no, redrive policies in words, timestamps (SQS sends epoch seconds) as points in time.
 * An attribute it does not know, or a value it cannot read, is shown as SQS sent it.
 */
export function describeQueueSetting(key: string, raw: string): QueueSetting {
  const label = LABELS[key] ?? key;
  const text = (t: string): QueueSetting => ({ key, label, kind: 'text', text: t, raw });
  switch (key) {
    case 'VisibilityTimeout':
    case 'MessageRetentionPeriod':
    case 'DelaySeconds':
      return text(seconds(raw));
    case 'ReceiveMessageWaitTimeSeconds':
      return text(raw === '0' ? '0 s (short polling)' : seconds(raw));
    case 'MaximumMessageSize': {
      const n = Number(raw);
      return text(raw.trim() !== '' && Number.isInteger(n) && n >= 0 ? formatBytes(n) : raw);
    }
    case 'FifoQueue':
    case 'ContentBasedDeduplication':
    case 'SqsManagedSseEnabled':
      return text(yesNo(raw));
    case 'RedrivePolicy':
      return text(redrivePolicy(raw));
    case 'RedriveAllowPolicy':
      return text(redriveAllowPolicy(raw));
    case 'CreatedTimestamp':
    case 'LastModifiedTimestamp': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) && n > 0 ? { key, label, kind: 'time', at: n * 1000, raw } : text(raw);
    }
    default:
      return text(raw);
  }
}

/** The settings panel's rows: the shown attributes the queue has, in panel order. */
export function describeQueueSettings(attributes: Record<string, string>): QueueSetting[] {
  return SHOWN_QUEUE_SETTINGS.filter((k) => attributes[k] !== undefined).map((k) => describeQueueSetting(k, attributes[k]));
}
