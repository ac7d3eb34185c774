import 'server-only';
import { matchesFilter, type EventFilter } from '@/lib/streams/filter';
import { isAtOrAfter, type StartPosition } from '@/lib/streams/position';
import type { CapNotice, StreamEvent } from '@/lib/types/streams';
import { holdStreamTail } from './streams';

/** Events per second one connection may receive unless it asks for another cap. */
export const DEFAULT_EVENTS_PER_SECOND = 2_500;
const FLUSH_MS = 100;
/** How many seconds of the cap a connection may receive at once (see the token bucket below). */
const BURST_SECONDS = 2;
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
          write(
            sse('gap', {
              message: 'The live tail holds only recent events: use “Load older events” for the part of this range before them.',
              olderRange: true,
            }),
          );
        }
      }
      const matched = replay.filter((e) => matchesFilter(e, options.filter));
      lastCursor = replay.length > 0 ? replay[replay.length - 1].cursor : tail.ring.lastCursor;
      for (let i = 0; i < matched.length; i += REPLAY_SLICE) {
        const slice = matched.slice(i, i + REPLAY_SLICE);
        write(sse('events', { events: slice, replay: true }, idOf(i + REPLAY_SLICE >= matched.length ? lastCursor : slice[slice.length - 1].cursor)));
      }
      if (matched.length === 0) write(sse('events', { events: [], replay: true }, idOf(lastCursor)));

      // Live: filtered as they come, sent every 100 ms, at most `capPerSecond` a second on
      // average. A token bucket holding two seconds' worth lets the bursts that 1000-record
      // GetRecords pages make through, and still cuts a sustained rate above the cap.
      let pending: StreamEvent[] = [];
      let windowStart = Date.now();
      let shown = 0;
      let matchedInWindow = 0;
      const burst = options.capPerSecond * BURST_SECONDS;
      let tokens = burst;
      let refilledAt = Date.now();
      const closeWindow = () => {
        if (matchedInWindow > shown) {
          const notice: CapNotice = { shown, matched: matchedInWindow, windowMs: Date.now() - windowStart };
          write(sse('cap', notice));
        }
        windowStart = Date.now();
        shown = 0;
        matchedInWindow = 0;
      };
      cleanups.push(
        tail.subscribe({
          onEvents(events) {
            for (const event of events) {
              if (event.cursor <= lastCursor) continue;
              lastCursor = event.cursor;
              if (!matchesFilter(event, options.filter)) continue;
              matchedInWindow++;
              if (tokens < 1) continue;
              tokens--;
              shown++;
              pending.push(event);
            }
          },
          onGap(message) {
            write(sse('gap', { message }));
          },
        }),
      );
      const flush = setInterval(() => {
        const now = Date.now();
        tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * options.capPerSecond);
        refilledAt = now;
        if (now - windowStart >= 1000) closeWindow();
        if (pending.length === 0) return;
        const batch = pending;
        pending = [];
        write(sse('events', { events: batch }, idOf(lastCursor)));
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
