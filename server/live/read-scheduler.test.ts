import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import type { ReadEvent, RecordsPage } from '../aws/streams';
import { ShardReadScheduler, SLOWED_MESSAGE, type ShardReadApi } from './read-scheduler';

const event = (n: number): ReadEvent => ({
  eventID: `e${n}`,
  eventName: 'INSERT',
  shardId: 's',
  sequenceNumber: String(100000000000000000000n + BigInt(n)),
  approximateCreationTime: 0,
  sizeBytes: 1,
  viewType: 'KEYS_ONLY',
  keys: { id: { S: String(n) } },
  ttlDelete: false,
});

/** A shard of `count` records behind a fake Streams API that logs every call and its time. */
function fakeShard(count: number, options: { throttleFirst?: number; closed?: boolean } = {}) {
  const records = Array.from({ length: count }, (_, i) => event(i + 1));
  const log: { op: string; at: number; arg?: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let throttles = options.throttleFirst ?? 0;
  const api: ShardReadApi = {
    async getShardIterator(_arn, _shard, type, seq) {
      log.push({ op: 'iterator', at: Date.now(), arg: `${type}${seq ? `:${seq}` : ''}` });
      const index = type === 'TRIM_HORIZON' ? 0 : type === 'LATEST' ? records.length : records.findIndex((r) => r.sequenceNumber === seq) + (type === 'AFTER_SEQUENCE_NUMBER' ? 1 : 0);
      return `it:${index}`;
    },
    async getRecords(iterator, _shard, limit = 1000): Promise<RecordsPage> {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push({ op: 'records', at: Date.now(), arg: iterator });
      await Promise.resolve();
      inFlight--;
      if (throttles > 0) {
        throttles--;
        throw new AppError('throttled', 'Rate exceeded', 'LimitExceededException');
      }
      const index = Number(iterator.slice(3));
      const events = records.slice(index, index + limit);
      const end = index + events.length;
      return { events, nextIterator: options.closed && end >= records.length ? undefined : `it:${end}` };
    },
  };
  return { api, log, records, maxInFlight: () => maxInFlight, push: (n: number) => records.push(event(n)) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ShardReadScheduler', () => {
  it('reads on from where a page ended with that page’s iterator: a new iterator only when the position changes', async () => {
    const shard = fakeShard(5);
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's');
    const first = await scheduler.read({ from: { type: 'TRIM_HORIZON' }, priority: 'live', limit: 2 });
    expect(first.events.map((e) => e.eventID)).toEqual(['e1', 'e2']);
    const reading = scheduler.read({ from: first.next, priority: 'live', limit: 2 });
    await vi.advanceTimersByTimeAsync(300);
    const second = await reading;
    expect(second.events.map((e) => e.eventID)).toEqual(['e3', 'e4']);
    expect(shard.log.filter((l) => l.op === 'iterator').map((l) => l.arg)).toEqual(['TRIM_HORIZON']);
  });

  it('answers a position a decoded page covers without a call', async () => {
    const shard = fakeShard(10);
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's');
    await scheduler.read({ from: { type: 'TRIM_HORIZON' }, priority: 'person' });
    const again = await scheduler.read({ from: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: shard.records[4].sequenceNumber }, priority: 'person', limit: 3 });
    expect(again).toMatchObject({ source: 'cache', closed: false });
    expect(again.events.map((e) => e.eventID)).toEqual(['e5', 'e6', 'e7']);
    expect(shard.log.filter((l) => l.op === 'records')).toHaveLength(1);
  });

  it('answers a person from the live tail’s ring when it holds what follows the position', async () => {
    const shard = fakeShard(6);
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's');
    scheduler.attachRing(() => shard.records.slice(2));
    const page = await scheduler.read({ from: { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.records[3].sequenceNumber }, priority: 'person' });
    expect(page.source).toBe('ring');
    expect(page.events.map((e) => e.eventID)).toEqual(['e5', 'e6']);
    expect(shard.log).toEqual([]);
  });

  it('keeps one call in flight, serves a person before the live head, and stays within its budget', async () => {
    const shard = fakeShard(0);
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's', { readsPerSecond: 4 });
    const order: string[] = [];
    const reads: Promise<unknown>[] = [];
    // Twelve live polls and, queued after them, one person: the person goes next.
    for (let i = 0; i < 12; i++) reads.push(scheduler.read({ from: { type: 'LATEST' }, priority: 'live' }).then(() => order.push('live')));
    reads.push(scheduler.read({ from: { type: 'TRIM_HORIZON' }, priority: 'person' }).then(() => order.push('person')));
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(reads);
    expect(order.indexOf('person')).toBeLessThanOrEqual(1);
    expect(shard.maxInFlight()).toBe(1);
    const calls = shard.log.filter((l) => l.op === 'records').map((l) => l.at);
    expect(calls).toHaveLength(13);
    // 4 a second with a bucket of one: no second holds more than 1 + 4 calls, and 13 calls take 3 s.
    for (const t of calls) expect(calls.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    expect(calls[12] - calls[0]).toBeGreaterThanOrEqual(2_990);
  });

  it('backs off when throttled, halves its rate, says so in words, and still serves the request', async () => {
    const shard = fakeShard(3, { throttleFirst: 2 });
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's', { readsPerSecond: 4, backoffBaseMs: 500, backoffMaxMs: 4_000 });
    const read = scheduler.read({ from: { type: 'TRIM_HORIZON' }, priority: 'live' });
    await vi.advanceTimersByTimeAsync(10);
    expect(scheduler.status()).toMatchObject({ state: 'slowed', message: SLOWED_MESSAGE, budgetPerSecond: 2, throttles: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(read).resolves.toMatchObject({ events: [{ eventID: 'e1' }, { eventID: 'e2' }, { eventID: 'e3' }] });
    const calls = shard.log.filter((l) => l.op === 'records').map((l) => l.at);
    // Equal jitter: the second wait is at least half of twice the first ceiling.
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(250);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(500);
    expect(scheduler.status().throttles).toBe(2);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(scheduler.status()).toMatchObject({ state: 'normal', budgetPerSecond: 4 });
  });

  it('gives up on a person’s request that waited past its limit, as throttled', async () => {
    const shard = fakeShard(1, { throttleFirst: 100 });
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's', { backoffBaseMs: 500, backoffMaxMs: 1_000 });
    const read = scheduler.read({ from: { type: 'TRIM_HORIZON' }, priority: 'person', maxWaitMs: 3_000 });
    const outcome = read.catch((error: AppError) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await outcome).toMatchObject({ code: 'throttled', message: expect.stringMatching(/shard is busy/) });
  });

  it('says when a closed shard is read to its end, from the shard and from the cache', async () => {
    const shard = fakeShard(2, { closed: true });
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's');
    const page = await scheduler.read({ from: { type: 'TRIM_HORIZON' }, priority: 'person' });
    expect(page.closed).toBe(true);
    const after = await scheduler.read({ from: { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.records[1].sequenceNumber }, priority: 'person' });
    expect(after).toMatchObject({ events: [], closed: true, source: 'cache' });
  });

  it('withdraws a waiting request when its signal aborts', async () => {
    const shard = fakeShard(0);
    const scheduler = new ShardReadScheduler(shard.api, 'arn', 's', { readsPerSecond: 1 });
    await scheduler.read({ from: { type: 'LATEST' }, priority: 'live' });
    const abort = new AbortController();
    const waiting = scheduler.read({ from: { type: 'LATEST' }, priority: 'live', signal: abort.signal }).catch((e: Error) => e);
    abort.abort();
    expect(await waiting).toBeInstanceOf(AppError);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(shard.log.filter((l) => l.op === 'records')).toHaveLength(1);
  });
});
