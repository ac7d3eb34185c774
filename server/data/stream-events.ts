import 'server-only';
import { matchesFilter, type EventFilter } from '@/lib/streams/filter';
import { isAtOrAfter, type StartPosition } from '@/lib/streams/position';
import type { CapNotice, StreamEvent } from '@/lib/types/streams';
import { holdStreamTail } from './streams';

/** Events per second one connection may receive unless it asks for another cap. */
export const DEFAULT_EVENTS_PER_SECOND = 2_500;
const FLUSH_MS = 100;
/** How many seconds of events over the cap a connection holds back before it cuts. */
const QUEUE_SECONDS = 5;
const STATUS_MS = 1_000;
const HEARTBEAT_MS = 15_000;
/** A replay is sent in slices so one message never carries the whole ring. */
const REPLAY_SLICE = 500;

export interface EventStreamOptions {
  table: string;
  filter: EventFilter;
  position: StartPosition;
  /** `Last-Event-ID` as EventSource sends it on reconnect: `<tail epoch>:<cursor>`. */
  lastEventId?: string;
  capPerSecond: number;
  signal: AbortSignal;
}

function sse(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The body of `GET /api/streams/<table>/events`: a Server-Sent Events stream of the table's
 * tail, filtered on the server, capped per connection, with the tail's status and heartbeats.
 * A reconnect with Last-Event-ID resumes after that event when the ring still holds it.
 */
export function openEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { tail, release } = holdStreamTail(options.table);
  const cleanups: (() => void)[] = [release];
  let closed = false;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const close = () => {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups) cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      options.signal.addEventListener('abort', close, { once: true });

      let lastCursor = 0;
      const idOf = (cursor: number) => `${tail.epoch}:${cursor}`;
      write('retry: 2000\n\n');

      // What to replay: after Last-Event-ID when held, else from the start position.
      let replay: StreamEvent[] = [];
      const resume = /^([0-9a-f]+):(\d+)$/.exec(options.lastEventId ?? '');
      if (resume) {
        const cursor = Number(resume[2]);
        if (resume[1] === tail.epoch && tail.ring.holdsAfter(cursor)) replay = tail.ring.after(cursor);
        else {
          replay = tail.ring.all();
          write(sse('gap', { message: 'Reconnected after the live tail had moved on: events sent while disconnected may be missing from this list.' }));
        }
      } else if (options.position.type === 'recent') {
        replay = tail.ring.all();
      } else if (options.position.type !== 'live') {
        const all = tail.ring.all();
        replay = all.filter((e) => isAtOrAfter(e, options.position));
        const oldest = all[0];
        const held = oldest && ((options.position.type === 'time' && oldest.approximateCreationTime <= options.position.at) || (options.position.type === 'sequence' && replay.length < all.length));
        if (!held) {
          const message =
            options.position.type === 'trim_horizon'
              ? 'The view starts at the oldest retained record: Eddy loads it page by page from the trim horizon (“Load more older events”); below them come the recent events the live tail holds.'
              : 'The live tail holds only recent events: use “Load older events” for the part of this range before them.';
          write(sse('gap', { message, olderRange: true }));
        }
      }
      const matched = replay.filter((e) => matchesFilter(e, options.filter));
      lastCursor = replay.length > 0 ? replay[replay.length - 1].cursor : tail.ring.lastCursor;
      for (let i = 0; i < matched.length; i += REPLAY_SLICE) {
        const slice = matched.slice(i, i + REPLAY_SLICE);
        write(sse('events', { events: slice, replay: true }, idOf(i + REPLAY_SLICE >= matched.length ? lastCursor : slice[slice.length - 1].cursor)));
      }
      if (matched.length === 0) write(sse('events', { events: [], replay: true }, idOf(lastCursor)));

      // Live: filtered as they come, sent every 100 ms, at most `capPerSecond` a second. Events
      // over the pace wait in a queue of QUEUE_SECONDS' worth, so the bursts that a reader's
      // 1000-record catch-up pages make are delayed, not cut; only a rate above the cap for
      // longer than that is cut, and each second that cuts says how many.
      const queue: StreamEvent[] = [];
      let queueHead = 0;
      const maxQueue = options.capPerSecond * QUEUE_SECONDS;
      let windowStart = Date.now();
      let matchedInWindow = 0;
      let cutInWindow = 0;
      let tokens = options.capPerSecond / 10;
      let refilledAt = Date.now();
      const closeWindow = (now: number) => {
        if (cutInWindow > 0) {
          const notice: CapNotice = { shown: matchedInWindow - cutInWindow, matched: matchedInWindow, windowMs: now - windowStart };
          write(sse('cap', notice));
        }
        windowStart = now;
        matchedInWindow = 0;
        cutInWindow = 0;
      };
      cleanups.push(
        tail.subscribe({
          onEvents(events) {
            for (const event of events) {
              if (event.cursor <= lastCursor) continue;
              lastCursor = event.cursor;
              if (!matchesFilter(event, options.filter)) continue;
              matchedInWindow++;
              if (queue.length - queueHead >= maxQueue) {
                cutInWindow++;
                continue;
              }
              queue.push(event);
            }
          },
          onGap(message) {
            write(sse('gap', { message }));
          },
        }),
      );
      const flush = setInterval(() => {
        const now = Date.now();
        // At most one second's worth at once: a full bucket after a quiet spell is no flood.
        tokens = Math.min(options.capPerSecond, tokens + ((now - refilledAt) / 1000) * options.capPerSecond);
        refilledAt = now;
        if (now - windowStart >= 1000) closeWindow(now);
        const waiting = queue.length - queueHead;
        const count = Math.min(waiting, Math.floor(tokens));
        if (count <= 0) return;
        tokens -= count;
        const batch = queue.slice(queueHead, queueHead + count);
        queueHead += count;
        if (queueHead === queue.length) {
          queue.length = 0;
          queueHead = 0;
        } else if (queueHead > 4096) {
          queue.splice(0, queueHead);
          queueHead = 0;
        }
        // The id names the last event handled only once nothing waits: a reconnect then resumes
        // exactly after what this connection was sent.
        write(sse('events', { events: batch }, idOf(queueHead === 0 ? lastCursor : batch[batch.length - 1].cursor)));
      }, FLUSH_MS);
      cleanups.push(() => clearInterval(flush));

      let lastStatus = '';
      const sendStatus = () => {
        const status = JSON.stringify(tail.status());
        if (status === lastStatus) return;
        lastStatus = status;
        write(`event: status\ndata: ${status}\n\n`);
      };
      sendStatus();
      cleanups.push(tail.onStatus(() => queueMicrotask(sendStatus)));
      const statusTimer = setInterval(sendStatus, STATUS_MS);
      cleanups.push(() => clearInterval(statusTimer));
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
      cleanups.push(() => clearInterval(heartbeat));
    },
    cancel() {
      if (closed) return;
      closed = true;
      for (const cleanup of cleanups) cleanup();
    },
  });
}
