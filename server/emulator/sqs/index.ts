import { randomUUID } from 'node:crypto';
import { AwsError } from '../core/errors';
import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, MetricSink, RequestContext } from '../core/types';
import { failedEntry, sqsErrors } from './errors';
import { md5OfBody, md5OfMessageAttributes, sha256OfBody, type MessageAttributeValue } from './md5';
import { publishQueueMetrics } from './metrics';
import { MoveTaskManager } from './move-tasks';
import { decodeReceiptHandle, encodeReceiptHandle, Queue, type StoredMessage } from './queue';
import {
  FIFO_ONLY_ATTRIBUTES,
  hasOnlyAllowedCharacters,
  optionalInteger,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  READABLE_ATTRIBUTES,
  redriveAllowed,
  validateBatchEntries,
  validateMessageAttributes,
  validateQueueAttributes,
  validateQueueName,
} from './validation';

type Input = Record<string, unknown>;

/** A queue name can be reused only 60 s after its deletion. */
const DELETE_COOLDOWN_MS = 60_000;
const PURGE_COOLDOWN_MS = 60_000;
const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
const MAX_WAIT_SECONDS = 20;
const METRICS_INTERVAL_MS = 5_000;
/** AWS's in-flight ceiling: beyond it a standard queue answers OverLimit, a FIFO queue returns nothing. */
const MAX_INFLIGHT = 120_000;
const RECEIVE_ATTEMPT_WINDOW_MS = 5 * 60_000;

/** The SQS service object: `JsonService` plus a few accessors tests use to look behind the wire. */
export type SqsService = JsonService & {
  close(): void;
  /** The queue named by a QueueUrl or ARN, for tests. */
  queue(urlOrArn: string): Queue | undefined;
  /** Runs the metric publisher now (it also runs on a timer and on clock advances). */
  publishMetrics(): void;
};

/**
 * Creates the SQS service (AWS JSON 1.0, query-compatible): queues, standard and FIFO messages,
 * long polling, dead-letter queues, message move tasks and the `AWS/SQS` metrics.
 */
