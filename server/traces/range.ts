import 'server-only';
import { eventMatchesRef } from '@/lib/traces/correlation';
import type { ItemRef, ReadNote, ResolvedRange, TraceStreamEvent } from '@/lib/types/traces';
import { shardProblem, type ShardRecordCache } from './shard-cache';
import type { ShardAccess, TraceShardApi } from './types';
import { toAppError } from '@/lib/errors';
import { compareByCreationTime, compareSequenceNumbers as cmp } from '@/lib/streams/position';

export type { ShardAccess, TraceShardApi } from './types';

export const NO_TAIL: ShardAccess = { held: () => [] };

/**
 * GetRecords calls one range resolution may make (up to 1,000 records or 1 MB each, reference
 * §4.4). The trace reader reads a shard from its trim horizon and keeps its place, so a range
 * further in is reached by reading again; a shard of the demo takes one or two calls.
 */
export const RANGE_MAX_CALLS = 12;
/** GetRecords calls one item-history scan may make across all shards of a stream. */
export const HISTORY_MAX_CALLS = 40;


/**
 * The stream records of a Lambda on-failure record's range (shard, start and end sequence
 * numbers), while they are retained: from the live tail's buffer when it holds the whole range,
 * otherwise from the trace reader of that shard (one iterator chain per shard, continued from
 * read to read, at most `RANGE_MAX_CALLS` GetRecords a trace). A range whose start is already
 * trimmed, a shard that is gone or busy, is said plainly with whatever of the range is left.
 */
export async function resolveRange(
  cache: ShardRecordCache,
  access: ShardAccess,
  range: { streamArn: string; shardId: string; start: string; end: string; batchSize?: number },
): Promise<ResolvedRange> {
  const base = { streamArn: range.streamArn, shardId: range.shardId, startSequenceNumber: range.start, endSequenceNumber: range.end };
  const inRange = (e: TraceStreamEvent) => e.shardId === range.shardId && cmp(e.sequenceNumber, range.start) >= 0 && cmp(e.sequenceNumber, range.end) <= 0;
  const held = access.held().filter((e) => e.shardId === range.shardId);
  const fromRing = held.filter(inRange);
  // The ring holds the whole range when it has its first and last record, as many records as the
  // batch, or records on both sides of it (nothing between can be missing).
  const ringComplete =
    fromRing.length > 0 &&
    ((fromRing[0].sequenceNumber === range.start && fromRing[fromRing.length - 1].sequenceNumber === range.end) ||
      (range.batchSize !== undefined && fromRing.length === range.batchSize) ||
      (held.some((e) => cmp(e.sequenceNumber, range.start) < 0) && held.some((e) => cmp(e.sequenceNumber, range.end) > 0)));
  if (ringComplete) {
    return { ...base, events: fromRing, via: 'ring', getRecordsCalls: 0, note: { status: 'complete', message: `All ${fromRing.length} record(s) from the live tail's buffer.` } };
  }

  const budget = { calls: RANGE_MAX_CALLS, used: 0 };
  const read = await cache.read(range.streamArn, range.shardId, budget, range.end);
  const found = dedupe([...fromRing, ...read.events.filter(inRange)]);
  const first = read.events[0];
  const last = read.events[read.events.length - 1];
  const pastEnd = last !== undefined && cmp(last.sequenceNumber, range.end) >= 0;
  const startTrimmed = read.fromTrimHorizon && !read.problem && (first ? cmp(first.sequenceNumber, range.start) > 0 : read.atHead);
  const expected = range.batchSize;
  let note: ReadNote;
  if (read.problem && found.length === 0) note = read.problem;
  else if (startTrimmed && found.length === 0) note = { status: 'trimmed', message: `The records of this range are already trimmed: DynamoDB Streams keeps records 24 hours (the shard's oldest retained record is ${first?.sequenceNumber ?? 'none'}).` };
  else if (startTrimmed) note = { status: 'partial', message: `The start of the range (${range.start}) is already trimmed: DynamoDB Streams keeps records 24 hours. ${found.length} record(s) of the range are still there.` };
  else if (!read.fromTrimHorizon && first && cmp(first.sequenceNumber, range.start) > 0 && found.length < (expected ?? 1)) {
    note = { status: 'capped', message: `The range is older than the records Eddy's trace reader keeps of this shard (it keeps the newest ${read.events.length.toLocaleString('en-US')}); ${found.length} record(s) of it are held.` };
  } else if (!pastEnd && !read.atHead) note = { status: 'capped', message: `Read ${budget.used} GetRecords page(s) of the shard without reaching the range: read again to go on from there.` };
  else if (read.problem) note = { status: 'partial', message: `${read.problem.message} ${found.length} record(s) were found before that.` };
  else if (!pastEnd && found.length === 0) note = { status: 'gone', message: `No record of this range is in shard ${range.shardId}: its sequence numbers are past the shard's last record.` };
  else if (expected !== undefined && found.length < expected) note = { status: 'partial', message: `${found.length} of the ${expected} record(s) were found in the shard.` };
  else note = { status: 'complete', message: `All ${found.length} record(s), from the shard (${budget.used} GetRecords call(s) for this trace).` };
  return { ...base, events: found, via: read.events.some(inRange) ? 'shard' : fromRing.length > 0 ? 'ring' : 'none', getRecordsCalls: budget.used, note };
}

