import 'server-only';
import type { EventFilter } from '@/lib/streams/filter';
import type { StartPosition } from '@/lib/streams/position';
import type { StreamTail } from '../../live/stream-tail';
import { holdStreamTail } from '../streams';
import { LivePacer } from './pacer';
import { planReplay } from './replay';
import { byteQueuingStrategy, SseChannel, sseMessage } from './sse';

/** Events per second one connection may receive unless it asks for another cap. */
export const DEFAULT_EVENTS_PER_SECOND = 2_500;
const FLUSH_MS = 100;
const STATUS_MS = 1_000;
const HEARTBEAT_MS = 15_000;
/** A replay is sent in slices so one message never carries the whole ring. */
const REPLAY_SLICE = 500;
/** Gap notices kept for a stalled viewer (the newest). */
const HELD_GAPS = 5;

export interface EventStreamOptions {
  table: string;
  filter: EventFilter;
  position: StartPosition;
  /** `Last-Event-ID` as EventSource sends it on reconnect: `<tail epoch>:<cursor>`. */
  lastEventId?: string;
  capPerSecond: number;
  signal: AbortSignal;
}

/** What a connection reads of a table's tail. */
export type TailView = Pick<StreamTail, 'epoch' | 'ring' | 'subscribe' | 'onStatus' | 'status'>;

/**
 * The body of `GET /api/streams/<table>/events`: a Server-Sent Events stream of the table's
 * tail, filtered on the server, capped per connection, with the tail's status and heartbeats.
 * A reconnect with Last-Event-ID resumes after that event when the ring still holds it.
 */
export function openEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { tail, release } = holdStreamTail(options.table);
  return eventStreamBody(tail, options, release);
}

/**
 * `openEventStream` on a given tail. Honours backpressure: while the bytes the client has not
 * taken reach `STALL_BYTES`, nothing but what must be said is written — events wait in the
 * pacer's bounded queue and the overflow is skipped and counted, status and heartbeats are
 * coalesced, gap notices keep the newest few — and when the client reads again it is told how
 * many events it missed (a `gap` message with `skipped`), then goes on live.
 */
export function eventStreamBody(tail: TailView, options: EventStreamOptions, release: () => void = () => undefined): ReadableStream<Uint8Array> {
  const cleanups: (() => void)[] = [release];
  let channel: SseChannel | undefined;
  const dispose = () => {
    if (channel) channel.closed = true;
    const all = cleanups.splice(0);
    for (const cleanup of all) cleanup();
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const close = () => {
          if (channel?.closed) return;
          dispose();
          try {
            controller.close();
          } catch {
            // Already closed by the client going away.
          }
        };
        const out = new SseChannel(controller, close);
        channel = out;
        options.signal.addEventListener('abort', close, { once: true });
        const idOf = (cursor: number) => `${tail.epoch}:${cursor}`;
        out.write('retry: 2000\n\n');

        const plan = planReplay(tail.ring, tail.epoch, options.position, options.filter, options.lastEventId);
        if (plan.gap) out.write(sseMessage('gap', plan.gap));
        const { matched, lastCursor } = plan;
        for (let i = 0; i < matched.length; i += REPLAY_SLICE) {
          const slice = matched.slice(i, i + REPLAY_SLICE);
          out.write(sseMessage('events', { events: slice, replay: true }, idOf(i + REPLAY_SLICE >= matched.length ? lastCursor : slice[slice.length - 1].cursor)));
        }
        if (matched.length === 0) out.write(sseMessage('events', { events: [], replay: true }, idOf(lastCursor)));

        const pacer = new LivePacer(options.capPerSecond, options.filter, lastCursor, Date.now());
        let heldGaps: string[] = [];
        cleanups.push(
          tail.subscribe({
            onEvents(events) {
              pacer.offer(events, out.stalled(), Date.now());
            },
            onGap(message) {
              if (out.stalled()) heldGaps = [...heldGaps.slice(1 - HELD_GAPS), message];
              else out.write(sseMessage('gap', { message }));
            },
          }),
        );
        const flush = setInterval(() => {
          const stalled = out.stalled();
          const tick = pacer.tick(Date.now(), stalled);
          if (stalled) return;
          for (const message of heldGaps) out.write(sseMessage('gap', { message }));
          heldGaps = [];
          if (tick.skipped) {
            const seconds = Math.max(1, Math.round(tick.skipped.forMs / 1000));
            const message = `This view was not taking events as fast as they came, so Eddy skipped ${tick.skipped.count.toLocaleString('en-US')} events over ${seconds} s rather than hold them; it goes on live from here.`;
            out.write(sseMessage('gap', { message, skipped: tick.skipped.count }));
          }
          if (tick.cap) out.write(sseMessage('cap', tick.cap));
          if (tick.events && tick.idCursor !== undefined) out.write(sseMessage('events', { events: tick.events }, idOf(tick.idCursor)));
        }, FLUSH_MS);
        cleanups.push(() => clearInterval(flush));

        // Status is a snapshot: a stalled viewer gets the newest one when it reads again.
        let lastStatus = '';
        const sendStatus = () => {
          if (out.stalled()) return;
          const status = JSON.stringify(tail.status());
          if (status === lastStatus) return;
          lastStatus = status;
          out.write(`event: status\ndata: ${status}\n\n`);
        };
        sendStatus();
        cleanups.push(tail.onStatus(() => queueMicrotask(sendStatus)));
        const statusTimer = setInterval(sendStatus, STATUS_MS);
        cleanups.push(() => clearInterval(statusTimer));
        const heartbeat = setInterval(() => {
          if (!out.stalled()) out.write(': heartbeat\n\n');
        }, HEARTBEAT_MS);
        cleanups.push(() => clearInterval(heartbeat));
      },
      cancel() {
        dispose();
      },
    },
    byteQueuingStrategy(),
  );
}
