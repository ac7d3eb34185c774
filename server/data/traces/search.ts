import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { AppError } from '@/lib/errors';
import { compareSequenceNumbers } from '@/lib/streams/position';
import { eventMatchesRef, findItemRefs, parseItemQuery, refsForQuery } from '@/lib/traces/correlation';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import { errorSignature } from '@/lib/traces/signature';
import type { QueueMessage } from '@/lib/types/queues';
import type { ItemSearchMessage, ItemSearchResult } from '@/lib/types/traces';
import { describeItem, historiesOf, MAX_ITEMS } from './items';
import { getKeySpecs } from './key-specs';
import { deadLetterQueues, listTraceQueues, OTHER_QUEUE_SCAN, preview } from './queues';
import { publishesOf, type QueueRead } from './publishes';
import { browseForTrace } from './sources';

/**
 * The search box: the item(s) a query names, their stream history, and every DLQ or failure-queue
 * message that references them — by a key in the body or attributes, or, for a Lambda on-failure
 * record, by a failed range that contains one of the item's stream records.
 */
export async function searchItems(query: string): Promise<ItemSearchResult> {
  const parsed = parseItemQuery(query);
  if (!parsed.ok) throw new AppError('invalid', parsed.message);
  const notes: string[] = [];
  const { tables, specs, problem } = await getKeySpecs();
  if (problem) notes.push(problem);
  const refs = refsForQuery(parsed, specs);
  if (refs.length === 0) {
    const known = specs.map((s) => `${s.table}.${s.hash.name} (${s.hash.type})`).join(', ') || 'none';
    return { query, items: [], messages: [], publishes: [], queuesScanned: [], notes: [...notes, `“${query}” is not a key of any table. Keys known: ${known}.`] };
  }
  if (refs.length > MAX_ITEMS) notes.push(`“${parsed.value}” can be a key of ${refs.length} tables; the first ${MAX_ITEMS} are searched.`);
  const items = await historiesOf(refs.slice(0, MAX_ITEMS), tables);
  for (const item of items) if (item.note.status !== 'complete') notes.push(`${describeItem(item.ref)}: ${item.note.message}`);

  const queues = deadLetterQueues(await listTraceQueues());
  const messages: ItemSearchMessage[] = [];
  const reads: QueueRead[] = [];
  await mapLimit(queues, 2, async (q) => {
    let read: QueueMessage[];
    try {
      read = await browseForTrace(q.url, OTHER_QUEUE_SCAN);
    } catch (error) {
      notes.push(`${q.name} could not be read (${(error as Error).message}).`);
      return;
    }
    reads.push({ queue: q, messages: read });
    if (read.length >= OTHER_QUEUE_SCAN) notes.push(`${q.name} holds more than ${OTHER_QUEUE_SCAN} messages: only the ${OTHER_QUEUE_SCAN} received first were searched.`);
    for (const m of read) {
      const failure = parseFailureRecord(m.body);
      const signature = errorSignature(m, failure).label;
      const byKey = findItemRefs(m, specs).find((found) => items.some((item) => item.ref.table === found.table && eventMatchesRef(found.key, item.ref)));
      if (byKey) {
        messages.push({ queue: q.name, messageId: m.messageId, sentAt: m.sentAt, receiveCount: m.receiveCount, foundAt: byKey.foundAt, signature, preview: preview(m.body) });
        continue;
      }
      if (failure.kind === 'failure_record' && failure.resolvable) {
        const r = failure.record;
        const hit = items
          .filter((item) => item.ref.table === r.table)
          .flatMap((item) => item.events)
          .find((e) => e.shardId === r.shardId && compareSequenceNumbers(e.sequenceNumber, r.startSequenceNumber as string) >= 0 && compareSequenceNumbers(e.sequenceNumber, r.endSequenceNumber as string) <= 0);
        if (hit) messages.push({ queue: q.name, messageId: m.messageId, sentAt: m.sentAt, receiveCount: m.receiveCount, foundAt: `failed range holds its ${hit.eventName} record ${hit.sequenceNumber}`, signature, preview: preview(m.body) });
      }
    }
  });
  messages.sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
  // The SNS publishes among them: one publish's copies (a raw one in fulfillment-dlq, an enveloped
  // one in order-events-dlq) linked, by SNS MessageId where a copy carries it, else by item and time.
  const itemsOf = (m: QueueMessage) =>
    items.filter((item) => findItemRefs(m, specs).some((found) => found.table === item.ref.table && eventMatchesRef(found.key, item.ref))).map((item) => describeItem(item.ref));
  const publishes = await publishesOf(reads, itemsOf, notes);
  return { query, items, messages, publishes, queuesScanned: queues.map((q) => q.name), notes };
}
