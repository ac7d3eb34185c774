import 'server-only';
import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  paginateListDeadLetterSourceQueues,
  paginateListQueues,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type ListMessageMoveTasksResultEntry,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { AppError } from '@/lib/errors';
import type { MoveTask, MoveTaskStatus, QueueMessage, QueueSummary } from '@/lib/types/queues';
import { getClients } from './clients';
import { collectPages } from './collect';
import { toAppErrorFromAws } from './errors';

/** Every queue URL, following ListQueues' pages (NextToken comes only when MaxResults is set). */
export function listQueueUrls(): Promise<string[]> {
  return collectPages(paginateListQueues({ client: getClients().sqs, pageSize: 1000 }, {}), (page) => page.QueueUrls);
}

/** A count or time attribute as a number; absent, empty or not a number is unknown (undefined), never 0. */
function countOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function parseRedrivePolicy(raw: string | undefined): QueueSummary['redrivePolicy'] {
  if (!raw) return undefined;
  try {
    const policy = JSON.parse(raw) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    if (!policy.deadLetterTargetArn) return undefined;
    // Absent or not a number: unknown, never 0.
    return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: countOf(policy.maxReceiveCount?.toString()) };
  } catch {
    return undefined;
  }
}

/** A queue's name from its URL (the last path segment). */
export function queueNameFromUrl(url: string): string {
  return decodeURIComponent(url.split('/').pop() ?? url);
}

/** The three message counts of GetQueueAttributes, by the name SQS gives them. */
const COUNT_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

function toQueueSummary(url: string, a: Record<string, string>): QueueSummary {
  const name = queueNameFromUrl(url);
  // A count the server left out is unknown, never 0: an SQS stand-in that lacks one would
  // otherwise show an empty queue, and a sampler would record a drain that never happened.
  const missing = COUNT_ATTRIBUTES.filter((attribute) => countOf(a[attribute]) === undefined);
  return {
    name,
    url,
    arn: a.QueueArn ?? '',
    fifo: a.FifoQueue === 'true' || name.endsWith('.fifo'),
    visible: countOf(a.ApproximateNumberOfMessages),
    inFlight: countOf(a.ApproximateNumberOfMessagesNotVisible),
    delayed: countOf(a.ApproximateNumberOfMessagesDelayed),
    countsUnknownReason: missing.length > 0 ? `The SQS endpoint returned no ${missing.join(' or ')} for this queue.` : undefined,
    retentionSeconds: Number(a.MessageRetentionPeriod ?? 345_600),
    visibilityTimeoutSeconds: Number(a.VisibilityTimeout ?? 30),
    // Absent (a server that leaves it out) is unknown, never 1970.
    createdAt: a.CreatedTimestamp ? new Date(Number(a.CreatedTimestamp) * 1000).toISOString() : undefined,
    redrivePolicy: parseRedrivePolicy(a.RedrivePolicy),
  };
}

