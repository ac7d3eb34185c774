import 'server-only';
import { GetQueueAttributesCommand, ListMessageMoveTasksCommand, ListQueuesCommand, type ListMessageMoveTasksResultEntry } from '@aws-sdk/client-sqs';
import type { MoveTask, MoveTaskStatus, QueueSummary } from '@/lib/types/queues';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** Every queue URL, following ListQueues' pages (NextToken comes only when MaxResults is set). */
export async function listQueueUrls(): Promise<string[]> {
  const urls: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await getClients().sqs.send(new ListQueuesCommand({ MaxResults: 1000, NextToken: token }));
      urls.push(...(page.QueueUrls ?? []));
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  return urls;
}

function parseRedrivePolicy(raw: string | undefined): QueueSummary['redrivePolicy'] {
  if (!raw) return undefined;
  try {
    const policy = JSON.parse(raw) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    if (!policy.deadLetterTargetArn) return undefined;
    return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: Number(policy.maxReceiveCount ?? 0) };
  } catch {
    return undefined;
  }
}

function toQueueSummary(url: string, a: Record<string, string>): QueueSummary {
  const name = decodeURIComponent(url.split('/').pop() ?? url);
  return {
    name,
    url,
    arn: a.QueueArn ?? '',
    fifo: a.FifoQueue === 'true' || name.endsWith('.fifo'),
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
    retentionSeconds: Number(a.MessageRetentionPeriod ?? 345_600),
    visibilityTimeoutSeconds: Number(a.VisibilityTimeout ?? 30),
    createdAt: new Date(Number(a.CreatedTimestamp ?? 0) * 1000).toISOString(),
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
    moved: Number(entry.ApproximateNumberOfMessagesMoved ?? 0),
    toMove: Number(entry.ApproximateNumberOfMessagesToMove ?? 0),
    failureReason: entry.FailureReason,
    startedAt: new Date(Number(entry.StartedTimestamp ?? 0)).toISOString(),
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
