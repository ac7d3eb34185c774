import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { AppError, toAppError } from '@/lib/errors';
import { carriedAttributes, classifyDeadLetters, countClasses, needsItemRead, type ClassifyMessage, type ItemEvidence } from '@/lib/redrive/classify';
import { findItemRefs } from '@/lib/traces/correlation';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import type { DeadLetterClassification } from '@/lib/types/redrive';
import type { AttributeMap } from '@/lib/types/streams';
import type { ItemRef, TableKeySpec } from '@/lib/types/traces';
import { getItem } from '../aws/dynamodb';
import { getQueueUrl, getQueueWithAttributes } from '../aws/sqs';
import type { TableKeys } from '../aws/dynamodb';
import { leaseMessages, releaseLease, withQueueLock } from '../redrive/lease';
import { describeItem, historiesOf } from './traces/items';
import { getKeySpecs } from './traces/key-specs';

/** Dead letters one classification reads (the most "redrive selected" handles at once). */
export const CLASSIFY_LIMIT = 1_000;
/** GetItem calls in flight at once: a few, so a big DLQ does not spend a table's read capacity in a burst. */
const GET_ITEM_CONCURRENCY = 4;
/** Parallel release streams after the classification's lease. */
const RELEASE_STREAMS = 4;
/** Items one message may name (one per table whose key it carries) that are looked for in the streams. */
const MAX_CANDIDATES = 3;
/** A check before a redrive is asked for by a person: key schemas at most this old (a table created a minute ago counts). */
const KEY_SPECS_MAX_AGE_MS = 5_000;

function refKey(ref: ItemRef): string {
  return describeItem(ref);
}

/**
 * Classifies the dead letters of a DLQ before a redrive (issue 17): reads them with the short
 * lease (released at once), links each to the item it names (traces' correlation: key schemas and
 * `correlationKeys`), looks through the retained stream history of those items in one bounded pass
 * per table (through the shared trace reader, so through each shard's read scheduler and within
 * Eddy's read budget — never a GetRecords loop of its own), and reads with GetItem only the items
 * whose history does not settle their state. Whatever cannot be read makes its messages
 * `unknown`, with the reason; nothing is thrown for it.
 */
