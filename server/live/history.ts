import { AppError, toAppError } from '@/lib/errors';
import { compareByCreationTime, compareSequenceNumbers, isAtOrAfter, type StartPosition } from '@/lib/streams/position';
import type { HistoryPage, StreamEvent } from '@/lib/types/streams';
import type { ReadEvent, StreamsApi } from '../aws/streams';
import { shardScheduler, type ShardPosition } from './read-scheduler';
import type { StreamTail } from './stream-tail';

/** At most this many GetRecords calls per page: an older-range read is bounded, the user pages on. */
export const HISTORY_MAX_CALLS = 24;
export const HISTORY_MAX_LIMIT = 500;
/** Where each shard's read got to, carried by the client as an opaque `after` token. */
interface HistoryToken {
  /**
   * shardId → `done`, or where the read got to: the last sequence number returned. The shard's
   * read scheduler keeps the iterator of that position, so the next page continues the chain.
   */
  shards: Record<string, 'done' | { seq?: string }>;
  /** A ring page: the last cursor returned, in tail `epoch`. */
  ring?: { epoch: string; cursor: number };
}

function encodeToken(token: HistoryToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string | undefined): HistoryToken | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as HistoryToken;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.shards !== 'object') throw new Error('shape');
    return parsed;
  } catch {
    throw new AppError('invalid', 'The page token is not one Eddy issued: start the older-range read again.');
  }
}

function withCursor(event: ReadEvent, n: number): StreamEvent {
  // Not from the tail's ring: negative cursors never collide with live ones.
  return { ...event, cursor: -n };
}

/** Whether the tail's ring already holds everything from `position` on. */
function ringHolds(tail: StreamTail, position: StartPosition): boolean {
  const events = tail.ring.all();
  if (events.length === 0) return false;
  const oldest = events[0];
  // Events older than the ring's first one are held only if it was never overwritten and the
  // tail began before the position.
  if (position.type === 'time') return (oldest.approximateCreationTime !== undefined && oldest.approximateCreationTime <= position.at) || (tail.ring.oldestCursor === 1 && tail.startedAt <= position.at);
  if (position.type === 'sequence') return events.some((e) => compareSequenceNumbers(e.sequenceNumber, position.sequenceNumber) <= 0);
  return false;
}

/**
 * One page of events from an older position (trim horizon, a sequence number, a time), paging
 * forward: served from the tail's ring when it holds the position; otherwise read shard by shard
 * in lineage order through each shard's read scheduler, as a person waiting (ahead of the live
 * head), within Eddy's read budget of the shard. Bounded: at most `HISTORY_MAX_CALLS` GetRecords
 * per page.
 */
export async function readHistory(options: {
  api: StreamsApi;
  streamArn: string;
  tail?: StreamTail;
  position: StartPosition;
  limit: number;
  after?: string;
}): Promise<HistoryPage> {
  const { api, streamArn, tail, position } = options;
  const limit = Math.max(1, Math.min(HISTORY_MAX_LIMIT, options.limit));
  const token = decodeToken(options.after);

  if (tail && (token?.ring || (!token && ringHolds(tail, position)))) {
    if (token?.ring && token.ring.epoch !== tail.epoch) throw new AppError('conflict', 'The live tail restarted since this page: start the older-range read again.');
    const from = token?.ring?.cursor ?? tail.ring.oldestCursor - 1;
    const matching = tail.ring.after(from).filter((e) => isAtOrAfter(e, position));
    const events = matching.slice(0, limit);
    const last = events[events.length - 1];
    return {
      events,
      next: matching.length > limit && last ? encodeToken({ shards: {}, ring: { epoch: tail.epoch, cursor: last.cursor } }) : undefined,
      source: 'ring',
      message: `From the ${tail.ring.length.toLocaleString('en-US')} events the live tail holds.`,
    };
  }

  let description;
  try {
    description = await api.describeStream(streamArn);
  } catch (error) {
    throw toAppError(error);
  }
  const progress: HistoryToken['shards'] = { ...(token?.shards ?? {}) };
  const shards = description.shards;
  const ids = new Set(shards.map((s) => s.shardId));
  // Lineage order: a parent's records come before its children's.
  const ordered: typeof shards = [];
  const placed = new Set<string>();
  const place = (shard: (typeof shards)[number]) => {
    if (placed.has(shard.shardId)) return;
    placed.add(shard.shardId);
    const parent = shard.parentShardId && ids.has(shard.parentShardId) ? shards.find((s) => s.shardId === shard.parentShardId) : undefined;
    if (parent) place(parent);
    ordered.push(shard);
  };
  shards.forEach(place);

  const collected: ReadEvent[] = [];
  let calls = 0;
  let exhausted = true;
  for (const shard of ordered) {
    if (collected.length >= limit || calls >= HISTORY_MAX_CALLS) {
      exhausted = false;
      break;
    }
    const state = progress[shard.shardId];
    if (state === 'done') continue;
    if (position.type === 'sequence' && shard.endingSequenceNumber && compareSequenceNumbers(shard.endingSequenceNumber, position.sequenceNumber) < 0) {
      progress[shard.shardId] = 'done';
      continue;
    }
    let from: ShardPosition;
    if (state?.seq) from = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: state.seq };
    else if (position.type === 'sequence' && compareSequenceNumbers(shard.startingSequenceNumber, position.sequenceNumber) <= 0) {
      from = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: position.sequenceNumber };
    } else from = { type: 'TRIM_HORIZON' };
    const scheduler = shardScheduler(api, streamArn, shard.shardId);
    let done = false;
    try {
      while (calls < HISTORY_MAX_CALLS && collected.length < limit) {
        const page = await scheduler.read({ from, priority: 'person', limit: Math.min(1000, limit - collected.length) });
        if (page.source === 'shard') calls++;
        collected.push(...page.events.filter((e) => isAtOrAfter(e, position)));
        if (page.events.length > 0) progress[shard.shardId] = { seq: page.events[page.events.length - 1].sequenceNumber };
        // The head of an open shard (an empty page) or the end of a closed one ends this shard's part.
        if (page.closed || page.events.length === 0) {
          done = true;
          break;
        }
        from = page.next;
      }
    } catch (raw) {
      const error = toAppError(raw);
      if (error.detail === 'TrimmedDataAccessException') {
        progress[shard.shardId] = 'done';
        continue;
      }
      if (error.code === 'throttled') throw new AppError('throttled', `Shard ${shard.shardId}: ${error.message}`, error.detail);
      throw error;
    }
    if (done) progress[shard.shardId] = 'done';
    else exhausted = false;
  }
  collected.sort(compareByCreationTime);
  const done = exhausted && ordered.every((s) => progress[s.shardId] === 'done');
  return {
    events: collected.map((e, i) => withCursor(e, i + 1)),
    next: done ? undefined : encodeToken({ shards: progress }),
    source: 'shards',
    message: `Read ${ordered.length} shard(s) with ${calls} GetRecords call(s)${done ? ', up to the head of the stream' : '; more remain'}.`,
  };
}
