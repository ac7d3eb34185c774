import 'server-only';
import { toAppError, type AppError } from '@/lib/errors';
import { eventMatchesRef } from '@/lib/traces/correlation';
import type { ItemRef, ReadNote, ResolvedRange, TraceStreamEvent } from '@/lib/types/traces';

/**
 * The DynamoDB Streams verbs a trace needs. Issue 6's `StreamsApi` (server/aws/streams.ts) has
 * this shape, so the live adapter is passed in as it is; tests pass one over an emulator client.
 */
export interface TraceShardApi {
  describeStream(streamArn: string): Promise<{ tableName: string; keyNames: string[]; shards: { shardId: string; parentShardId?: string; startingSequenceNumber: string; endingSequenceNumber?: string }[] }>;
  getShardIterator(streamArn: string, shardId: string, type: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER', sequenceNumber?: string): Promise<string>;
  getRecords(iterator: string, shardId: string, limit?: number): Promise<{ events: TraceStreamEvent[]; nextIterator?: string }>;
}

/**
 * What Eddy's live tail offers a trace on one stream (issue 6): the events its ring buffer holds,
 * and a way to run a read of a shard in the slot of that shard's live reader, so Eddy never has
 * two calls of its own in flight on a shard. Without a tail, reads run as they are.
 */
export interface ShardAccess {
  /** The events the tail holds for this stream, oldest first; empty without a tail. */
  held(): TraceStreamEvent[];
  run<T>(shardId: string, read: () => Promise<T>): Promise<T>;
}

export const NO_TAIL: ShardAccess = { held: () => [], run: (_shard, read) => read() };

/**
 * GetRecords calls one range resolution may make. A failure record names at most a batch
 * (≤ 10,000 records for DynamoDB ESMs, 1,000 per call): 12 calls cover it and the empty pages an
 * iterator may return before it reaches data (reference §4.4).
 */
export const RANGE_MAX_CALLS = 12;
/** GetRecords calls one item-history scan may make across all shards of a stream. */
export const HISTORY_MAX_CALLS = 40;
/** Records one item-history scan may look through (40 pages of 1,000 at most, but 1 MB pages are often smaller). */
export const HISTORY_MAX_RECORDS = 40_000;

const cmp = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x < y ? -1 : 1;
};

/** An AWS failure during a trace read, in the words a trace shows. */
function noteFor(error: AppError, what: string): ReadNote {
  switch (error.detail) {
    case 'TrimmedDataAccessException':
      return { status: 'trimmed', message: `${what} are already trimmed: DynamoDB Streams keeps records 24 hours.` };
    case 'ResourceNotFoundException':
      return { status: 'gone', message: `${what} cannot be read: the stream or shard no longer exists (the table was deleted, its stream replaced, or the shard closed and fully trimmed).` };
    case 'LimitExceededException':
      return {
        status: 'busy',
        message: `${what} were not read: the shard already has two readers (DynamoDB Streams allows two; your consumer and Eddy's live tail). Try again when the live view is closed.`,
      };
    case 'ExpiredIteratorException':
      return { status: 'unavailable', message: `${what} were not read to the end: the shard iterator expired (15 minutes).` };
    default:
      if (error.code === 'throttled') return { status: 'busy', message: `${what} were not read: DynamoDB Streams is throttling (${error.message}). Try again shortly.` };
      return { status: 'unavailable', message: `${what} could not be read: ${error.message}` };
  }
}

/**
 * The stream records of a Lambda on-failure record's range (shard, start and end sequence
 * numbers), while they are retained. Served from the live tail's buffer when it holds the whole
 * range; otherwise a bounded read of that one shard: GetShardIterator AT_SEQUENCE_NUMBER start,
 * GetRecords until a record past the end, the end of a closed shard, the head of an open one, or
 * `RANGE_MAX_CALLS`. A start already trimmed is said plainly, with whatever of the range is left.
 */
