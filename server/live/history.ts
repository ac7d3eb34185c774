import { AppError, toAppError } from '@/lib/errors';
import { compareSequenceNumbers, isAtOrAfter, type StartPosition } from '@/lib/streams/position';
import type { HistoryPage, StreamEvent } from '@/lib/types/streams';
import type { ReadEvent, StreamsApi } from '../aws/streams';
import type { StreamTail } from './stream-tail';

/** At most this many GetRecords calls per page: an older-range read is bounded, the user pages on. */
export const HISTORY_MAX_CALLS = 24;
export const HISTORY_MAX_LIMIT = 500;
/**
 * How long a read waits for a reader slot. DynamoDB Streams allows two readers per shard; with
 * the user's consumer and Eddy's live chain both active, the older-range read takes the live
 * chain's turn, and a chain only stops counting as a reader some seconds after its last call.
 */
export const HISTORY_SLOT_WAIT_MS = 25_000;

/** Retries a call refused for the two-reader limit until the limit lets it through or time is up. */
async function waitForSlot<T>(call: () => Promise<T>, deadline: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (raw) {
      const error = toAppError(raw);
      if (error.detail !== 'LimitExceededException' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 250 * attempt)));
    }
  }
}

/** Where each shard's read got to, carried by the client as an opaque `after` token. */
interface HistoryToken {
  /**
   * shardId → `done`, or where the read got to: the last sequence number returned and the
   * iterator to go on with, so every page continues one iterator chain instead of opening another.
   */
  shards: Record<string, 'done' | { seq?: string; it?: string }>;
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
  if (position.type === 'time') return oldest.approximateCreationTime <= position.at || (tail.ring.oldestCursor === 1 && tail.startedAt <= position.at);
  if (position.type === 'sequence') return events.some((e) => compareSequenceNumbers(e.sequenceNumber, position.sequenceNumber) <= 0);
  return false;
}

/**
 * One page of events from an older position (trim horizon, a sequence number, a time), without
 * disturbing the live tail or costing a third reader on any shard: served from the tail's ring
 * when it holds the position; otherwise read shard by shard, each read taking the slot of that
 * shard's live reader (the tail's GetRecords waits meanwhile), so Eddy has one call in flight per
 * shard. Bounded: at most `HISTORY_MAX_CALLS` GetRecords per page.
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
  const deadline = Date.now() + HISTORY_SLOT_WAIT_MS;
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
    const read = async () => {
      let iterator: string;
      if (state?.it) iterator = state.it;
      else if (state?.seq) iterator = await api.getShardIterator(streamArn, shard.shardId, 'AFTER_SEQUENCE_NUMBER', state.seq);
      else if (position.type === 'sequence' && compareSequenceNumbers(shard.startingSequenceNumber, position.sequenceNumber) <= 0) {
        iterator = await api.getShardIterator(streamArn, shard.shardId, 'AT_SEQUENCE_NUMBER', position.sequenceNumber);
      } else iterator = await api.getShardIterator(streamArn, shard.shardId, 'TRIM_HORIZON');
      const current = () => iterator;
      let done = false;
      while (calls < HISTORY_MAX_CALLS && collected.length < limit) {
        calls++;
        const page = await waitForSlot(() => api.getRecords(current(), shard.shardId, Math.min(1000, limit - collected.length)), deadline);
        const wanted = page.events.filter((e) => isAtOrAfter(e, position));
        collected.push(...wanted);
        const last = page.events.length > 0 ? page.events[page.events.length - 1].sequenceNumber : (progress[shard.shardId] as { seq?: string } | undefined)?.seq;
        progress[shard.shardId] = { seq: last, it: page.nextIterator };
        // The head of an open shard (an empty page) or the end of a closed one ends this shard's part.
        if (!page.nextIterator || page.events.length === 0) {
          done = true;
          break;
        }
        iterator = page.nextIterator;
      }
      if (done) progress[shard.shardId] = 'done';
      else exhausted = false;
    };
    const reader = tail?.readerOf(shard.shardId);
    try {
      if (reader) await reader.lend(read);
      else await read();
    } catch (raw) {
      const error = toAppError(raw);
      if (error.detail === 'TrimmedDataAccessException') {
        progress[shard.shardId] = 'done';
        continue;
      }
      if (error.detail === 'ExpiredIteratorException' && state) {
        // A page token kept over 15 minutes: go on from its sequence number next time.
        progress[shard.shardId] = { seq: state.seq };
        exhausted = false;
        break;
      }
      if (error.code === 'throttled') {
        throw new AppError(
          'throttled',
          `Shard ${shard.shardId} already has its two readers (Eddy's live tail and another consumer) and did not free one within ${HISTORY_SLOT_WAIT_MS / 1000} s; DynamoDB Streams allows two. Try again shortly.`,
          error.detail,
        );
      }
      throw error;
    }
  }
  collected.sort((a, b) => a.approximateCreationTime - b.approximateCreationTime || compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber));
  const done = exhausted && ordered.every((s) => progress[s.shardId] === 'done');
  return {
    events: collected.map((e, i) => withCursor(e, i + 1)),
    next: done ? undefined : encodeToken({ shards: progress }),
    source: 'shards',
    message: `Read ${ordered.length} shard(s) with ${calls} GetRecords call(s)${done ? ', up to the head of the stream' : '; more remain'}.`,
  };
}
