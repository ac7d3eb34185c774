import 'server-only';
import { AppError } from '@/lib/errors';
import { findItemRefs } from '@/lib/traces/correlation';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import { errorSignature } from '@/lib/traces/signature';
import { buildTimeline } from '@/lib/traces/timeline';
import type { QueueMessage } from '@/lib/types/queues';
import type { ErrorSignature, ItemRef, ResolvedRange, TableKeySpec, Trace } from '@/lib/types/traces';
import type { TableKeys } from '../../aws/dynamodb';
import { resolveRange } from '../../traces/range';
import { traceLogsFrom } from '../../traces/logs';
import { listAuditEntries } from '../audit';
import { describeItem, historiesOf, MAX_ITEMS, refKey, refsFromResolved } from './items';
import { getKeySpecs } from './key-specs';
import { errorIndexFor, logKeysOf, logSignature } from './logs';
import { assertTraceable, listTraceQueues } from './queues';
import { publishesOf } from './publishes';
import { findSimilar, readOtherQueues } from './similar';
import { browseForTrace, shardAccessFor, shardCache } from './sources';

/** Messages of the traced queue read to find the message and its neighbours with the same failure. */
const TRACE_SCAN = 300;

/**
 * Everything that can be known of one DLQ or failure-queue message: read with a short lease and
 * released at once; a Lambda on-failure record resolved to its stream records; the items it names
 * followed through their stream history; the same failure in other dead letters; its timeline.
 * Whatever cannot be resolved is said in `gaps`, never thrown.
 */
