import 'server-only';
import { AppError } from '@/lib/errors';
import { itsMaxReceiveCount } from '@/lib/queues/settings';
import type { Trace } from '@/lib/types/traces';
import { getSubscriptionDirectory } from '../../redrive/subscriptions';
import { listQueueRows } from '../queues';

/** Messages read from each other DLQ or failure queue for "similar failures" and item search. */
export const OTHER_QUEUE_SCAN = 200;

export interface TraceQueue {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  role: Trace['queue']['role'];
  maxReceiveCount?: number;
  sourceNames: string[];
}

/**
 * Every queue with its role for traces: DLQ (of a queue, or of an SNS subscription), Lambda failure
 * destination, source (has a DLQ) or plain. Subscriptions unread leave subscription DLQs plain.
 */
export async function listTraceQueues(): Promise<TraceQueue[]> {
  const [{ queues }, subscriptionDlqs] = await Promise.all([
    listQueueRows(),
    getSubscriptionDirectory()
      .list()
      .then((subs) => new Set(subs.flatMap((s) => (s.deadLetterTargetArn ? [s.deadLetterTargetArn] : []))))
      .catch(() => new Set<string>()),
  ]);
  return queues.map((q) => ({
    name: q.name,
    url: q.url,
    arn: q.arn,
    fifo: q.fifo,
    role: q.role === 'dlq' || (q.role === 'plain' && subscriptionDlqs.has(q.arn)) ? 'dlq' : q.failureDestinationOf.length > 0 ? 'failure_destination' : q.role,
    maxReceiveCount: q.redrivePolicy?.maxReceiveCount,
    sourceNames: q.sourceNames,
  }));
}

/** Reading a queue with its own redrive policy would count toward its maxReceiveCount: refused, as browsing is. */
export function assertTraceable(queue: TraceQueue): void {
  if (queue.role === 'source') {
    throw new AppError(
      'conflict',
      `${queue.name} has a redrive policy: reading a message counts toward ${itsMaxReceiveCount(queue.maxReceiveCount)}, so a trace could push it into the dead-letter queue. Traces start from dead-letter and failure queues.`,
      'has_redrive_policy',
    );
  }
}

/** The queues a trace or a search looks through: DLQs and Lambda failure destinations. */
export function deadLetterQueues(queues: TraceQueue[]): TraceQueue[] {
  return queues.filter((q) => q.role === 'dlq' || q.role === 'failure_destination');
}

/** A message body on one line, cut to `max` characters. */
export function preview(body: string, max = 140): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
