import 'server-only';
import { AppError, toAppError } from '@/lib/errors';
import { discoverFlow, nodeId } from '@/lib/flow/discover';
import { flattenJson, flattenMessage, rankFailureApart, type FailureApart, type FlatRecord } from '@/lib/queues/failure-apart';
import { summariseFailureRecord, type FailureRecordSummary } from '@/lib/queues/failure-record';
import { toPlainMap } from '@/lib/streams/attribute-value';
import { compareSequenceNumbers } from '@/lib/streams/position';
import type { StreamEvent } from '@/lib/types/streams';
import { getLiveRegistry } from '../live';
import { sampleQueueMessages } from './dlq';
import { getFlowMonitor } from './flow';
import { getStreamHistory } from './streams';
import { environmentKey } from '../environments';

/** Dead letters compared at most: a receive scan of 2,000 is ~200 short receives, well inside the browse lease. */
export const APART_MAX_FAILURES = 2_000;
/** Recent stream records compared at most (the tail's ring, else pages of the older-range reader). */
export const APART_MAX_BASELINE = 3_000;
/** Below this many records in the live tail's ring, older pages are read too. */
const MIN_RING_BASELINE = 200;
/** History pages of 500 events at most: 8 pages, each bounded by the reader's own call cap. */
const MAX_HISTORY_PAGES = 8;
/**
 * Older pages are awaited at most this long in all: a page may wait for a shard's read slot (the
 * user's consumers come first), and the panel must answer with what was read rather than hang.
 */
const HISTORY_BUDGET_MS = 12_000;
/** How long an analysis keeps the stream's live tail running (one budgeted reader per shard, never a cost to the consumers). */
const TAIL_HOLD_MS = 5 * 60_000;
/** A stream's baseline serves every DLQ downstream of it this long. */
const BASELINE_CACHE_MS = 60_000;
/** An analysis is served from cache this long: each one is a receive scan of the DLQ. */
export const APART_CACHE_MS = 30_000;
/**
 * The dead letters a browse read this recently are compared instead of being received again (the
 * queue page asks for the analysis once its browse is done): a second receive would raise every
 * message's ApproximateReceiveCount once more. Well inside the staleness the cache above accepts.
 */
export const APART_REUSE_BROWSE_MS = 10_000;
const REFRESH_MIN_MS = 5_000;


/** The table whose stream feeds a DLQ, walking the flow graph's edges backwards (DLQ ← queue ← function ← table). */
async function upstreamTable(dlqName: string): Promise<string | undefined> {
  const { config } = await getFlowMonitor().getConfiguration();
  const graph = discoverFlow(config);
  const withStream = new Set(config.tables.filter((t) => t.stream).map((t) => nodeId('table', t.name)));
  const seen = new Set<string>([nodeId('queue', dlqName)]);
  let frontier = [...seen];
  for (let depth = 0; depth < 6 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of graph.edges) {
        if (edge.target !== id || seen.has(edge.source)) continue;
        if (withStream.has(edge.source)) return edge.source.slice('table:'.length);
        seen.add(edge.source);
        next.push(edge.source);
      }
    }
    frontier = next.sort();
  }
  return undefined;
}

/** The stream's recent events: the live tail's ring when it holds enough, else older pages from the trim horizon. */
async function readRecentEvents(table: string): Promise<{ events: StreamEvent[]; source: 'ring' | 'history' }> {
  const ring = getLiveRegistry().lease(table, TAIL_HOLD_MS).ring.all();
  if (ring.length >= MIN_RING_BASELINE) return { events: ring.slice(-APART_MAX_BASELINE), source: 'ring' };
  const events: StreamEvent[] = [];
  let after: string | undefined;
  const started = Date.now();
  for (let page = 0; page < MAX_HISTORY_PAGES && events.length < APART_MAX_BASELINE && Date.now() - started < HISTORY_BUDGET_MS; page++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), HISTORY_BUDGET_MS - (Date.now() - started))));
    const reading = getStreamHistory(table, { type: 'trim_horizon' }, 500, after);
    // A page still waiting when the budget ends finishes on its own (bounded by the reader's call cap); it is not awaited.
    reading.catch(() => undefined);
    const got = await Promise.race([reading, late]).finally(() => clearTimeout(timer));
    if (!got) break;
    events.push(...got.events);
    after = got.next;
    if (!after) break;
  }
  // The ring's events are newer than any page read from the trim horizon: keep both, newest last.
  // Read the ring again: the tail kept gathering while the older pages were read.
  const seen = new Set(events.map((e) => e.eventID));
  for (const e of getLiveRegistry().lease(table, TAIL_HOLD_MS).ring.all()) if (!seen.has(e.eventID)) events.push(e);
  return { events: events.slice(-APART_MAX_BASELINE), source: 'history' };
}

const baselines = new Map<string, { at: number; result: Promise<{ events: StreamEvent[]; source: 'ring' | 'history' }> }>();

/** A table's recent events, shared by every DLQ downstream of it for `BASELINE_CACHE_MS`. */
function recentEvents(table: string): Promise<{ events: StreamEvent[]; source: 'ring' | 'history' }> {
  // Keeps the live tail running a while after the panel was looked at, so the next baseline is its ring, not a slow older read.
  getLiveRegistry().lease(table, TAIL_HOLD_MS);
  const hit = baselines.get(environmentKey(table));
  if (hit && Date.now() - hit.at < BASELINE_CACHE_MS) return hit.result;
  const result = readRecentEvents(table);
  baselines.set(environmentKey(table), { at: Date.now(), result });
  result.catch(() => baselines.delete(environmentKey(table)));
  return result;
}

