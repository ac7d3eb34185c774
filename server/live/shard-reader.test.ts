import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReadEvent, StreamsApi } from '../aws/streams';
import { DEFAULT_LIVE_OPTIONS } from './options';
import { ShardReader } from './shard-reader';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ShardReader pacing', () => {
  it('polls at the base pace through a second of quiet, then slower, and fast again when records come', async () => {
    const calls: number[] = [];
    let pending: ReadEvent[] = [];
    const api: StreamsApi = {
      describeStream: () => Promise.reject(new Error('unused')),
      getShardIterator: async () => 'it',
      getRecords: async () => {
        calls.push(Date.now());
        const events = pending;
        pending = [];
        return { events, nextIterator: 'it' };
      },
    };
    const hooks = { onEvents: vi.fn(), onClosed: vi.fn(), onGone: vi.fn(), onGap: vi.fn(), onState: vi.fn() };
    const reader = new ShardReader('arn:pacing', 'shard-pacing', 'LATEST', api, DEFAULT_LIVE_OPTIONS, hooks);
    reader.start();
    await vi.advanceTimersByTimeAsync(10_000);
    const gaps = calls.slice(1).map((t, i) => t - calls[i]);
    expect(gaps.slice(0, 4).every((g) => g >= 250 && g < 300)).toBe(true);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...gaps)).toBeLessThan(1_100);
    const idleCalls = calls.length;
    pending = [{ eventID: 'e', eventName: 'INSERT', shardId: 'shard-pacing', sequenceNumber: '100000000000000000001', approximateCreationTime: 0, sizeBytes: 1, viewType: 'KEYS_ONLY', keys: {}, ttlDelete: false }];
    await vi.advanceTimersByTimeAsync(1_100);
    expect(hooks.onEvents).toHaveBeenCalledTimes(1);
    // After the record, the pace is back to 250 ms (within the 4/s budget).
    const after = calls.slice(idleCalls);
    expect(after.slice(1).map((t, i) => t - after[i]).every((g) => g >= 240 && g < 300)).toBe(true);
    reader.stop();
  });
});