export async function getTrace(queueName: string, messageId: string): Promise<Trace> {
  const queues = await listTraceQueues();
  const queue = queues.find((q) => q.name === queueName);
  if (!queue) throw new AppError('not_found', `Queue ${queueName} does not exist.`);
  assertTraceable(queue);

  const read = await browseForTrace(queue.url, 1_000, (got) => got.length >= TRACE_SCAN && got.some((m) => m.messageId === messageId));
  const message = read.find((m) => m.messageId === messageId);
  if (!message) {
    throw new AppError(
      'not_found',
      `Message ${messageId} is not in ${queueName} now (looked at ${read.length} message(s)): it may have been redriven, deleted or expired, or another reader holds it — try again in a few seconds.`,
    );
  }
  const readAt = Date.now();
  const gaps: string[] = [];
  const parsed = parseFailureRecord(message.body);
  const failure = parsed.kind === 'failure_record' ? parsed : undefined;
  if (failure) gaps.push(...failure.problems);

  const { tables, specs, problem } = await getKeySpecs().catch((error: unknown) => {
    gaps.push(`Table key schemas could not be read (${(error as Error).message}): no item could be linked.`);
    return { tables: new Map<string, TableKeys>(), specs: [] as TableKeySpec[], problem: undefined };
  });
  if (problem) gaps.push(problem);

  let resolved: ResolvedRange | undefined;
  if (failure?.resolvable) {
    const r = failure.record;
    const streamArn = r.streamArn as string;
    resolved = await resolveRange(shardCache(), shardAccessFor(r.table as string, streamArn), {
      streamArn,
      shardId: r.shardId as string,
      start: r.startSequenceNumber as string,
      end: r.endSequenceNumber as string,
      batchSize: r.batchSize,
    });
    if (resolved.note.status !== 'complete') gaps.push(resolved.note.message);
  }

  const refs: ItemRef[] = [];
  for (const ref of [...findItemRefs(message, specs), ...refsFromResolved(resolved, failure?.record.table, tables)]) {
    if (!refs.some((r) => refKey(r) === refKey(ref))) refs.push(ref);
  }
  // Items whose table has a stream first: only they have a history to show.
  const withStream = refs.filter((r) => tables.get(r.table)?.streamArn);
  const without = refs.filter((r) => !tables.get(r.table)?.streamArn);
  const followed = (withStream.length > 0 ? withStream : without).slice(0, MAX_ITEMS);
  if (withStream.length > MAX_ITEMS) gaps.push(`The message names ${withStream.length} items of tables with a stream; the first ${MAX_ITEMS} are followed.`);
  const items = await historiesOf(followed, tables);
  for (const item of items) if (item.note.status !== 'complete' && item.note.status !== 'not_applicable') gaps.push(`${describeItem(item.ref)}: ${item.note.message}`);
  let correlationNote: string | undefined;
  if (refs.length === 0) {
    correlationNote = specs.length === 0 ? 'No table is known, so no item could be linked.' : `Neither the body nor the attributes carry a key of ${specs.map((s) => `${s.table} (${s.hash.name})`).join(', ')}, and no correlation key of eddy.config.json matched.`;
    if (!failure) gaps.push(correlationNote);
  } else if (withStream.length > 0 && without.length > 0) {
    correlationNote = `Also named, in tables without a stream (no history to show): ${without.map(describeItem).join(', ')}.`;
  }

  const logIndex = await errorIndexFor(queue, queues, read, message, failure, readAt);
  const signatureOf = (m: QueueMessage): ErrorSignature => {
    const parse = parseFailureRecord(m.body);
    return (logIndex && logSignature(logIndex, logKeysOf(m, parse, specs))) ?? errorSignature(m, parse);
  };
  const logs = logIndex ? traceLogsFrom(logIndex, logKeysOf(message, parsed, specs)) : undefined;
  const logsNote = !logIndex
    ? 'No consumer function is known for this queue (no event source mapping reads its source), so there are no logs to read.'
    : logs && logs.errors.length === 0
      ? logIndex.note.status === 'unavailable'
        ? logIndex.note.message
        : `No error line of ${logIndex.functionName} (${logIndex.logGroup}) names this message's id, request id or item keys between ${new Date(logIndex.window.start).toISOString()} and ${new Date(logIndex.window.end).toISOString()}.`
      : undefined;
  const signature = signatureOf(message);
  const others = await readOtherQueues(queue, queues);
  const similar = findSimilar(queue, others, read, message, signature.key, signatureOf);
  // A copy of an SNS publish: the publish's other copies, wherever they were read (envelopes by
  // their SNS MessageId, raw copies by the same item, message and time).
  const tracedItems = new Set(refs.map(refKey));
  const itemsOf = (m: QueueMessage) => (m === message ? refs : findItemRefs(m, specs).filter((ref) => tracedItems.has(refKey(ref)))).map(describeItem);
  const publish = (await publishesOf([{ queue, messages: read }, ...others.reads], itemsOf, gaps)).find((g) =>
    g.copies.some((c) => c.queue === queue.name && c.messageId === message.messageId),
  );

  const redrives = await listAuditEntries(500)
    .then((entries) => entries.filter((e) => e.queues.includes(queue.name) && /redrive|canary/.test(e.action)).map((e) => ({ ...e, at: Date.parse(e.at) })))
    .catch(() => []);
  const sourceQueue = queues.find((q) => q.name === message.sourceQueue);
  const timeline = buildTimeline({
    queue: { name: queue.name, role: queue.role, maxReceiveCount: queue.maxReceiveCount, fifo: queue.fifo },
    message: {
      messageId: message.messageId,
      sentAt: message.sentAt,
      firstReceiveAt: Number(message.systemAttributes.ApproximateFirstReceiveTimestamp ?? 0) || undefined,
      receiveCount: message.receiveCount,
      ownReceiveCount: message.ownReceiveCount,
      sourceQueue: message.sourceQueue ?? (queue.sourceNames.length === 1 ? queue.sourceNames[0] : undefined),
      redrivenFrom: message.redrivenFrom,
    },
    sourceMaxReceiveCount: (sourceQueue ?? queues.find((q) => q.name === queue.sourceNames[0]))?.maxReceiveCount,
    failure: failure?.record,
    failedEvents: resolved?.events,
    itemEvents: items.flatMap((item) => item.events.map((event) => ({ item: describeItem(item.ref), event }))),
    redrives,
    readAt,
  });

  return {
    queue: { name: queue.name, arn: queue.arn, role: queue.role, maxReceiveCount: queue.maxReceiveCount, sourceQueue: message.sourceQueue, fifo: queue.fifo },
    message,
    bodyKind: isJson(message.body) ? 'json' : 'text',
    failureRecord: failure,
    resolved,
    items,
    correlationNote,
    signature,
    logs,
    logsNote,
    similar,
    timeline,
    gaps,
    publish,
    redriveTarget: queue.role === 'dlq' ? (message.sourceQueue ?? (queue.sourceNames.length === 1 ? queue.sourceNames[0] : undefined)) : undefined,
    readAt,
  };
}

function isJson(body: string): boolean {
  if (!/^\s*[{[]/.test(body)) return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