export async function classifyDlq(dlqName: string, options: { limit?: number } = {}): Promise<DeadLetterClassification> {
  const url = await getQueueUrl(dlqName);
  const { queue } = await getQueueWithAttributes(url);
  if (queue.redrivePolicy) {
    throw new AppError('conflict', `${dlqName} has a redrive policy: reading its messages counts toward its maxReceiveCount, so only dead-letter queues are classified.`, 'has_redrive_policy');
  }
  const calls: Record<string, number> = { GetQueueUrl: 1, GetQueueAttributes: 1 };
  const notes: string[] = [];
  const lease = await withQueueLock(url, async () => {
    const got = await leaseMessages(url, options.limit ?? CLASSIFY_LIMIT);
    // Released in a few parallel streams of batches: 1,000 messages are 100 batches, and every
    // second they stay hidden is a second a consumer or a move task cannot see them.
    const slices = Array.from({ length: RELEASE_STREAMS }, (_, i) => got.messages.filter((_m, j) => j % RELEASE_STREAMS === i));
    calls.ChangeMessageVisibilityBatch = (await Promise.all(slices.map((slice) => releaseLease(url, slice)))).reduce((a, b) => a + b, 0);
    return got;
  });
  calls.ReceiveMessage = lease.calls;
  const messages = lease.messages;
  if (lease.capped) notes.push(`Classified the first ${messages.length.toLocaleString('en-US')} messages of ${queue.visible === undefined ? 'a number SQS did not return' : `about ${queue.visible.toLocaleString('en-US')}`}.`);

  const { tables, specs, problem } = await getKeySpecs(KEY_SPECS_MAX_AGE_MS).catch((error: unknown) => {
    notes.push(`Table key schemas could not be read (${(error as Error).message}): no item could be linked.`);
    return { tables: new Map<string, TableKeys>(), specs: [] as TableKeySpec[], problem: undefined };
  });
  if (problem) notes.push(problem);

  // Each message's candidate items: the full keys (all key attributes) it carries, of tables with
  // a stream first. A partial key (no sort key) names no one item. Tables often share a key name
  // (`orderId`), so the item is the first candidate whose stream has records of it.
  const candidatesOf = new Map<string, ItemRef[]>();
  const uncorrelated = new Map<string, string>();
  for (const m of messages) {
    const refs = findItemRefs(m, specs).filter((r) => !r.partial);
    const ordered = [...refs.filter((r) => tables.get(r.table)?.streamArn), ...refs.filter((r) => !tables.get(r.table)?.streamArn)].slice(0, MAX_CANDIDATES);
    if (ordered.length > 0) candidatesOf.set(m.messageId, ordered);
    else if (parseFailureRecord(m.body).kind === 'failure_record') uncorrelated.set(m.messageId, 'A Lambda on-failure record: it names a range of stream records, not one item (open its trace to see them).');
    else uncorrelated.set(m.messageId, specs.length === 0 ? 'No table is known, so no item could be linked.' : `It carries no full key of ${specs.map((s) => s.table).join(', ')}.`);
  }

  const distinct = new Map<string, ItemRef>();
  for (const refs of candidatesOf.values()) for (const ref of refs) if (!distinct.has(refKey(ref))) distinct.set(refKey(ref), ref);
  const histories = await historiesOf([...distinct.values()], tables);
  calls.GetRecords = histories.reduce((n, h) => n + h.getRecordsCalls, 0);
  for (const note of new Set(histories.filter((h) => h.note.status !== 'complete' && h.note.status !== 'not_applicable').map((h) => `${h.ref.table}: ${h.note.message}`))) notes.push(note);
  const evidenceOf = new Map<string, ItemEvidence>(
    histories.map((h) => [refKey(h.ref), { item: describeItem(h.ref), key: h.ref.key, events: h.events, historyComplete: h.note.status === 'complete' }]),
  );
  const refOf = new Map<string, ItemRef>();
  for (const [messageId, refs] of candidatesOf) refOf.set(messageId, refs.find((r) => (evidenceOf.get(refKey(r))?.events.length ?? 0) > 0) ?? refs[0]);

  // GetItem only where the stream history leaves the item's state open, once per item.
  const toRead = new Map<string, ItemRef>();
  for (const m of messages) {
    const ref = refOf.get(m.messageId);
    const evidence = ref && evidenceOf.get(refKey(ref));
    if (ref && evidence && needsItemRead(evidence, m.sentAt)) toRead.set(refKey(ref), ref);
  }
  let denied: string | undefined;
  calls.GetItem = 0;
  await mapLimit([...toRead.entries()], GET_ITEM_CONCURRENCY, async ([key, ref]) => {
    const evidence = evidenceOf.get(key) as ItemEvidence;
    if (denied) {
      evidence.currentNote = denied;
      return;
    }
    calls.GetItem++;
    try {
      evidence.current = (await getItem(ref.table, ref.key)) as AttributeMap | null;
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'forbidden') {
        denied = `GetItem was denied: grant dynamodb:GetItem on ${ref.table} to compare dead letters with their items (${error.message})`;
        notes.push(denied);
      }
      evidence.currentNote = denied ?? `GetItem failed: ${error.message}`;
    }
  });

  const input: ClassifyMessage[] = messages.map((m) => {
    const ref = refOf.get(m.messageId);
    const evidence = ref ? evidenceOf.get(refKey(ref)) : undefined;
    return {
      messageId: m.messageId,
      body: m.body,
      sentAt: m.sentAt,
      dedupId: m.systemAttributes.MessageDeduplicationId,
      groupId: m.systemAttributes.MessageGroupId,
      carried: ref ? carriedAttributes(m.body, ref.key) : undefined,
      evidence,
      uncorrelated: uncorrelated.get(m.messageId),
    };
  });
  const verdicts = classifyDeadLetters(input);
  return { dlqName, verdicts, counts: countClasses(verdicts), scanned: messages.length, approximateTotal: queue.visible, calls, notes, readAt: Date.now() };
}
