import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../core/types';
import { runBatch, sqsErrors } from './errors';
import { md5OfBody, md5OfMessageAttributes, sha256OfBody, type MessageAttributeValue } from './md5';
import { Queue, type StoredMessage } from './queue';
import { hasOnlyAllowedCharacters, optionalInteger, validateBatchEntries, validateMessageAttributes } from './validation';
import { queueOf, type Input, type SqsOperation, type SqsState } from './state';

/** SendMessage and SendMessageBatch: validation, FIFO deduplication and sequence numbers, enqueueing. */

const DEDUPLICATION_WINDOW_MS = 5 * 60_000;

export interface SendEntry {
  Id?: string;
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageAttributes?: unknown;
  MessageSystemAttributes?: unknown;
  MessageDeduplicationId?: unknown;
  MessageGroupId?: unknown;
}

export function validateSystemAttributes(raw: unknown): Record<string, MessageAttributeValue> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw sqsErrors.invalidParameterValue('MessageSystemAttributes must be a map.');
  const entries = Object.entries(raw as Record<string, Record<string, unknown>>);
  if (entries.length === 0) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    if (name !== 'AWSTraceHeader') throw sqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    if (value?.DataType !== 'String' || typeof value.StringValue !== 'string' || value.StringValue.length === 0) {
      throw sqsErrors.invalidParameterValue(`The message system attribute '${name}' must contain a non-empty String value.`);
    }
    out[name] = { DataType: 'String', StringValue: value.StringValue };
  }
  return out;
}

/** The SendMessage result fields (also one SendMessageBatch entry's). */
function sendResult(
  id: string,
  bodyMd5: string,
  md5OfAttributes: string | undefined,
  md5OfSystemAttributes: string | undefined,
  sequenceNumber: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { MessageId: id, MD5OfMessageBody: bodyMd5 };
  if (md5OfAttributes) out.MD5OfMessageAttributes = md5OfAttributes;
  if (md5OfSystemAttributes) out.MD5OfMessageSystemAttributes = md5OfSystemAttributes;
  if (sequenceNumber) out.SequenceNumber = sequenceNumber;
  return out;
}

