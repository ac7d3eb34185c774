import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent, TailStatus } from '@/lib/types/streams';
import type { TailListener } from '../../live/stream-tail';
import { RingBuffer } from '../../live/ring-buffer';
import { eventStreamBody, type TailView } from '.';
import { STALL_BYTES } from './sse';

vi.mock('server-only', () => ({}));

/** A tail fed by the test: what the shard readers would push. */
function fakeTail() {
  const ring = new RingBuffer<StreamEvent>(20_000);
  const listeners = new Set<TailListener>();
  let n = 0;
  const tail: TailView = {
    epoch: 'abcd',
    ring,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus: () => () => undefined,
    status: () => ({ table: 'orders', state: 'reading' }) as unknown as TailStatus,
  };
  const push = (count: number) => {
    const events: StreamEvent[] = [];
    for (let i = 0; i < count; i++, n++) {
      const event: StreamEvent = {
        cursor: 0,
        eventID: `e-${n}`,
        eventName: 'MODIFY',
        shardId: 'shard-1',
        sequenceNumber: String(1_000_000 + n),
        approximateCreationTime: Date.now(),
        sizeBytes: 120,
        viewType: 'NEW_AND_OLD_IMAGES',
        keys: { orderId: { S: `o-${n}` } },
        newImage: { orderId: { S: `o-${n}` }, status: { S: 'PAID' }, note: { S: 'x'.repeat(80) } },
        ttlDelete: false,
      };
      event.cursor = ring.push(event);
      events.push(event);
    }
    for (const listener of listeners) listener.onEvents(events);
  };
  return { tail, push, pushed: () => n };
}

/** Reads what the stream has queued for its reader right now (no timer runs meanwhile). */
function queuedReader(reader: ReadableStreamDefaultReader<Uint8Array>) {
  // A read that lost the race stays pending: the next drain takes its chunk first.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  return async (): Promise<Uint8Array[]> => {
    const chunks: Uint8Array[] = [];
    for (;;) {
      pending ??= reader.read();
      const next = await Promise.race([pending, new Promise<'empty'>((resolve) => setImmediate(() => resolve('empty')))]);
      if (next === 'empty') return chunks;
      pending = undefined;
      if (next.done) return chunks;
      chunks.push(next.value);
    }
  };
}

function parse(chunks: Uint8Array[]): { event: string; data: unknown }[] {
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  return text
    .split('\n\n')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return event && data ? { event, data: JSON.parse(data) as unknown } : undefined;
    })
    .filter((m) => m !== undefined);
}

const sentEvents = (messages: { event: string; data: unknown }[]) =>
  messages.filter((m) => m.event === 'events').reduce((sum, m) => sum + (m.data as { events: unknown[] }).events.length, 0);

describe('SSE backpressure', () => {
  beforeEach(() => {
    // setImmediate stays real: drainQueued uses it to see that nothing more is queued.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds a bounded amount for a viewer that reads nothing, and tells it how many events it skipped when it reads again', async () => {
    const { tail, push, pushed } = fakeTail();
    const abort = new AbortController();
    const body = eventStreamBody(tail, { table: 'orders', filter: {}, position: { type: 'live' }, capPerSecond: 2_500, signal: abort.signal });
    const drainQueued = queuedReader(body.getReader());
    try {
      // 60 s at 2,000 records/s, and the viewer reads nothing.
      for (let tick = 0; tick < 600; tick++) {
        push(200);
        await vi.advanceTimersByTimeAsync(100);
      }
      const queued = await drainQueued();
      const queuedBytes = queued.reduce((sum, c) => sum + c.byteLength, 0);
      // What the stream held for the stalled viewer: its byte budget and at most one message over it,
      // where writing all 120,000 events would have queued over 20 MB.
      expect(queuedBytes).toBeGreaterThan(0);
      expect(queuedBytes).toBeLessThan(2 * STALL_BYTES);
      const before = parse(queued);
      expect(before.some((m) => m.event === 'gap' && (m.data as { skipped?: number }).skipped)).toBe(false);

      // It reads again: one notice with the count, then live events.
      const after: Uint8Array[] = [];
      for (let tick = 0; tick < 10; tick++) {
        push(200);
        await vi.advanceTimersByTimeAsync(100);
        after.push(...(await drainQueued()));
      }
      const messages = parse(after);
      const notices = messages.filter((m) => m.event === 'gap');
      expect(notices).toHaveLength(1);
      const skipped = (notices[0].data as { skipped: number }).skipped;
      expect(skipped).toBeGreaterThan(100_000);
      expect(messages.indexOf(notices[0])).toBeLessThan(messages.findIndex((m) => m.event === 'events' && (m.data as { events: unknown[] }).events.length > 0));
      // Every event is either sent or counted as skipped: none silently lost, none twice.
      const stillWaiting = pushed() - sentEvents(before) - skipped - sentEvents(messages);
      expect(stillWaiting).toBeGreaterThanOrEqual(0);
      expect(stillWaiting).toBeLessThanOrEqual(400);
    } finally {
      abort.abort();
    }
  });

  it('sends everything to a viewer that keeps up at 2,000 records/s and skips nothing', async () => {
    const { tail, push, pushed } = fakeTail();
    const abort = new AbortController();
    const body = eventStreamBody(tail, { table: 'orders', filter: {}, position: { type: 'live' }, capPerSecond: 2_500, signal: abort.signal });
    const drainQueued = queuedReader(body.getReader());
    const chunks: Uint8Array[] = [];
    try {
      for (let tick = 0; tick < 100; tick++) {
        push(200);
        await vi.advanceTimersByTimeAsync(100);
        chunks.push(...(await drainQueued()));
      }
      for (let tick = 0; tick < 5; tick++) {
        await vi.advanceTimersByTimeAsync(100);
        chunks.push(...(await drainQueued()));
      }
      const messages = parse(chunks);
      expect(messages.filter((m) => m.event === 'gap')).toEqual([]);
      expect(sentEvents(messages)).toBe(pushed());
    } finally {
      abort.abort();
    }
  });
});