export async function resolveRange(
  api: TraceShardApi,
  access: ShardAccess,
  range: { streamArn: string; shardId: string; start: string; end: string; batchSize?: number },
): Promise<ResolvedRange> {
  const base = { streamArn: range.streamArn, shardId: range.shardId, startSequenceNumber: range.start, endSequenceNumber: range.end };
  const inRange = (e: TraceStreamEvent) => e.shardId === range.shardId && cmp(e.sequenceNumber, range.start) >= 0 && cmp(e.sequenceNumber, range.end) <= 0;
  const held = access.held().filter((e) => e.shardId === range.shardId);
  const fromRing = held.filter(inRange);
  // The ring holds the whole range when it has the first and last record, or a record before the
  // start (so nothing of the range can be missing from it) and the batch size matches.
  const ringComplete =
    fromRing.length > 0 &&
    ((fromRing[0].sequenceNumber === range.start && fromRing[fromRing.length - 1].sequenceNumber === range.end) ||
      (range.batchSize !== undefined && fromRing.length === range.batchSize) ||
      (held.some((e) => cmp(e.sequenceNumber, range.start) < 0) && held.some((e) => cmp(e.sequenceNumber, range.end) > 0)));
  if (ringComplete) {
    return { ...base, events: fromRing, via: 'ring', getRecordsCalls: 0, note: { status: 'complete', message: `All ${fromRing.length} record(s) from the live tail's buffer.` } };
  }

  let calls = 0;
  const events: TraceStreamEvent[] = [];
  let note: ReadNote | undefined;
  let reachedEnd = false;
  try {
    await access.run(range.shardId, async () => {
      let iterator: string;
      try {
        iterator = await api.getShardIterator(range.streamArn, range.shardId, 'AT_SEQUENCE_NUMBER', range.start);
      } catch (raw) {
        const error = toAppError(raw);
        if (error.detail !== 'TrimmedDataAccessException') throw error;
        // The start is gone; the end may not be: read what the shard still has.
        note = { status: 'trimmed', message: `The start of the range (${range.start}) is already trimmed: DynamoDB Streams keeps records 24 hours.` };
        iterator = await api.getShardIterator(range.streamArn, range.shardId, 'TRIM_HORIZON');
      }
      while (calls < RANGE_MAX_CALLS) {
        calls++;
        const page = await api.getRecords(iterator, range.shardId, 1000);
        for (const event of page.events) {
          if (cmp(event.sequenceNumber, range.end) > 0) {
            reachedEnd = true;
            break;
          }
          if (cmp(event.sequenceNumber, range.start) >= 0) events.push(event);
        }
        if (reachedEnd || !page.nextIterator) {
          // A closed shard read to its end has nothing more (reference §4.4).
          reachedEnd = true;
          break;
        }
        // An empty page of an open shard is its head: the rest of the range was never written here.
        if (page.events.length === 0 && events.length > 0) {
          reachedEnd = true;
          break;
        }
        iterator = page.nextIterator;
      }
    });
  } catch (raw) {
    const error = toAppError(raw);
    if (error.detail === 'ValidationException') {
      note = { status: 'gone', message: `Sequence number ${range.start} is not in shard ${range.shardId} any more (${error.message}).` };
    } else note = noteFor(error, `The records of shard ${range.shardId}`);
  }

  const merged = dedupe([...fromRing, ...events]).filter(inRange);
  if (!note) {
    const expected = range.batchSize;
    if (!reachedEnd) note = { status: 'capped', message: `Stopped after ${calls} GetRecords calls before the end of the range.` };
    else if (expected !== undefined && merged.length < expected) {
      note = { status: 'partial', message: `${merged.length} of the ${expected} record(s) were found in the shard.` };
    } else note = { status: 'complete', message: `All ${merged.length} record(s), read from the shard with ${calls} GetRecords call(s).` };
  } else if (note.status === 'trimmed' && merged.length > 0) {
    note = { status: 'partial', message: `${note.message} ${merged.length} record(s) of the range are still there.` };
  }
  return { ...base, events: merged, via: events.length > 0 ? 'shard' : fromRing.length > 0 ? 'ring' : 'none', getRecordsCalls: calls, note };
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
 * An item's stream records (INSERT/MODIFY/REMOVE), as far as a bounded read can find them: the
 * live tail's buffer, then each shard of the stream, newest shard first (a failure is usually
 * recent), from its trim horizon up to where the buffer takes over, at most `maxCalls`
 * GetRecords in all. Shards that cannot be read are named in the note; others are still read.
 */
