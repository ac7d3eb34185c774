import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueueSampler } from './queue-sampler';

const q = (name: string, visible: number) => ({ name, visible, inFlight: 1, delayed: 0 });

describe('QueueSampler', () => {
  let sampler: QueueSampler<ReturnType<typeof q>> | undefined;
  afterEach(() => sampler?.stop());

  it('serves one refresh to concurrent callers and caches it', async () => {
    let now = 0;
    const load = vi.fn(async () => ({ queues: [q('a', 1)], calls: 2 }));
    sampler = new QueueSampler(load, { cacheMs: 5_000 }, () => now);
    const [x, y] = await Promise.all([sampler.snapshot(), sampler.snapshot()]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(x.calls).toBe(2);
    expect(y.calls).toBe(2);
    now = 4_000;
    expect((await sampler.snapshot()).calls).toBe(0);
    now = 6_000;
    expect((await sampler.snapshot()).calls).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('serves a cached snapshot to `notBefore` only when its refresh began at or after that time', async () => {
    let now = 1_000;
    const load = vi.fn(async () => ({ queues: [q('a', 1)], calls: 2 }));
    sampler = new QueueSampler(load, { cacheMs: 10_000 }, () => now);
    expect(sampler.current()).toBeUndefined();
    await sampler.snapshot();
    expect(sampler.current()).toMatchObject({ startedAt: 1_000, calls: 0 });
    now = 2_000;
    // A page listed the names at 1,000: the snapshot begun then covers them.
    expect((await sampler.snapshot({ notBefore: 1_000 })).calls).toBe(0);
    // Names listed at 1,500 may include a queue the 1,000 refresh did not know: refresh.
    const fresh = await sampler.snapshot({ notBefore: 1_500 });
    expect(fresh).toMatchObject({ startedAt: 2_000, calls: 2 });
    expect(load).toHaveBeenCalledTimes(2);
    now = 12_500;
    expect(sampler.current()).toBeUndefined();
  });

  it('does not answer `notBefore` with a refresh in flight that began earlier: it waits it out and refreshes', async () => {
    let now = 1_000;
    const releases: (() => void)[] = [];
    const load = vi.fn(() => {
      const listed = now;
      return new Promise<{ queues: ReturnType<typeof q>[]; calls: number }>((resolve) => releases.push(() => resolve({ queues: [q(`listed-${listed}`, 0)], calls: 1 })));
    });
    sampler = new QueueSampler(load, { cacheMs: 10_000 }, () => now);
    const early = sampler.snapshot();
    // A page lists the names at 1,500 while the refresh begun at 1,000 still runs.
    now = 1_500;
    const covering = sampler.snapshot({ notBefore: 1_500 });
    const joining = sampler.snapshot({ notBefore: 1_000 });
    expect(load).toHaveBeenCalledTimes(1);
    releases[0]();
    await expect(early).resolves.toMatchObject({ startedAt: 1_000 });
    await expect(joining).resolves.toMatchObject({ startedAt: 1_000 });
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    releases[1]();
    const snapshot = await covering;
    expect(snapshot).toMatchObject({ startedAt: 1_500 });
    expect(snapshot.queues.map((x) => x.name)).toEqual(['listed-1500']);
  });

  it('keeps a bounded history per queue and forgets deleted queues', () => {
    sampler = new QueueSampler(async () => ({ queues: [], calls: 0 }), { historyLength: 3 });
    for (let i = 0; i < 5; i++) sampler.record([q('a', i), q('b', 10 * i)], i * 1_000);
    expect(sampler.historyOf('a').map((s) => s.visible)).toEqual([2, 3, 4]);
    sampler.record([q('a', 5)], 5_000);
    expect(sampler.historyOf('b')).toEqual([]);
    expect(sampler.historyOf('a')).toHaveLength(3);
  });

  it('adds no sample for a queue read without its counts, and keeps its history', () => {
    const s = new QueueSampler<{ name: string; visible?: number; inFlight?: number; delayed?: number }>(async () => ({ queues: [], calls: 0 }));
    s.record([q('a', 4)], 1_000);
    // A refresh where SQS left ApproximateNumberOfMessagesNotVisible out: not a drain to 0.
    s.record([{ name: 'a', visible: 4, inFlight: undefined, delayed: 0 }], 2_000);
    s.record([q('a', 6)], 3_000);
    expect(s.historyOf('a')).toEqual([
      { at: 1_000, visible: 4, inFlight: 1, delayed: 0 },
      { at: 3_000, visible: 6, inFlight: 1, delayed: 0 },
    ]);
  });

  it('refreshes in the background while asked, and stops when idle', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const load = vi.fn(async () => ({ queues: [q('a', now)], calls: 1 }));
      sampler = new QueueSampler(load, { intervalMs: 1_000, idleStopMs: 3_000, cacheMs: 0 }, () => now);
      await sampler.snapshot();
      for (let i = 1; i <= 6; i++) {
        now = i * 1_000;
        await vi.advanceTimersByTimeAsync(1_000);
      }
      // Ticks at 1–3 s refresh; the tick at 4 s finds the last ask 4 s old and stops.
      expect(load).toHaveBeenCalledTimes(4);
      expect(sampler.historyOf('a').map((s) => s.at)).toEqual([0, 1_000, 2_000, 3_000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('serves the engine’s background asks at the unwatched pace, without starting the watched one', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const load = vi.fn(async () => ({ queues: [q('a', now)], calls: 1 }));
      sampler = new QueueSampler(load, { intervalMs: 10_000, cacheMs: 10_000, idleStopMs: 60_000, unwatchedIntervalMs: 60_000 }, () => now);
      // Nobody watching: the engine's asks every 15 s refresh once a minute, and no timer runs.
      for (let t = 0; t <= 120_000; t += 15_000) {
        now = t;
        await sampler.snapshot({ background: true });
        await vi.advanceTimersByTimeAsync(15_000);
      }
      expect(sampler.watched()).toBe(false);
      expect(sampler.historyOf('a').map((s) => s.at)).toEqual([0, 60_000, 120_000]);
      // A page asks: the 10 s pace runs, and the engine's asks are served from it.
      now = 130_000;
      await sampler.snapshot();
      expect(sampler.watched()).toBe(true);
      now = 135_000;
      await sampler.snapshot({ background: true });
      expect(load).toHaveBeenCalledTimes(4);
      now = 141_000;
      await sampler.snapshot({ background: true });
      expect(load).toHaveBeenCalledTimes(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a failed refresh reach its caller and recovers on the next', async () => {
    let fail = true;
    sampler = new QueueSampler(async () => {
      if (fail) throw new Error('throttled');
      return { queues: [q('a', 1)], calls: 1 };
    });
    await expect(sampler.snapshot()).rejects.toThrow('throttled');
    fail = false;
    await expect(sampler.snapshot()).resolves.toMatchObject({ queues: [q('a', 1)] });
  });
});
