import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import { errorSignature } from '@/lib/traces/signature';
import type { QueueMessage } from '@/lib/types/queues';
import type { ErrorSignature, SimilarFailure, Trace } from '@/lib/types/traces';
import type { QueueRead } from './publishes';
import { deadLetterQueues, OTHER_QUEUE_SCAN, preview, type TraceQueue } from './queues';
import { browseForTrace } from './sources';

const MAX_SIMILAR_LISTED = 50;

/** Every other DLQ and failure queue, read with the short lease: what "similar failures" and the publish's other copies are looked for in. */
export async function readOtherQueues(queue: TraceQueue, queues: TraceQueue[]): Promise<{ reads: QueueRead[]; notes: string[] }> {
  const others = deadLetterQueues(queues).filter((q) => q.name !== queue.name);
  const notes: string[] = [];
  const reads = await mapLimit(others, 2, async (q): Promise<QueueRead> => {
    try {
      return { queue: q, messages: await browseForTrace(q.url, OTHER_QUEUE_SCAN) };
    } catch (error) {
      notes.push(`${q.name} could not be read (${(error as Error).message}).`);
      return { queue: q, messages: [] };
    }
  });
  return { reads, notes };
}

/** Other dead letters with the same signature: in the traced queue's read, and in every other DLQ and failure queue (`others`). */
export function findSimilar(
  queue: TraceQueue,
  others: { reads: QueueRead[]; notes: string[] },
  read: QueueMessage[],
  message: QueueMessage,
  key: string,
  signatureOfRead: (m: QueueMessage) => ErrorSignature,
): Trace['similar'] {
  const notes = [...others.notes];
  const batches = others.reads.map((r) => ({ queue: r.queue.name, messages: r.messages }));
  const all = [{ queue: queue.name, messages: read }, ...batches];
  const matches: SimilarFailure[] = [];
  for (const batch of all) {
    for (const m of batch.messages) {
      if (m.messageId === message.messageId) continue;
      // The traced queue's messages are signed with their consumer's log lines too; other queues by their bodies.
      const signature = batch.queue === queue.name ? signatureOfRead(m) : errorSignature(m, parseFailureRecord(m.body));
      if (signature.key !== key) continue;
      matches.push({ queue: batch.queue, messageId: m.messageId, sentAt: m.sentAt, receiveCount: m.receiveCount, ownReceiveCount: m.ownReceiveCount, preview: preview(m.body) });
    }
  }
  matches.sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
  const scanned = all.reduce((n, b) => n + b.messages.length, 0);
  if (matches.length > MAX_SIMILAR_LISTED) notes.push(`${matches.length} similar messages; the newest ${MAX_SIMILAR_LISTED} are listed.`);
  return { queues: all.map((b) => b.queue), messages: matches.slice(0, MAX_SIMILAR_LISTED), scanned, note: notes.join(' ') || undefined };
}
