import 'server-only';
import { loadEddyConfig } from '../config-file';
import { mapLimit } from '@/lib/concurrency';
import { AppError } from '@/lib/errors';
import { compareSequenceNumbers } from '@/lib/streams/position';
import { buildKeySpecs, eventMatchesRef, findItemRefs, keyText, parseItemQuery, refsForQuery } from '@/lib/traces/correlation';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import { logErrorSignature } from '@/lib/traces/log-lines';
import { errorSignature } from '@/lib/traces/signature';
import { buildTimeline } from '@/lib/traces/timeline';
import {
  type CorrelationConfig,
  type ErrorSignature,
  type ItemHistory,
  type ItemRef,
  type ItemSearchMessage,
  type ItemSearchResult,
  type KeyValue,
  type ResolvedRange,
  type SimilarFailure,
  type TableKeySpec,
  type Trace,
} from '@/lib/types/traces';
import type { QueueMessage } from '@/lib/types/queues';
import { listTableNames } from '../aws/dynamodb';
import { getStreamsApi } from '../aws/streams';
import { NO_TAIL, resolveRange, scanItemHistory, type ShardAccess, type TraceShardApi } from '../traces/range';
import { ShardRecordCache } from '../traces/shard-cache';
import { describeTableKeys, type TableKeys } from '../aws/trace-tables';
import { getLiveRegistry } from '../live';
import { leaseMessages, releaseLease } from '../redrive/lease';
import { parseSnsEnvelope } from '@/lib/sns/envelope';
import { consumersOf, errorIndexOf, traceLogsFrom, type ErrorIndex } from '../traces/logs';
import { listAuditEntries } from './audit';
import { listQueueRows } from './queues';
import { service } from '../services';

/** Messages of the traced queue read to find the message and its neighbours with the same failure. */
const TRACE_SCAN = 300;
/** Messages read from each other DLQ or failure queue for "similar failures" and item search. */
const OTHER_QUEUE_SCAN = 200;
/** Items a trace follows (a message can name several): each costs a bounded stream read. */
const MAX_ITEMS = 3;
const MAX_SIMILAR_LISTED = 50;
const KEY_SPEC_TTL_MS = 60_000;

// ---- the live tail (issue 6) and the leased browse (issue 7) ----

/** Issue 6's Streams adapter has the shape the trace reader needs. */
function streamsApi(): TraceShardApi {
  return getStreamsApi();
}

/** The process's one trace reader (server/services.ts). */
function shardCache(): ShardRecordCache {
  // The live registry configures the shards' read schedulers (EDDY_SHARD_READS_PER_SECOND): a
  // trace may be the process's first read of a shard.
  getLiveRegistry();
  return service('traceShardCache', () => new ShardRecordCache(streamsApi()));
}

/**
 * What Eddy's live tail of a table offers a trace of this stream: the events its ring holds. (The
 * shard reads themselves share the tail's per-shard read schedulers.) No tail, or a tail of
 * another stream: nothing.
 */
function shardAccessFor(table: string, streamArn: string): ShardAccess {
  const tail = getLiveRegistry().peek(table);
  if (!tail || tail.currentStreamArn !== streamArn) return NO_TAIL;
  return { held: () => tail.ring.all() };
}

/**
 * Up to `limit` messages of a queue, received with issue 7's short lease and released at once
 * (DESIGN.md §5), stopping early when `enough` says so.
 */
async function browseForTrace(url: string, limit: number, enough: (got: QueueMessage[]) => boolean = () => false): Promise<QueueMessage[]> {
  const lease = await leaseMessages(url, limit, enough);
  await releaseLease(url, lease.messages);
  return lease.messages.map(({ receiptHandle: _h, raw: _r, ...message }) => message);
}

// ---- configuration and key schemas ----

/** The correlation keys of `eddy.config.json` (read once for the whole app); a broken file is reported, not fatal. */
async function loadCorrelationConfig(): Promise<{ config?: CorrelationConfig; problem?: string }> {
  const loaded = await loadEddyConfig();
  if (loaded.errors.length > 0) return { problem: `${loaded.errors.join('; ')} — its correlation keys are ignored.` };
  return loaded.file ? { config: { correlationKeys: loaded.config.correlationKeys } } : {};
}

let keyCache: { at: number; value: Promise<{ tables: Map<string, TableKeys>; specs: TableKeySpec[]; problem?: string }> } | undefined;