/** A queue's attributes (`All`), parsed. */
export async function getQueue(url: string): Promise<QueueSummary> {
  try {
    const out = await getClients().sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    return toQueueSummary(url, out.Attributes ?? {});
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

function toMoveTask(entry: ListMessageMoveTasksResultEntry): MoveTask {
  return {
    status: (entry.Status ?? 'RUNNING') as MoveTaskStatus,
    sourceArn: entry.SourceArn ?? '',
    destinationArn: entry.DestinationArn,
    maxPerSecond: entry.MaxNumberOfMessagesPerSecond,
    // Absent is not counted, not none moved.
    moved: entry.ApproximateNumberOfMessagesMoved === undefined ? undefined : Number(entry.ApproximateNumberOfMessagesMoved),
    // Absent until the task is selected to start (SQS API reference): not yet counted, not none.
    toMove: entry.ApproximateNumberOfMessagesToMove === undefined ? undefined : Number(entry.ApproximateNumberOfMessagesToMove),
    failureReason: entry.FailureReason,
    // Absent is unknown, never 1970 (epoch ms, unlike CreatedTimestamp's seconds).
    startedAt: entry.StartedTimestamp === undefined ? undefined : new Date(Number(entry.StartedTimestamp)).toISOString(),
    taskHandle: entry.TaskHandle,
  };
}

/** The most recent message move tasks of a DLQ (at most 10, newest first). */
export async function listMoveTasks(sourceArn: string): Promise<MoveTask[]> {
  try {
    const out = await getClients().sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }));
    return (out.Results ?? []).map(toMoveTask);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** The name of a queue from its ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
export function queueNameFromArn(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

/** The URL of a queue by name; `not_found` when it does not exist. */
export async function getQueueUrl(name: string): Promise<string> {
  try {
    const out = await getClients().sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!out.QueueUrl) throw new AppError('not_found', `Queue ${name} does not exist.`);
    return out.QueueUrl;
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** A queue's attributes (`All`), parsed, with the raw attribute map for a settings table. */
export async function getQueueWithAttributes(url: string): Promise<{ queue: QueueSummary; attributes: Record<string, string> }> {
  try {
    const out = await getClients().sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    const attributes = out.Attributes ?? {};
    return { queue: toQueueSummary(url, attributes), attributes };
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** A message received with a lease: what the page shows plus the handle to release or delete it. */
export interface LeasedMessage extends QueueMessage {
  receiptHandle: string;
  /** The raw attributes, to send an exact copy. */
  raw: { messageAttributes: Record<string, MessageAttributeValue>; groupId?: string };
}

function toQueueMessage(m: Message): LeasedMessage {
  const sys = m.Attributes ?? {};
  const attributes = Object.entries(m.MessageAttributes ?? {})
    .map(([name, a]) => {
      const binary = a.BinaryValue !== undefined;
      return { name, dataType: a.DataType ?? 'String', value: binary ? Buffer.from(a.BinaryValue as Uint8Array).toString('base64') : (a.StringValue ?? ''), binary };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const body = m.Body ?? '';
  return {
    messageId: m.MessageId ?? '',
    body,
    bodyBytes: Buffer.byteLength(body, 'utf8'),
    attributes,
    systemAttributes: { ...sys },
    // Missing is unknown, never 0: a count of 0 or a sent time of 1970 would be false data.
    receiveCount: countOf(sys.ApproximateReceiveCount),
    sentAt: countOf(sys.SentTimestamp),
    sourceQueue: sys.DeadLetterQueueSourceArn ? queueNameFromArn(sys.DeadLetterQueueSourceArn) : undefined,
    unknownReason:
      sys.ApproximateReceiveCount === undefined || sys.SentTimestamp === undefined
        ? `The SQS endpoint returned no ${[sys.SentTimestamp === undefined && 'SentTimestamp', sys.ApproximateReceiveCount === undefined && 'ApproximateReceiveCount'].filter(Boolean).join(' or ')} for this message.`
        : undefined,
    redrivenFrom: m.MessageAttributes?.[REDRIVEN_FROM_ATTRIBUTE]?.StringValue,
    receiptHandle: m.ReceiptHandle ?? '',
    raw: { messageAttributes: m.MessageAttributes ?? {}, groupId: sys.MessageGroupId },
  };
}

/** The attribute "redrive selected" adds to each copy it sends, naming the DLQ it came from. */
export const REDRIVEN_FROM_ATTRIBUTE = 'eddy-redriven-from';

/**
 * One ReceiveMessage of up to 10 messages, hidden for `leaseSeconds`, with every system and
 * message attribute. A short poll: browsing must not wait for messages that are not there.
 */
export async function receiveLeased(url: string, max: number, leaseSeconds: number): Promise<LeasedMessage[]> {
  try {
    const out = await getClients().sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, Math.max(1, max)),
        VisibilityTimeout: leaseSeconds,
        WaitTimeSeconds: 0,
        // Both ways: servers that predate MessageSystemAttributeNames (local-aws-sqs, older
        // LocalStack) answer only the deprecated AttributeNames, and would return no counts.
        MessageSystemAttributeNames: ['All'],
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return (out.Messages ?? []).map(toQueueMessage);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/**
 * Makes leased messages visible again at once (ChangeMessageVisibilityBatch to 0, 10 at a time).
 * Returns how many could not be released (already deleted, or the lease lapsed): those come back
 * by themselves when their lease ends, so none is lost.
 */
export async function releaseMessages(url: string, handles: string[]): Promise<{ failed: number; calls: number }> {
  let failed = 0;
  let calls = 0;
  for (let i = 0; i < handles.length; i += 10) {
    const entries = handles.slice(i, i + 10).map((ReceiptHandle, j) => ({ Id: `r${j}`, ReceiptHandle, VisibilityTimeout: 0 }));
    calls++;
    try {
      const out = await getClients().sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }));
      failed += out.Failed?.length ?? 0;
    } catch {
      // Throttled or down: the lease is short and ends by itself.
      failed += entries.length;
    }
  }
  return { failed, calls };
}

/**
 * Hides leased messages for `leaseSeconds` more, counted from now (ChangeMessageVisibilityBatch,
 * 10 at a time). Returns the handles SQS refused (the message was deleted, or its lease had lapsed
 * and another reader received it): those are no longer Eddy's. A call that fails as a whole throws.
 */
export async function extendLeases(url: string, handles: string[], leaseSeconds: number): Promise<{ refused: string[]; calls: number }> {
  const refused: string[] = [];
  let calls = 0;
  for (let i = 0; i < handles.length; i += 10) {
    const chunk = handles.slice(i, i + 10);
    calls++;
    try {
      const out = await getClients().sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: chunk.map((ReceiptHandle, j) => ({ Id: `e${j}`, ReceiptHandle, VisibilityTimeout: leaseSeconds })) }));
      for (const f of out.Failed ?? []) refused.push(chunk[Number(f.Id?.slice(1))]);
    } catch (error) {
      throw toAppErrorFromAws(error);
    }
  }
  return { refused, calls };
}

/**
 * Sends a copy of a dead letter to `url`: the same body and message attributes, plus
 * `eddy-redriven-from` when there is room (SQS allows 10 attributes). A FIFO destination gets the
 * original group and the original MessageId as deduplication id, so a retried send is not doubled.
 */
export async function sendCopy(url: string, message: LeasedMessage, from: string, fifo: boolean): Promise<string> {
  const attributes = { ...message.raw.messageAttributes };
  if (Object.keys(attributes).length < 10 || REDRIVEN_FROM_ATTRIBUTE in attributes) attributes[REDRIVEN_FROM_ATTRIBUTE] = { DataType: 'String', StringValue: from };
  try {
    const out = await getClients().sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: message.body,
        MessageAttributes: attributes,
        ...(fifo ? { MessageGroupId: message.raw.groupId ?? 'eddy-redrive', MessageDeduplicationId: message.messageId } : {}),
      }),
    );
    return out.MessageId ?? '';
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** Deletes one received message by its current receipt handle. */
export async function deleteMessage(url: string, receiptHandle: string): Promise<void> {
  try {
    await getClients().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle }));
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** The queues whose RedrivePolicy names this DLQ (URLs), all pages. */
export function listDeadLetterSourceUrls(dlqUrl: string): Promise<string[]> {
  return collectPages(paginateListDeadLetterSourceQueues({ client: getClients().sqs, pageSize: 1000 }, { QueueUrl: dlqUrl }), (page) => page.queueUrls);
}

/** Starts a message move task (a DLQ redrive); no destination means each message's own source. */
export async function startMoveTask(input: { sourceArn: string; destinationArn?: string; maxPerSecond?: number }): Promise<string> {
  try {
    const out = await getClients().sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: input.sourceArn, DestinationArn: input.destinationArn, MaxNumberOfMessagesPerSecond: input.maxPerSecond }),
    );
    return out.TaskHandle ?? '';
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** Cancels a running move task; messages already moved stay moved. Returns how many had moved, when SQS says. */
export async function cancelMoveTask(taskHandle: string): Promise<number | undefined> {
  try {
    const out = await getClients().sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle }));
    return out.ApproximateNumberOfMessagesMoved === undefined ? undefined : Number(out.ApproximateNumberOfMessagesMoved);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** Deletes every message of a queue (SQS allows one purge a minute per queue). */
export async function purgeQueue(url: string): Promise<void> {
  try {
    await getClients().sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}