/** Validates one message and enqueues it; returns the SendMessage result fields. */
export function sendOne(state: SqsState, queue: Queue, entry: SendEntry, ctx: RequestContext, now: number): Record<string, unknown> {
  const body = entry.MessageBody;
  if (typeof body !== 'string' || body.length === 0) throw sqsErrors.missingParameter('MessageBody');
  if (!hasOnlyAllowedCharacters(body)) throw sqsErrors.invalidMessageContents();
  const { attributes, size: attributeBytes } = validateMessageAttributes(entry.MessageAttributes);
  const systemAttributes = validateSystemAttributes(entry.MessageSystemAttributes);
  const size = Buffer.byteLength(body, 'utf8') + attributeBytes;
  const maxSize = queue.attribute('MaximumMessageSize');
  if (size > maxSize) {
    throw sqsErrors.invalidParameterValue(`One or more parameters cannot be validated. Reason: Message must be shorter than ${maxSize} bytes.`);
  }
  let delaySeconds = queue.attribute('DelaySeconds');
  if (entry.DelaySeconds !== undefined && entry.DelaySeconds !== null) {
    if (queue.fifo) {
      throw sqsErrors.invalidParameterValue(
        `Value ${String(entry.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
      );
    }
    delaySeconds = optionalInteger(entry.DelaySeconds, 'DelaySeconds', 0, 900, 'DelaySeconds must be >= 0 and <= 900.')!;
  }
  const groupId = entry.MessageGroupId;
  if (groupId !== undefined && (typeof groupId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(groupId))) {
    throw sqsErrors.invalidParameterValue(`Value ${String(groupId)} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
  let deduplicationId: string | undefined;
  if (queue.fifo) {
    if (groupId === undefined) throw sqsErrors.missingParameter('MessageGroupId');
    const explicit = entry.MessageDeduplicationId;
    if (explicit !== undefined) {
      if (typeof explicit !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(explicit)) {
        throw sqsErrors.invalidParameterValue(`Value ${String(explicit)} for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
      }
      deduplicationId = explicit;
    } else if (queue.attributes.ContentBasedDeduplication === 'true') {
      deduplicationId = sha256OfBody(body);
    } else {
      throw sqsErrors.invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
  } else if (entry.MessageDeduplicationId !== undefined) {
    throw sqsErrors.invalidParameterValue(
      `Value ${String(entry.MessageDeduplicationId)} for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.`,
    );
  }
  // Each digest once: the stored message and the answer share them.
  const bodyMd5 = md5OfBody(body);
  const md5OfAttributes = md5OfMessageAttributes(attributes);
  const md5OfSystemAttributes = md5OfMessageAttributes(systemAttributes);

  let sequenceNumber: string | undefined;
  const id = randomUUID();
  if (queue.fifo) {
    for (const [key, seen] of queue.dedup) {
      if (seen.at + DEDUPLICATION_WINDOW_MS > now) break;
      queue.dedup.delete(key);
    }
    const dedupKey = queue.attributes.DeduplicationScope === 'messageGroup' ? `${groupId as string}\u0000${deduplicationId}` : deduplicationId!;
    const seen = queue.dedup.get(dedupKey);
    // A duplicate within 5 minutes is accepted but not delivered again (§5.7).
    if (seen) return sendResult(seen.messageId, bodyMd5, md5OfAttributes, md5OfSystemAttributes, seen.sequenceNumber);
    state.sequence += 1n;
    sequenceNumber = state.sequence.toString();
    queue.dedup.set(dedupKey, { at: now, messageId: id, sequenceNumber });
  }
  const message: StoredMessage = {
    id,
    body,
    md5OfBody: bodyMd5,
    attributes,
    md5OfAttributes,
    systemAttributes,
    md5OfSystemAttributes,
    size,
    senderId: ctx.accountId,
    sentAt: now,
    arrivedAt: now,
    retentionBase: now,
    receiveCount: 0,
    groupId: groupId as string | undefined,
    deduplicationId,
    sequenceNumber,
    state: 'gone',
    visibleAt: now + delaySeconds * 1000,
    epoch: 0,
  };
  queue.enqueue(message, now);
  queue.minute(now).sent++;
  if (message.state === 'visible' && queue.waiters.size > 0) queue.wake();
  return sendResult(id, bodyMd5, md5OfAttributes, md5OfSystemAttributes, sequenceNumber);
}

export function sendMessage(state: SqsState, input: Input, ctx: RequestContext) {
  const queue = queueOf(state, input);
  return sendOne(state, queue, input as SendEntry, ctx, state.clock.now());
}

/** Bytes an entry counts toward the 1 MiB batch limit, whether or not it is otherwise valid. */
export function roughSize(entry: SendEntry): number {
  let size = typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody, 'utf8') : 0;
  if (entry.MessageAttributes && typeof entry.MessageAttributes === 'object') {
    for (const [name, value] of Object.entries(entry.MessageAttributes as Record<string, MessageAttributeValue>)) {
      size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(String(value?.DataType ?? ''), 'utf8');
      if (typeof value?.StringValue === 'string') size += Buffer.byteLength(value.StringValue, 'utf8');
      else if (typeof value?.BinaryValue === 'string') size += Buffer.from(value.BinaryValue, 'base64').length;
    }
  }
  return size;
}

export function sendMessageBatch(state: SqsState, input: Input, ctx: RequestContext) {
  const queue = queueOf(state, input);
  const entries = validateBatchEntries<SendEntry & { Id: string }>(input.Entries, 'SendMessageBatchRequestEntry');
  const total = entries.reduce((sum, e) => sum + roughSize(e), 0);
  const limit = 1_048_576;
  if (total > limit) throw sqsErrors.batchRequestTooLong(limit, total);
  const now = state.clock.now();
  return runBatch(entries, (entry) => sendOne(state, queue, entry, ctx, now));
}

/** The operations of this group, by SQS action name. */
export const sendOperations: Record<string, SqsOperation> = {
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
};