/** Every table's key schema (with types) and stream, cached for a minute: a trace needs them all. */
function getKeySpecs() {
  if (keyCache && Date.now() - keyCache.at < KEY_SPEC_TTL_MS) return keyCache.value;
  const value = (async () => {
    const [names, { config, problem }] = await Promise.all([listTableNames(), loadCorrelationConfig()]);
    const described = await mapLimit(names, 8, (name) => describeTableKeys(name).catch(() => undefined));
    const tables = new Map(described.filter((t): t is TableKeys => Boolean(t?.hash.name)).map((t) => [t.table, t]));
    return { tables, specs: buildKeySpecs([...tables.values()], config), problem };
  })();
  keyCache = { at: Date.now(), value };
  value.catch(() => (keyCache = undefined));
  return value;
}

// ---- queues ----

interface TraceQueue {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  role: Trace['queue']['role'];
  maxReceiveCount?: number;
  sourceNames: string[];
}

/** Every queue with its role for traces: DLQ, Lambda failure destination, source (has a DLQ) or plain. */
async function listTraceQueues(): Promise<TraceQueue[]> {
  const queues = (await listQueueRows()).queues;
  return queues.map((q) => ({
    name: q.name,
    url: q.url,
    arn: q.arn,
    fifo: q.fifo,
    role: q.role === 'dlq' ? 'dlq' : q.failureDestinationOf.length > 0 ? 'failure_destination' : q.role,
    maxReceiveCount: q.redrivePolicy?.maxReceiveCount,
    sourceNames: q.sourceNames,
  }));
}

/** Reading a queue with its own redrive policy would count toward its maxReceiveCount: refused, as browsing is. */
function assertTraceable(queue: TraceQueue): void {
  if (queue.role === 'source') {
    throw new AppError(
      'conflict',
      `${queue.name} has a redrive policy: reading a message counts toward its maxReceiveCount of ${queue.maxReceiveCount}, so a trace could push it into the dead-letter queue. Traces start from dead-letter and failure queues.`,
      'has_redrive_policy',
    );
  }
}

function preview(body: string, max = 140): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function describeItem(ref: ItemRef): string {
  return `${ref.table} ${Object.entries(ref.key)
    .map(([k, v]) => `${k}=${keyText(v)}`)
    .join(' ')}`;
}

// ---- item histories ----

/** The stream histories of items, one bounded pass per table's stream for all its items. */
async function historiesOf(refs: ItemRef[], tables: Map<string, TableKeys>): Promise<ItemHistory[]> {
  const byTable = new Map<string, ItemRef[]>();
  for (const ref of refs) byTable.set(ref.table, [...(byTable.get(ref.table) ?? []), ref]);
  const results = new Map<ItemRef, ItemHistory>();
  await mapLimit([...byTable.entries()], 2, async ([name, group]) => {
    const table = tables.get(name);
    const keyNames = table ? [table.hash.name, ...(table.range ? [table.range.name] : [])] : Object.keys(group[0].key);
    if (!table?.streamArn) {
      for (const ref of group) {
        results.set(ref, { ref, events: [], keyNames, getRecordsCalls: 0, note: { status: 'not_applicable', message: `The table ${name} has no stream enabled: its items' changes are not recorded anywhere Eddy can read.` } });
      }
      return;
    }
    const scan = await scanItemHistory(streamsApi(), shardCache(), shardAccessFor(name, table.streamArn), { streamArn: table.streamArn, refs: group });
    group.forEach((ref, i) => results.set(ref, { ref, events: scan.events[i], keyNames, getRecordsCalls: i === 0 ? scan.getRecordsCalls : 0, note: scan.note }));
  });
  return refs.map((ref) => results.get(ref) as ItemHistory);
}

function refKey(ref: ItemRef): string {
  return `${ref.table}|${Object.entries(ref.key)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('|')}`;
}

/** The items named by the failed records of a resolved range: their histories explain the failure. */
function refsFromResolved(resolved: ResolvedRange | undefined, table: string | undefined, tables: Map<string, TableKeys>): ItemRef[] {
  if (!resolved || !table || !tables.has(table)) return [];
  return resolved.events.map((event) => ({
    table,
    key: Object.fromEntries(Object.entries(event.keys).filter(([, v]) => v && typeof v === 'object' && ('S' in v || 'N' in v || 'B' in v))) as Record<string, KeyValue>,
    foundAt: `failed stream record ${event.sequenceNumber}`,
    partial: false,
    source: 'key_schema' as const,
  }));
}

// ---- the trace ----

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
  const similar = await findSimilar(queue, queues, read, message, signature.key, signatureOf);

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

