import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import { errorSignature } from '@/lib/traces/signature';
import type { QueueMessage } from '@/lib/types/queues';
import type { ErrorSignature, SimilarFailure, Trace } from '@/lib/types/traces';
import { deadLetterQueues, OTHER_QUEUE_SCAN, preview, type TraceQueue } from './queues';
import { browseForTrace } from './sources';

const MAX_SIMILAR_LISTED = 50;

/** Other dead letters with the same signature: in the traced queue's read, and in every other DLQ and failure queue. */
export async function findSimilar(
  queue: TraceQueue,
  queues: TraceQueue[],
  read: QueueMessage[],
  message: QueueMessage,
  key: string,
  signatureOfRead: (m: QueueMessage) => ErrorSignature,
): Promise<Trace['similar']> {
  const others = deadLetterQueues(queues).filter((q) => q.name !== queue.name);
  const notes: string[] = [];
  const batches = await mapLimit(others, 2, async (q) => {
    try {
      return { queue: q.name, messages: await browseForTrace(q.url, OTHER_QUEUE_SCAN) };
    } catch (error) {
      notes.push(`${q.name} could not be read (${(error as Error).message}).`);
      return { queue: q.name, messages: [] as QueueMessage[] };
    }
  });
  const all = [{ queue: queue.name, messages: read }, ...batches];
  const matches: SimilarFailure[] = [];
  for (const batch of all) {
    for (const m of batch.messages) {
      if (m.messageId === message.messageId) continue;
      // The traced queue's messages are signed with their consumer's log lines too; other queues by their bodies.
      const signature = batch.queue === queue.name ? signatureOfRead(m) : errorSignature(m, parseFailureRecord(m.body));
      if (signature.key !== key) continue;
      matches.push({ queue: batch.queue, messageId: m.messageId, sentAt: m.sentAt, receiveCount: m.receiveCount, preview: preview(m.body) });
    }
  }
  matches.sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
  const scanned = all.reduce((n, b) => n + b.messages.length, 0);
  if (matches.length > MAX_SIMILAR_LISTED) notes.push(`${matches.length} similar messages; the newest ${MAX_SIMILAR_LISTED} are listed.`);
  return { queues: all.map((b) => b.queue), messages: matches.slice(0, MAX_SIMILAR_LISTED), scanned, note: notes.join(' ') || undefined };
}