export function createSqs(deps: EmulatorDeps, metrics: MetricSink): SqsService {
  const clock = deps.clock;
  /** `<account>/<name>` → queue. */
  const queues = new Map<string, Queue>();
  const byArn = new Map<string, Queue>();
  /** `<account>/<name>` → emulator ms of deletion, for QueueDeletedRecently. */
  const deletedAt = new Map<string, number>();
  let closed = false;
  /** FIFO sequence numbers: 128-bit numeric strings that only increase, across the emulator. */
  let sequence = 10n ** 19n + BigInt(Date.now()) * 1000n;

  const moveTasks = new MoveTaskManager({
    queueByArn: (arn) => byArn.get(arn),
    isDeadLetterQueue: (arn) => [...queues.values()].some((q) => q.redrivePolicy?.deadLetterTargetArn === arn),
    now: () => clock.now(),
    redrive(message, destination, now) {
      // A redriven message starts over in its destination: a fresh receive count, so it is not
      // dead-lettered again on its first receive, and retention counted from the move.
      const copy: StoredMessage = {
        ...message,
        arrivedAt: now,
        retentionBase: now,
        receiveCount: 0,
        firstReceiveAt: undefined,
        deadLetterSourceArn: undefined,
        receiptToken: undefined,
        visibleAt: now,
        state: 'gone',
        epoch: 0,
      };
      if (destination.fifo && copy.groupId === undefined) copy.groupId = 'redrive';
      destination.refresh(now);
      destination.enqueue(copy, now);
      destination.wake();
    },
  });

  const publishMetrics = () => {
    const now = clock.now();
    for (const queue of queues.values()) {
      queue.refresh(now);
      publishQueueMetrics(queue, now, metrics);
    }
  };
  const metricsTimer = setInterval(publishMetrics, METRICS_INTERVAL_MS);
  metricsTimer.unref();
  const offAdvance = clock.onAdvance(() => {
    publishMetrics();
    moveTasks.tick();
    // Delays and visibility timeouts may have ended: let long polls look again.
    for (const queue of queues.values()) if (queue.waiters.size > 0) queue.wake();
  });

  const urlOf = (queue: Queue, ctx: RequestContext) => `${ctx.origin}/${queue.accountId}/${queue.name}`;

  /** Finds a queue by the last two path segments of its URL (account and name), so any host works. */
  function queueOf(input: Input): Queue {
    const url = input.QueueUrl;
    if (typeof url !== 'string' || url.length === 0) throw sqsErrors.missingParameter('QueueUrl');
    const parts = url.split('?')[0].split('/').filter((p) => p.length > 0);
    const queue = parts.length >= 2 ? queues.get(`${parts[parts.length - 2]}/${parts[parts.length - 1]}`) : undefined;
    if (!queue) throw sqsErrors.queueDoesNotExist();
    queue.refresh(clock.now());
    return queue;
  }

  function deadLetterQueueSourcesOf(arn: string): Queue[] {
    return [...queues.values()].filter((q) => q.redrivePolicy?.deadLetterTargetArn === arn);
  }

  /** RedrivePolicy checks that need other queues: the target exists, has the same type and allows this source. */
  function checkRedrive(queue: { arn: string; fifo: boolean }, attributes: Record<string, string>): void {
    if (attributes.RedriveAllowPolicy) parseRedriveAllowPolicy(attributes.RedriveAllowPolicy);
    const raw = attributes.RedrivePolicy;
    if (raw === undefined || raw === '') return;
    const policy = parseRedrivePolicy(raw);
    const invalid = (reason: string) => sqsErrors.invalidParameterValue(`Value ${raw} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
    const target = byArn.get(policy.deadLetterTargetArn);
    if (!target) throw invalid('Dead letter target does not exist.');
    if (target.fifo !== queue.fifo) throw invalid('Dead-letter queue must be same type of queue as the source.');
    if (!redriveAllowed(target.redriveAllowPolicy, queue.arn)) {
      throw invalid(`Queue ${target.arn} does not allow this queue to use it as a dead-letter queue.`);
    }
  }

  function attributesOf(queue: Queue, names: Set<string>): Record<string, string> {
    const all = names.has('All');
    const out: Record<string, string> = {};
    for (const name of READABLE_ATTRIBUTES) {
      if (!all && !names.has(name)) continue;
      if (FIFO_ONLY_ATTRIBUTES.has(name) && !queue.fifo) continue;
      const value = computedAttribute(queue, name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  function computedAttribute(queue: Queue, name: string): string | undefined {
    switch (name) {
      case 'ApproximateNumberOfMessages':
        return String(queue.counts.visible);
      case 'ApproximateNumberOfMessagesNotVisible':
        return String(queue.counts.inflight);
      case 'ApproximateNumberOfMessagesDelayed':
        return String(queue.counts.delayed);
      case 'CreatedTimestamp':
        return String(Math.floor(queue.createdAt / 1000));
      case 'LastModifiedTimestamp':
        return String(Math.floor(queue.lastModifiedAt / 1000));
      case 'QueueArn':
        return queue.arn;
      default:
        return queue.attributes[name];
    }
  }

  // ---- queue management -------------------------------------------------------------------

  function createQueue(input: Input, ctx: RequestContext) {
    const rawName = input.QueueName;
    const rawAttributes = (input.Attributes ?? {}) as Record<string, unknown>;
    const fifoRequested = typeof rawAttributes === 'object' && rawAttributes !== null && rawAttributes.FifoQueue === 'true';
    const name = validateQueueName(rawName, fifoRequested);
    if (!fifoRequested && name.endsWith('.fifo')) {
      throw sqsErrors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    const attributes = validateQueueAttributes(input.Attributes, fifoRequested, true);
    const key = `${ctx.accountId}/${name}`;
    const now = clock.now();
    const existing = queues.get(key);
    if (existing) {
      for (const [attribute, value] of Object.entries(attributes)) {
        const current = computedAttribute(existing, attribute) ?? '';
        // The policies are stored normalised; compare like with like, whatever the caller's spacing.
        const wanted =
          value === ''
            ? value
            : attribute === 'RedrivePolicy'
              ? JSON.stringify(parseRedrivePolicy(value))
              : attribute === 'RedriveAllowPolicy'
                ? JSON.stringify(parseRedriveAllowPolicy(value))
                : value;
        if (attribute === 'FifoQueue' || current === wanted) continue;
        throw sqsErrors.queueNameExists(`A queue already exists with the same name and a different value for attribute ${attribute}`);
      }
      return { QueueUrl: urlOf(existing, ctx) };
    }
    const deleted = deletedAt.get(key);
    if (deleted !== undefined && now - deleted < DELETE_COOLDOWN_MS) throw sqsErrors.queueDeletedRecently();
    const queue = new Queue(name, ctx.accountId, ctx.region, now);
    checkRedrive(queue, attributes);
    queue.applyAttributes(attributes, now);
    queue.tags = tagsOf(input.tags, {});
    queues.set(key, queue);
    byArn.set(queue.arn, queue);
    return { QueueUrl: urlOf(queue, ctx) };
  }

  function tagsOf(raw: unknown, current: Record<string, string>): Record<string, string> {
    if (raw === undefined || raw === null) return current;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw sqsErrors.invalidParameterValue('Tags must be a map of strings.');
    const next = { ...current };
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v !== 'string' || k.length === 0 || k.length > 128 || v.length > 256) {
        throw sqsErrors.invalidParameterValue(`Tag ${k} is invalid.`);
      }
      next[k] = v;
    }
    if (Object.keys(next).length > 50) throw sqsErrors.invalidParameterValue('Too many tags added for queue. A queue can have at most 50 tags.');
    return next;
  }

  function getQueueUrl(input: Input, ctx: RequestContext) {
    if (typeof input.QueueName !== 'string' || input.QueueName.length === 0) throw sqsErrors.missingParameter('QueueName');
    const account = typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : ctx.accountId;
    const queue = queues.get(`${account}/${input.QueueName}`);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return { QueueUrl: urlOf(queue, ctx) };
  }

  /** Pages by name; the token is the last name returned, base64. */
  function page(names: string[], maxResults: unknown, nextToken: unknown): { names: string[]; next?: string } {
    const max = optionalInteger(maxResults, 'MaxResults', 1, 1000);
    let start = 0;
    if (nextToken !== undefined) {
      if (typeof nextToken !== 'string') throw sqsErrors.invalidParameterValue('Invalid NextToken value.');
      const after = Buffer.from(nextToken, 'base64').toString('utf8');
      start = names.findIndex((n) => n > after);
      if (start < 0) start = names.length;
    }
    const limit = max ?? 1000;
    const slice = names.slice(start, start + limit);
    // AWS returns NextToken only when the caller asked for pages with MaxResults (§5.1).
    const more = start + limit < names.length;
    return { names: slice, next: max !== undefined && more ? Buffer.from(slice[slice.length - 1], 'utf8').toString('base64') : undefined };
  }

  function listQueues(input: Input, ctx: RequestContext) {
    const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
    const names = [...queues.values()]
      .filter((q) => q.accountId === ctx.accountId && q.name.startsWith(prefix))
      .map((q) => q.name)
      .sort();
    const { names: pageNames, next } = page(names, input.MaxResults, input.NextToken);
    const out: Record<string, unknown> = {};
    if (pageNames.length > 0) out.QueueUrls = pageNames.map((n) => urlOf(queues.get(`${ctx.accountId}/${n}`)!, ctx));
    if (next) out.NextToken = next;
    return out;
  }

  function deleteQueue(input: Input) {
    const queue = queueOf(input);
    queues.delete(queue.key);
    byArn.delete(queue.arn);
    deletedAt.set(queue.key, clock.now());
    queue.deleted = true;
    queue.purge();
    moveTasks.forget(queue.arn);
    queue.wake();
    return {};
  }

  function getQueueAttributes(input: Input) {
    const queue = queueOf(input);
    const requested = input.AttributeNames;
    if (requested === undefined) return {};
    if (!Array.isArray(requested)) throw sqsErrors.invalidParameterValue('AttributeNames must be a list.');
    for (const name of requested) {
      if (name !== 'All' && !READABLE_ATTRIBUTES.includes(name as string)) throw sqsErrors.invalidAttributeName(String(name));
    }
    const attributes = attributesOf(queue, new Set(requested as string[]));
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  }

  function setQueueAttributes(input: Input) {
    const queue = queueOf(input);
    if (input.Attributes === undefined) throw sqsErrors.missingParameter('Attributes');
    const attributes = validateQueueAttributes(input.Attributes, queue.fifo, false);
    checkRedrive(queue, attributes);
    queue.applyAttributes(attributes, clock.now());
    return {};
  }

  function tagQueue(input: Input) {
    const queue = queueOf(input);
    if (input.Tags === undefined) throw sqsErrors.missingParameter('Tags');
    queue.tags = tagsOf(input.Tags, queue.tags);
    return {};
  }

  function untagQueue(input: Input) {
    const queue = queueOf(input);
    if (!Array.isArray(input.TagKeys)) throw sqsErrors.missingParameter('TagKeys');
    for (const key of input.TagKeys) delete queue.tags[String(key)];
    return {};
  }

  function listQueueTags(input: Input) {
    const queue = queueOf(input);
    return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
  }

  function listDeadLetterSourceQueues(input: Input, ctx: RequestContext) {
    const queue = queueOf(input);
    const sources = deadLetterQueueSourcesOf(queue.arn).filter((q) => q.accountId === queue.accountId);
    const names = sources.map((q) => q.name).sort();
    const { names: pageNames, next } = page(names, input.MaxResults, input.NextToken);
    // The model names this member in lower case (§0 pitfall 8).
    const out: Record<string, unknown> = { queueUrls: pageNames.map((n) => urlOf(queues.get(`${queue.accountId}/${n}`)!, ctx)) };
    if (next) out.NextToken = next;
    return out;
  }

  // ---- sending ----------------------------------------------------------------------------

  interface SendEntry {
    Id?: string;
    MessageBody?: unknown;
    DelaySeconds?: unknown;
    MessageAttributes?: unknown;
    MessageSystemAttributes?: unknown;
    MessageDeduplicationId?: unknown;
    MessageGroupId?: unknown;
  }

  function validateSystemAttributes(raw: unknown): Record<string, MessageAttributeValue> | undefined {
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

  /** Validates one message and enqueues it; returns the SendMessage result fields. */
  function sendOne(queue: Queue, entry: SendEntry, ctx: RequestContext, now: number): Record<string, unknown> {
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
    const md5OfAttributes = md5OfMessageAttributes(attributes);
    const md5OfSystemAttributes = md5OfMessageAttributes(systemAttributes);
    const result = (id: string, sequenceNumber: string | undefined) => {
      const out: Record<string, unknown> = { MessageId: id, MD5OfMessageBody: md5OfBody(body) };
      if (md5OfAttributes) out.MD5OfMessageAttributes = md5OfAttributes;
      if (md5OfSystemAttributes) out.MD5OfMessageSystemAttributes = md5OfSystemAttributes;
      if (sequenceNumber) out.SequenceNumber = sequenceNumber;
      return out;
    };

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
      if (seen) return result(seen.messageId, seen.sequenceNumber);
      sequence += 1n;
      sequenceNumber = sequence.toString();
      queue.dedup.set(dedupKey, { at: now, messageId: id, sequenceNumber });
    }
    const message: StoredMessage = {
      id,
      body,
      md5OfBody: md5OfBody(body),
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
    return result(id, sequenceNumber);
  }

  function sendMessage(input: Input, ctx: RequestContext) {
    const queue = queueOf(input);
    return sendOne(queue, input as SendEntry, ctx, clock.now());
  }

  /** Bytes an entry counts toward the 1 MiB batch limit, whether or not it is otherwise valid. */
  function roughSize(entry: SendEntry): number {
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

  function sendMessageBatch(input: Input, ctx: RequestContext) {
    const queue = queueOf(input);
    const entries = validateBatchEntries<SendEntry & { Id: string }>(input.Entries, 'SendMessageBatchRequestEntry');
    const total = entries.reduce((sum, e) => sum + roughSize(e), 0);
    const limit = 1_048_576;
    if (total > limit) throw sqsErrors.batchRequestTooLong(limit, total);
    const now = clock.now();
    const Successful: Record<string, unknown>[] = [];
    const Failed: ReturnType<typeof failedEntry>[] = [];
    for (const entry of entries) {
      try {
        Successful.push({ Id: entry.Id, ...sendOne(queue, entry, ctx, now) });
      } catch (error) {
        Failed.push(failedEntry(entry.Id, error as AwsError));
      }
    }
    return { Successful, Failed };
  }

  // ---- receiving --------------------------------------------------------------------------

  /** Moves a message that used up its receives to the DLQ (§5.8); false when the DLQ is gone. */
  function deadLetter(source: Queue, message: StoredMessage, now: number): boolean {
    const dlq = source.redrivePolicy ? byArn.get(source.redrivePolicy.deadLetterTargetArn) : undefined;
    if (!dlq) return false;
    const copy: StoredMessage = {
      ...message,
      arrivedAt: now,
      // A standard DLQ keeps the original enqueue time for retention; a FIFO DLQ resets it.
      retentionBase: dlq.fifo ? now : message.retentionBase,
      deadLetterSourceArn: source.arn,
      receiptToken: undefined,
      visibleAt: now,
      state: 'gone',
      epoch: 0,
    };
    if (dlq.fifo && copy.groupId === undefined) copy.groupId = 'dead-letter';
    source.remove(message);
    dlq.refresh(now);
    dlq.enqueue(copy, now);
    if (dlq.waiters.size > 0) dlq.wake();
    return true;
  }

  function wireMessage(message: StoredMessage, system: Set<string>, attributeFilter: ((name: string) => boolean) | undefined) {
    const out: Record<string, unknown> = {
      MessageId: message.id,
      ReceiptHandle: encodeReceiptHandle(message.id, message.receiptToken!),
      MD5OfBody: message.md5OfBody,
      Body: message.body,
    };
    const all = system.has('All');
    const attrs: Record<string, string> = {};
    const want = (name: string) => all || system.has(name);
    if (want('SenderId')) attrs.SenderId = message.senderId;
    if (want('SentTimestamp')) attrs.SentTimestamp = String(message.sentAt);
    if (want('ApproximateReceiveCount')) attrs.ApproximateReceiveCount = String(message.receiveCount);
    if (want('ApproximateFirstReceiveTimestamp')) attrs.ApproximateFirstReceiveTimestamp = String(message.firstReceiveAt ?? message.sentAt);
    if (want('SequenceNumber') && message.sequenceNumber) attrs.SequenceNumber = message.sequenceNumber;
    if (want('MessageDeduplicationId') && message.deduplicationId) attrs.MessageDeduplicationId = message.deduplicationId;
    if (want('MessageGroupId') && message.groupId !== undefined) attrs.MessageGroupId = message.groupId;
    if (want('AWSTraceHeader') && message.systemAttributes?.AWSTraceHeader) attrs.AWSTraceHeader = message.systemAttributes.AWSTraceHeader.StringValue!;
    if (want('DeadLetterQueueSourceArn') && message.deadLetterSourceArn) attrs.DeadLetterQueueSourceArn = message.deadLetterSourceArn;
    if (Object.keys(attrs).length > 0) out.Attributes = attrs;
    if (attributeFilter && message.attributes) {
      const selected: Record<string, MessageAttributeValue> = {};
      for (const [name, value] of Object.entries(message.attributes)) if (attributeFilter(name)) selected[name] = value;
      // The MD5 covers what is returned, not what was sent (moto and LocalStack agree, §5.4).
      const md5 = md5OfMessageAttributes(selected);
      if (md5) {
        out.MD5OfMessageAttributes = md5;
        out.MessageAttributes = selected;
      }
    }
    return out;
  }

  /** `All`, `.*`, `prefix.*` and exact names, as ReceiveMessage's MessageAttributeNames allows. */
  function attributeFilterOf(names: unknown): ((name: string) => boolean) | undefined {
    if (!Array.isArray(names) || names.length === 0) return undefined;
    const exact = new Set<string>();
    const prefixes: string[] = [];
    for (const raw of names) {
      const name = String(raw);
      if (name === 'All' || name === '.*') return () => true;
      if (name.endsWith('.*')) prefixes.push(name.slice(0, -1));
      else exact.add(name);
    }
    return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
  }

  function waitForMessage(queue: Queue, deadline: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let ms = deadline - Date.now();
      const next = queue.nextTimerAt();
      // Wake when the next delay or visibility timeout ends (emulator time mapped to real time).
      if (next !== undefined) ms = Math.min(ms, Math.max(5, next - clock.now()));
      const done = () => {
        clearTimeout(timer);
        queue.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      queue.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async function receiveMessage(input: Input, ctx: RequestContext) {
    const queue = queueOf(input);
    const max =
      optionalInteger(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
    const visibility = optionalInteger(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200) ?? queue.attribute('VisibilityTimeout');
    const wait =
      optionalInteger(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, MAX_WAIT_SECONDS, 'Must be >= 0 and <= 20, if provided.') ??
      queue.attribute('ReceiveMessageWaitTimeSeconds');
    const system = new Set<string>();
    for (const list of [input.MessageSystemAttributeNames, input.AttributeNames]) {
      if (Array.isArray(list)) for (const name of list) system.add(String(name));
    }
    const filter = attributeFilterOf(input.MessageAttributeNames);
    const attemptId = queue.fifo && typeof input.ReceiveRequestAttemptId === 'string' ? input.ReceiveRequestAttemptId : undefined;
    if (attemptId !== undefined) {
      // A retried FIFO receive with the same attempt id gets the same messages and handles back,
      // as long as none of them was deleted or became visible in between.
      const now = clock.now();
      for (const [id, attempt] of queue.receiveAttempts) {
        if (attempt.at + RECEIVE_ATTEMPT_WINDOW_MS > now) break;
        queue.receiveAttempts.delete(id);
      }
      const previous = queue.receiveAttempts.get(attemptId);
      if (previous && previous.messages.every((m, i) => m.state === 'inflight' && m.receiptToken === previous.tokens[i])) {
        return { Messages: previous.messages.map((m) => wireMessage(m, system, filter)) };
      }
    }
    // Long polls wait in real time (a test's clock jump must not end them), messages age on the emulator clock.
    const deadline = Date.now() + wait * 1000;
    for (;;) {
      // The caller hung up: take nothing, or those messages would hide for a visibility timeout.
      if (ctx.signal?.aborted) return {};
      const now = clock.now();
      queue.refresh(now);
      const room = MAX_INFLIGHT - queue.counts.inflight;
      if (room <= 0 && !queue.fifo) {
        throw new AwsError('OverLimit', `Too many messages in flight: the limit of ${MAX_INFLIGHT} in-flight messages has been reached.`, {
          status: 403,
          queryCode: 'OverLimit',
        });
      }
      const messages =
        queue.deleted || room <= 0 ? [] : queue.receive(Math.min(max, room), visibility * 1000, now, (m) => deadLetter(queue, m, now));
      if (attemptId !== undefined && messages.length > 0) {
        queue.receiveAttempts.delete(attemptId);
        queue.receiveAttempts.set(attemptId, { at: now, messages, tokens: messages.map((m) => m.receiptToken!) });
      }
      if (messages.length > 0 || closed || queue.deleted || Date.now() >= deadline) {
        const minute = queue.minute(now);
        if (messages.length === 0) {
          minute.emptyReceives++;
          return {};
        }
        minute.received += messages.length;
        return { Messages: messages.map((m) => wireMessage(m, system, filter)) };
      }
      await waitForMessage(queue, deadline, ctx.signal);
    }
  }

  // ---- deleting and visibility ------------------------------------------------------------

  function deleteOne(queue: Queue, handle: unknown): void {
    const decoded = decodeReceiptHandle(handle);
    if (!decoded) throw sqsErrors.receiptHandleIsInvalid(String(handle));
    const message = queue.byId.get(decoded.messageId);
    // An older handle "succeeds but might not delete" (DeleteMessage docs): only the latest deletes.
    if (!message || message.receiptToken !== decoded.token) return;
    queue.remove(message);
    queue.minute(clock.now()).deleted++;
  }

  function deleteMessage(input: Input) {
    const queue = queueOf(input);
    if (input.ReceiptHandle === undefined) throw sqsErrors.missingParameter('ReceiptHandle');
    deleteOne(queue, input.ReceiptHandle);
    return {};
  }

  function deleteMessageBatch(input: Input) {
    const queue = queueOf(input);
    const entries = validateBatchEntries<{ Id: string; ReceiptHandle?: unknown }>(input.Entries, 'DeleteMessageBatchRequestEntry');
    const Successful: { Id: string }[] = [];
    const Failed: ReturnType<typeof failedEntry>[] = [];
    for (const entry of entries) {
      try {
        deleteOne(queue, entry.ReceiptHandle);
        Successful.push({ Id: entry.Id });
      } catch (error) {
        Failed.push(failedEntry(entry.Id, error as AwsError));
      }
    }
    return { Successful, Failed };
  }

  function changeOne(queue: Queue, handle: unknown, timeout: unknown): void {
    const decoded = decodeReceiptHandle(handle);
    if (!decoded) throw sqsErrors.receiptHandleIsInvalid(String(handle));
    if (timeout === undefined) throw sqsErrors.missingParameter('VisibilityTimeout');
    const seconds = optionalInteger(timeout, 'VisibilityTimeout', 0, 43_200)!;
    const message = queue.byId.get(decoded.messageId);
    if (!message || message.state !== 'inflight' || message.receiptToken !== decoded.token) throw sqsErrors.messageNotInflight();
    const now = clock.now();
    queue.changeVisibility(message, seconds * 1000, now);
    if (seconds === 0 && queue.refresh(now)) queue.wake();
  }

  function changeMessageVisibility(input: Input) {
    const queue = queueOf(input);
    changeOne(queue, input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  }

  function changeMessageVisibilityBatch(input: Input) {
    const queue = queueOf(input);
    const entries = validateBatchEntries<{ Id: string; ReceiptHandle?: unknown; VisibilityTimeout?: unknown }>(
      input.Entries,
      'ChangeMessageVisibilityBatchRequestEntry',
    );
    const Successful: { Id: string }[] = [];
    const Failed: ReturnType<typeof failedEntry>[] = [];
    for (const entry of entries) {
      try {
        changeOne(queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0);
        Successful.push({ Id: entry.Id });
      } catch (error) {
        Failed.push(failedEntry(entry.Id, error as AwsError));
      }
    }
    return { Successful, Failed };
  }

  function purgeQueue(input: Input) {
    const queue = queueOf(input);
    const now = clock.now();
    if (queue.lastPurgeAt !== undefined && now - queue.lastPurgeAt < PURGE_COOLDOWN_MS) throw sqsErrors.purgeQueueInProgress(queue.name);
    queue.lastPurgeAt = now;
    queue.purge();
    return {};
  }

  const operations: Record<string, (input: Input, ctx: RequestContext) => unknown> = {
    CreateQueue: createQueue,
    GetQueueUrl: getQueueUrl,
    ListQueues: listQueues,
    DeleteQueue: deleteQueue,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
    TagQueue: tagQueue,
    UntagQueue: untagQueue,
    ListQueueTags: listQueueTags,
    ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
    SendMessage: sendMessage,
    SendMessageBatch: sendMessageBatch,
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
    ChangeMessageVisibility: changeMessageVisibility,
    ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
    PurgeQueue: purgeQueue,
    StartMessageMoveTask: (input) => moveTasks.start(input),
    ListMessageMoveTasks: (input) => moveTasks.list(input),
    CancelMessageMoveTask: (input) => moveTasks.cancel(input),
  };

  return {
    targetPrefix: 'AmazonSQS',
    errorNamespace: 'com.amazonaws.sqs',
    queryCompatible: true,
    handle(operation, input, ctx) {
      const run = operations[operation];
      if (!run) throw unknownOperation(`AmazonSQS.${operation}`);
      return run(input, ctx);
    },
    queue(urlOrArn) {
      if (urlOrArn.startsWith('arn:')) return byArn.get(urlOrArn);
      const parts = urlOrArn.split('/').filter(Boolean);
      return queues.get(`${parts[parts.length - 2]}/${parts[parts.length - 1]}`);
    },
    publishMetrics,
    close() {
      closed = true;
      clearInterval(metricsTimer);
      offAdvance();
      moveTasks.close();
      for (const queue of queues.values()) queue.wake();
    },
  };
}
