import type { AwsError } from '../core/errors';
import { sqsErrors } from './errors';
import type { MessageAttributeValue } from './md5';

/** Queue names: 1–80 of `[A-Za-z0-9_-]`, plus the `.fifo` suffix for FIFO queues (§5.1). */
export function validateQueueName(name: unknown, fifo: boolean): string {
  if (typeof name !== 'string' || name.length === 0) throw sqsErrors.missingParameter('QueueName');
  const base = fifo ? name.slice(0, -'.fifo'.length) : name;
  if (fifo && !name.endsWith('.fifo')) {
    throw sqsErrors.invalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (name.length > 80 || base.length === 0 || !/^[A-Za-z0-9_-]+$/.test(base)) {
    throw sqsErrors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  return name;
}

/** Integer attributes and their inclusive ranges (§5.2). */
export const INTEGER_ATTRIBUTES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

/** Attribute values a new queue reports before anything is set. */
export const DEFAULT_ATTRIBUTES: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

export const FIFO_DEFAULT_ATTRIBUTES: Record<string, string> = {
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Settable on any queue. */
const COMMON_SETTABLE = new Set([
  ...Object.keys(INTEGER_ATTRIBUTES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
]);
/** Settable on FIFO queues only; `FifoQueue` itself only at creation. */
const FIFO_SETTABLE = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
/** Computed by the queue; readable but never settable. */
export const READ_ONLY_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
];
/** Every name GetQueueAttributes accepts, in the order `All` lists them. */
export const READABLE_ATTRIBUTES = [
  ...READ_ONLY_ATTRIBUTES,
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];
export const FIFO_ONLY_ATTRIBUTES = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

const ENUM_ATTRIBUTES: Record<string, string[]> = {
  ContentBasedDeduplication: ['true', 'false'],
  SqsManagedSseEnabled: ['true', 'false'],
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
  FifoQueue: ['true', 'false'],
};

function invalidValue(name: string): AwsError {
  return sqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
}

/**
 * Checks the names and simple values of a CreateQueue/SetQueueAttributes attribute map and
 * returns it with values normalised (integers without leading zeros). Redrive policies are
 * checked by the caller, which knows the other queues. `creating` allows `FifoQueue`.
 */
export function validateQueueAttributes(attributes: unknown, fifo: boolean, creating: boolean): Record<string, string> {
  if (attributes === undefined || attributes === null) return {};
  if (typeof attributes !== 'object' || Array.isArray(attributes)) throw sqsErrors.invalidParameterValue('Attributes must be a map of strings.');
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(attributes as Record<string, unknown>)) {
    const settable = COMMON_SETTABLE.has(name) || (fifo && FIFO_SETTABLE.has(name)) || (creating && name === 'FifoQueue');
    if (!settable) throw sqsErrors.invalidAttributeName(name);
    if (typeof raw !== 'string') throw invalidValue(name);
    const range = INTEGER_ATTRIBUTES[name];
    if (range) {
      if (!/^\d+$/.test(raw.trim())) throw invalidValue(name);
      const n = Number(raw.trim());
      if (n < range[0] || n > range[1]) throw invalidValue(name);
      out[name] = String(n);
    } else if (ENUM_ATTRIBUTES[name]) {
      if (!ENUM_ATTRIBUTES[name].includes(raw)) throw invalidValue(name);
      out[name] = raw;
    } else if (name === 'Policy' && raw !== '') {
      try {
        JSON.parse(raw);
      } catch {
        throw invalidValue(name);
      }
      out[name] = raw;
    } else {
      out[name] = raw;
    }
  }
  return out;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** Parses a RedrivePolicy JSON string; `maxReceiveCount` may be a number or a numeric string (§5.2). */
export function parseRedrivePolicy(raw: string): RedrivePolicy {
  const invalid = (reason: string) => sqsErrors.invalidParameterValue(`Value ${raw} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('Redrive policy is not a valid JSON map.');
  const policy = parsed as Record<string, unknown>;
  if (policy.deadLetterTargetArn === undefined) throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  if (policy.maxReceiveCount === undefined) throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  if (typeof policy.deadLetterTargetArn !== 'string') throw invalid('Invalid value for deadLetterTargetArn.');
  const count = policy.maxReceiveCount;
  const n = typeof count === 'number' ? count : typeof count === 'string' && /^-?\d+$/.test(count.trim()) ? Number(count) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw invalid(`Invalid value for maxReceiveCount: ${String(count)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: n };
}

export interface RedriveAllowPolicy {
  redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  sourceQueueArns?: string[];
}

/** Parses a RedriveAllowPolicy: `byQueue` needs 1–10 source ARNs (§5.2). */
export function parseRedriveAllowPolicy(raw: string): RedriveAllowPolicy {
  const invalid = (reason: string) => sqsErrors.invalidParameterValue(`Value ${raw} for parameter RedriveAllowPolicy is invalid. Reason: ${reason}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('Redrive allow policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('Redrive allow policy is not a valid JSON map.');
  const policy = parsed as Record<string, unknown>;
  const permission = policy.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw invalid('Invalid value for redrivePermission. Valid values are allowAll, denyAll and byQueue.');
  }
  const arns = policy.sourceQueueArns;
  if (permission === 'byQueue') {
    if (!Array.isArray(arns) || arns.length === 0 || !arns.every((a) => typeof a === 'string')) {
      throw invalid('sourceQueueArns must be specified when redrivePermission is byQueue.');
    }
    if (arns.length > 10) throw invalid('Only up to 10 sourceQueueArns can be specified.');
    return { redrivePermission: permission, sourceQueueArns: arns as string[] };
  }
  if (arns !== undefined) throw invalid(`sourceQueueArns can only be specified when redrivePermission is byQueue.`);
  return { redrivePermission: permission };
}

/** Whether `allow` lets the queue `sourceArn` use its queue as a dead-letter queue. */
export function redriveAllowed(allow: RedriveAllowPolicy | undefined, sourceArn: string): boolean {
  if (!allow || allow.redrivePermission === 'allowAll') return true;
  if (allow.redrivePermission === 'denyAll') return false;
  return (allow.sourceQueueArns ?? []).includes(sourceArn);
}

/** True when every character is one SQS allows in a body or attribute value (§5.3). */
export function hasOnlyAllowedCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0xd7ff) continue;
    if (c === 0x9 || c === 0xa || c === 0xd) continue;
    if (c >= 0xe000 && c <= 0xfffd) continue;
    // A surrogate pair encodes #x10000–#x10FFFF; a lone surrogate is not a character.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Validates message attributes (§5.3: ≤10, name rules, DataType prefixes, non-empty values)
 * and returns their byte count toward MaximumMessageSize (name + type + value).
 */
export function validateMessageAttributes(attributes: unknown): { attributes?: Record<string, MessageAttributeValue>; size: number } {
  if (attributes === undefined || attributes === null) return { size: 0 };
  if (typeof attributes !== 'object' || Array.isArray(attributes)) throw sqsErrors.invalidParameterValue('MessageAttributes must be a map.');
  const entries = Object.entries(attributes as Record<string, unknown>);
  if (entries.length === 0) return { size: 0 };
  if (entries.length > 10) throw sqsErrors.invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  let size = 0;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, raw] of entries) {
    if (name.length === 0) throw sqsErrors.invalidParameterValue('The request must contain non-empty message attribute name.');
    const lower = name.toLowerCase();
    if (
      !ATTRIBUTE_NAME.test(name) ||
      lower.startsWith('aws.') ||
      lower.startsWith('amazon.') ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      name.includes('..')
    ) {
      throw sqsErrors.invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
    }
    const value = (raw ?? {}) as Record<string, unknown>;
    const dataType = value.DataType;
    if (typeof dataType !== 'string' || dataType.length === 0) {
      throw sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    }
    if (!DATA_TYPE.test(dataType) || dataType.length > 256) {
      throw sqsErrors.invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    if (value.StringListValues !== undefined || value.BinaryListValues !== undefined) {
      throw sqsErrors.invalidParameterValue(`Message attribute list values in SendMessage operation are not supported.`);
    }
    const isBinary = dataType.startsWith('Binary');
    const emptyValue = () =>
      sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
    let valueBytes: number;
    let stored: MessageAttributeValue;
    if (isBinary) {
      const binary = value.BinaryValue;
      if (typeof binary !== 'string' || binary.length === 0) throw emptyValue();
      valueBytes = Buffer.from(binary, 'base64').length;
      stored = { DataType: dataType, BinaryValue: binary };
    } else {
      const text = value.StringValue;
      if (typeof text !== 'string' || text.length === 0) throw emptyValue();
      if (dataType.startsWith('Number') && !NUMBER.test(text)) {
        throw sqsErrors.invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
      }
      if (!hasOnlyAllowedCharacters(text)) throw sqsErrors.invalidMessageContents();
      valueBytes = Buffer.byteLength(text, 'utf8');
      stored = { DataType: dataType, StringValue: text };
    }
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(dataType, 'utf8') + valueBytes;
    out[name] = stored;
  }
  return { attributes: out, size };
}

/** Batch entry ids: 1–80 of `[A-Za-z0-9_-]`, distinct within the request (§5.3). */
export function validateBatchEntries<T extends { Id?: unknown }>(entries: unknown, entryShape: string): T[] {
  if (!Array.isArray(entries) || entries.length === 0) throw sqsErrors.emptyBatchRequest(entryShape);
  if (entries.length > 10) throw sqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const entry of entries as T[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries as T[];
}

/** Reads an optional integer request parameter and checks its range, with AWS's wording. */
export function optionalInteger(value: unknown, name: string, min: number, max: number, reason?: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw sqsErrors.invalidParameterValue(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason ?? `Must be between ${min} and ${max}, if provided.`}`,
    );
  }
  return value;
}