/** The queues a trace or a search looks through: DLQs and Lambda failure destinations. */
function deadLetterQueues(queues: TraceQueue[]): TraceQueue[] {
  return queues.filter((q) => q.role === 'dlq' || q.role === 'failure_destination');
}

// ---- function logs ----

/** Log lines are looked for from a minute before a message was sent to this long after it. */
const LOG_WINDOW_AFTER_MS = 30 * 60_000;

/** The consumer whose logs explain this queue's failures: the failure record's function, or the Lambda reading the DLQ's source queue. */
async function consumerFunction(queue: TraceQueue, queues: TraceQueue[], message: QueueMessage, failure: Extract<ReturnType<typeof parseFailureRecord>, { kind: 'failure_record' }> | undefined): Promise<string | undefined> {
  if (failure?.record.functionName) return failure.record.functionName;
  const source = queues.find((q) => q.name === (message.sourceQueue ?? (queue.sourceNames.length === 1 ? queue.sourceNames[0] : undefined)));
  if (!source) return undefined;
  return (await consumersOf(source.arn).catch(() => []))[0];
}

/** One index of the consumer's error lines over the time the traced queue's read messages span. */
async function errorIndexFor(
  queue: TraceQueue,
  queues: TraceQueue[],
  read: QueueMessage[],
  message: QueueMessage,
  failure: Extract<ReturnType<typeof parseFailureRecord>, { kind: 'failure_record' }> | undefined,
  readAt: number,
): Promise<ErrorIndex | undefined> {
  const functionName = await consumerFunction(queue, queues, message, failure);
  if (!functionName) return undefined;
  // A message whose SentTimestamp is unknown does not narrow the window; the read time bounds it.
  const sent = [message.sentAt, ...read.map((m) => m.sentAt)].filter((t): t is number => t !== undefined && t > 0);
  const first = sent.length > 0 ? Math.min(...sent) : readAt;
  const last = sent.length > 0 ? Math.max(...sent) : readAt;
  const start = first - 60_000;
  const end = Math.min(readAt, last + LOG_WINDOW_AFTER_MS);
  return errorIndexOf(functionName, { start, end });
}

/**
 * What a message's log lines are matched on: its id, an SNS envelope's MessageId (what a consumer
 * of a topic logs), the failed invocation's request id, the keys of the items it names.
 */
function logKeysOf(m: QueueMessage, parse: ReturnType<typeof parseFailureRecord>, specs: TableKeySpec[]): { ids: string[]; itemKeys: string[] } {
  const ids = [m.messageId];
  const snsMessageId = parseSnsEnvelope(m.body)?.messageId;
  if (snsMessageId) ids.push(snsMessageId);
  if (parse.kind === 'failure_record' && parse.record.requestId) ids.push(parse.record.requestId);
  return { ids, itemKeys: findItemRefs(m, specs).flatMap((ref) => Object.values(ref.key).map(keyText)) };
}

/** The signature from the consumer's error line for a message, when its logs name one. */
function logSignature(index: ErrorIndex, keys: { ids: string[]; itemKeys: string[] }): ErrorSignature | undefined {
  const sig = logErrorSignature(traceLogsFrom(index, keys).errors);
  if (!sig) return undefined;
  return { key: `logs|${index.functionName}|${sig.text}`, label: sig.text.length > 160 ? `${sig.text.slice(0, 159)}…` : sig.text, source: 'logs', field: `${index.functionName} log (${index.logGroup})` };
}

/** Other dead letters with the same signature: in the traced queue's read, and in every other DLQ and failure queue. */
async function findSimilar(
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

// ---- item search ----

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
    return { query, items: [], messages: [], queuesScanned: [], notes: [...notes, `“${query}” is not a key of any table. Keys known: ${known}.`] };
  }
  if (refs.length > MAX_ITEMS) notes.push(`“${parsed.value}” can be a key of ${refs.length} tables; the first ${MAX_ITEMS} are searched.`);
  const items = await historiesOf(refs.slice(0, MAX_ITEMS), tables);
  for (const item of items) if (item.note.status !== 'complete') notes.push(`${describeItem(item.ref)}: ${item.note.message}`);

  const queues = deadLetterQueues(await listTraceQueues());
  const messages: ItemSearchMessage[] = [];
  await mapLimit(queues, 2, async (q) => {
    let read: QueueMessage[];
    try {
      read = await browseForTrace(q.url, OTHER_QUEUE_SCAN);
    } catch (error) {
      notes.push(`${q.name} could not be read (${(error as Error).message}).`);
      return;
    }
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
  return { query, items, messages, queuesScanned: queues.map((q) => q.name), notes };
}