export async function scanItemHistory(
  api: TraceShardApi,
  access: ShardAccess,
  input: { streamArn: string; ref: Pick<ItemRef, 'key'>; maxCalls?: number; maxRecords?: number },
): Promise<{ events: TraceStreamEvent[]; note: ReadNote; getRecordsCalls: number; keyNames: string[] }> {
  const maxCalls = input.maxCalls ?? HISTORY_MAX_CALLS;
  const maxRecords = input.maxRecords ?? HISTORY_MAX_RECORDS;
  const held = access.held();
  const found = held.filter((e) => eventMatchesRef(e.keys, input.ref));

  let description;
  try {
    description = await api.describeStream(input.streamArn);
  } catch (raw) {
    const note = noteFor(toAppError(raw), 'The stream records');
    return { events: found, note: found.length > 0 ? { status: 'partial', message: `${note.message} Shown: what the live tail holds.` } : note, getRecordsCalls: 0, keyNames: [] };
  }
  // Where the buffer begins on each shard: the scan of that shard stops there.
  const ringStart = new Map<string, string>();
  for (const e of held) if (!ringStart.has(e.shardId)) ringStart.set(e.shardId, e.sequenceNumber);

  const shards = [...description.shards].sort((a, b) => shardCreatedAt(b.shardId) - shardCreatedAt(a.shardId) || cmp(b.startingSequenceNumber, a.startingSequenceNumber));
  let calls = 0;
  let scanned = 0;
  let capped = false;
  const problems: string[] = [];
  const read: TraceStreamEvent[] = [];
  for (const shard of shards) {
    if (calls >= maxCalls || scanned >= maxRecords) {
      capped = true;
      break;
    }
    const stopAt = ringStart.get(shard.shardId);
    try {
      await access.run(shard.shardId, async () => {
        let iterator: string | undefined = await api.getShardIterator(input.streamArn, shard.shardId, 'TRIM_HORIZON');
        while (iterator) {
          if (calls >= maxCalls || scanned >= maxRecords) {
            capped = true;
            return;
          }
          calls++;
          const page = await api.getRecords(iterator, shard.shardId, 1000);
          scanned += page.events.length;
          for (const event of page.events) {
            if (stopAt && cmp(event.sequenceNumber, stopAt) >= 0) return;
            if (eventMatchesRef(event.keys, input.ref)) read.push(event);
          }
          // The head of an open shard (an empty page) or the end of a closed one.
          if (page.events.length === 0) return;
          iterator = page.nextIterator;
        }
      });
    } catch (raw) {
      problems.push(noteFor(toAppError(raw), `Records of shard ${shard.shardId}`).message);
    }
  }

  const events = dedupe([...read, ...found]).sort((a, b) => a.approximateCreationTime - b.approximateCreationTime || cmp(a.sequenceNumber, b.sequenceNumber));
  const where = `${scanned.toLocaleString('en-US')} record(s) in ${calls} GetRecords call(s)${held.length > 0 ? ` and ${held.length.toLocaleString('en-US')} held by the live tail` : ''}`;
  let note: ReadNote;
  if (problems.length > 0) note = { status: problems.some((p) => p.includes('two readers')) ? 'busy' : 'partial', message: `Looked through ${where}. ${problems.join(' ')}` };
  else if (capped) note = { status: 'capped', message: `Looked through ${where}, newest shards first, then stopped (at most ${maxCalls} calls a trace): older records were not searched.` };
  else note = { status: 'complete', message: `Looked through every retained record of the stream: ${where}.` };
  return { events, note, getRecordsCalls: calls, keyNames: description.keyNames };
}