function dedupe(events: TraceStreamEvent[]): TraceStreamEvent[] {
  const seen = new Map<string, TraceStreamEvent>();
  for (const e of events) if (!seen.has(e.eventID)) seen.set(e.eventID, e);
  return [...seen.values()].sort((a, b) => cmp(a.sequenceNumber, b.sequenceNumber));
}

/** A shard's creation time from its id (`shardId-<20-digit epoch ms>-<hex>`), for newest-first order. */
function shardCreatedAt(shardId: string): number {
  const m = /shardId-(\d{13,20})-/.exec(shardId);
  return m ? Number(m[1]) : 0;
}

/**
 * Item stream records (INSERT/MODIFY/REMOVE) for one or more items of a stream, as far as a
 * bounded read can find them: the live tail's buffer, then each shard, newest shard first (a
 * failure is usually recent), through the shared trace reader, at most `maxCalls` GetRecords in
 * all. Shards that cannot be read are named in the note; the others are still read.
 */
export async function scanItemHistory(
  api: TraceShardApi,
  cache: ShardRecordCache,
  access: ShardAccess,
  input: { streamArn: string; refs: Pick<ItemRef, 'key'>[]; maxCalls?: number },
): Promise<{ events: TraceStreamEvent[][]; note: ReadNote; getRecordsCalls: number; keyNames: string[] }> {
  const budget = { calls: input.maxCalls ?? HISTORY_MAX_CALLS, used: 0 };
  const held = access.held();
  const matchAll = (events: TraceStreamEvent[]) => input.refs.map((ref) => events.filter((e) => eventMatchesRef(e.keys, ref)));

  // An item whose INSERT the live tail holds has its whole history there: no shard read (which,
  // beside the tail and a consumer, would be a third reader) is needed for it.
  const pending = input.refs.filter((ref) => !held.some((e) => e.eventName === 'INSERT' && eventMatchesRef(e.keys, ref)));
  if (pending.length === 0) {
    return {
      events: matchAll(held).map((events) => events.sort(compareByCreationTime)),
      note: { status: 'complete', message: `From the live tail's buffer (${held.length.toLocaleString('en-US')} records), which holds the item since its INSERT.` },
      getRecordsCalls: 0,
      keyNames: [],
    };
  }

  let description;
  try {
    description = await api.describeStream(input.streamArn);
  } catch (raw) {
    const problem = shardProblem(toAppError(raw), 'any');
    const note: ReadNote =
      problem.status === 'gone'
        ? { status: 'gone', message: 'The stream no longer exists (the table was deleted or its stream replaced): its records cannot be read.' }
        : { status: problem.status, message: `The stream could not be described: ${toAppError(raw).message}` };
    return { events: matchAll(held), note, getRecordsCalls: 0, keyNames: [] };
  }

  const shards = [...description.shards].sort((a, b) => shardCreatedAt(b.shardId) - shardCreatedAt(a.shardId) || cmp(b.startingSequenceNumber, a.startingSequenceNumber));
  const problems: string[] = [];
  let capped = false;
  let scanned = 0;
  const read: TraceStreamEvent[] = [];
  for (const shard of shards) {
    if (budget.used >= budget.calls) {
      capped = true;
      break;
    }
    const result = await cache.read(input.streamArn, shard.shardId, budget);
    scanned += result.events.length;
    read.push(...result.events);
    if (result.problem) problems.push(result.problem.message);
    else if (!result.atHead) capped = true;
  }
  const byRef = matchAll(dedupe([...read, ...held])).map((events) =>
    events.sort(compareByCreationTime),
  );
  const where = `${scanned.toLocaleString('en-US')} record(s) of ${shards.length} shard(s)${held.length > 0 ? ` and ${held.length.toLocaleString('en-US')} held by the live tail` : ''}`;
  let note: ReadNote;
  if (problems.length > 0) note = { status: problems.some((p) => p.includes('shard is busy')) ? 'busy' : 'partial', message: `Looked through ${where}. ${problems.join(' ')}` };
  else if (capped) note = { status: 'capped', message: `Looked through ${where}, newest shards first, then stopped (at most ${budget.calls} GetRecords calls a trace): read again to go on.` };
  else note = { status: 'complete', message: `Looked through every retained record of the stream: ${where}.` };
  return { events: byRef, note, getRecordsCalls: budget.used, keyNames: description.keyNames };
}