function imageOf(event: StreamEvent): FlatRecord | undefined {
  const image = event.newImage ?? event.oldImage;
  return image ? flattenJson(toPlainMap(image)) : undefined;
}

/** One record per item (its first image in the window): an order modified three times is still one order. */
function baselineOf(events: StreamEvent[]): FlatRecord[] {
  const byKey = new Map<string, FlatRecord>();
  for (const e of events) {
    const k = JSON.stringify(toPlainMap(e.keys));
    if (byKey.has(k)) continue;
    const flat = imageOf(e);
    if (flat) byKey.set(k, flat);
  }
  return [...byKey.values()];
}

function inRange(event: StreamEvent, record: FailureRecordSummary): boolean {
  return event.shardId === record.shardId && compareSequenceNumbers(event.sequenceNumber, record.startSequenceNumber) >= 0 && compareSequenceNumbers(event.sequenceNumber, record.endSequenceNumber) <= 0;
}

/**
 * Computes the panel "What sets these failures apart" for a DLQ: up to `APART_MAX_FAILURES` dead
 * letters (read like a browse: a short lease, released at once; or those a browse read within
 * `APART_REUSE_BROWSE_MS`, when it saw them all) flattened — a Lambda on-failure
 * record stands for the stream records it names — against up to `APART_MAX_BASELINE` recent
 * records of the stream upstream of the DLQ. Bounded, and never a receive of the source queue.
 */
export async function computeFailureApart(dlqName: string): Promise<Omit<FailureApart, 'cached'>> {
  const t0 = Date.now();
  const table = await upstreamTable(dlqName).catch(() => undefined);
  const t1 = Date.now();
  const sample = await sampleQueueMessages(dlqName, APART_MAX_FAILURES, { reuseWithinMs: APART_REUSE_BROWSE_MS });
  const t2 = Date.now();
  const timings = { flowMs: t1 - t0, deadLettersMs: t2 - t1, streamMs: 0, rankMs: 0 };
  const base = {
    dlqName,
    values: [],
    failuresCompared: 0,
    approximateTotal: sample.approximateTotal,
    failuresRead: sample.messages.length,
    resolvedFailureRecords: 0,
    uncomparablePaths: [],
    sqsCalls: sample.sqsCalls,
    reusedBrowseAt: sample.reusedAt === undefined ? undefined : new Date(sample.reusedAt).toISOString(),
    computedAt: new Date().toISOString(),
    timings,
  };
  if (sample.messages.length === 0) return { ...base, unavailable: `${dlqName} holds no visible dead letters to compare.` };
  if (!table) {
    return {
      ...base,
      unavailable: `No stream upstream of ${dlqName} is known (no mapping, destination or environment variable links it to a table), and its source queue is not read: a receive there would count toward its maxReceiveCount.`,
    };
  }
  let events: StreamEvent[];
  let source: 'ring' | 'history';
  try {
    ({ events, source } = await recentEvents(table));
    timings.streamMs = Date.now() - t2;
  } catch (error) {
    return { ...base, unavailable: `The recent records of ${table}'s stream could not be read: ${toAppError(error).message}` };
  }
  const failures: FlatRecord[] = [];
  let resolved = 0;
  for (const m of sample.messages) {
    const record = summariseFailureRecord(m.body);
    if (record) {
      // A Lambda on-failure record names stream records, not an order: compare what it names.
      const named = events.filter((e) => inRange(e, record));
      if (named.length > 0) resolved++;
      for (const e of named) {
        const flat = imageOf(e);
        if (flat) failures.push(flat);
      }
      continue;
    }
    failures.push(flattenMessage(m));
  }
  const baseline = baselineOf(events);
  if (baseline.length === 0) {
    return { ...base, unavailable: `${table}'s stream gave no recent records to compare with in time (it holds none, or its shards' read slots were busy with the consumers): Eddy's live tail of ${table} is gathering them now: compare again in a minute.` };
  }
  const ranking = rankFailureApart(failures, baseline);
  timings.rankMs = Date.now() - t2 - timings.streamMs;
  return {
    ...base,
    baseline: { kind: 'stream', table, records: baseline.length, source },
    unavailable: failures.length === 0 ? `None of the ${sample.messages.length} dead letters could be compared: their failure records name stream records ${table}'s stream no longer holds in the recent window.` : undefined,
    values: ranking.values,
    failuresCompared: ranking.failuresCompared,
    resolvedFailureRecords: resolved,
    uncomparablePaths: ranking.uncomparablePaths,
  };
}

const cache = new Map<string, { at: number; result: Promise<Omit<FailureApart, 'cached'>> }>();

/** The panel's analysis, computed at most once per `APART_CACHE_MS` per DLQ (concurrent askers share one computation). */
export async function getFailureApart(dlqName: string, options: { refresh?: boolean } = {}): Promise<FailureApart> {
  const now = Date.now();
  const hit = cache.get(environmentKey(dlqName));
  // A refresh is honoured only after a few seconds: each computation is a receive scan of the DLQ.
  if (hit && now - hit.at < (options.refresh ? REFRESH_MIN_MS : APART_CACHE_MS)) return { ...(await hit.result), cached: true };
  const result = computeFailureApart(dlqName);
  cache.set(environmentKey(dlqName), { at: now, result });
  try {
    const done = await result;
    // The cache's age counts from when the answer was ready, not from when it was asked for.
    cache.set(environmentKey(dlqName), { at: Date.now(), result });
    return { ...done, cached: false };
  } catch (error) {
    cache.delete(environmentKey(dlqName));
    throw error instanceof AppError ? error : toAppError(error);
  }
}
