import { describe, expect, it } from 'vitest';
import { RateCounter } from './rate';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('numbers items and keeps only the last `capacity`', () => {
    const ring = new RingBuffer<string>(3);
    expect(ring.lastCursor).toBe(0);
    expect(ring.after(0)).toEqual([]);
    for (const s of ['a', 'b', 'c', 'd']) ring.push(s);
    expect(ring.all()).toEqual(['b', 'c', 'd']);
    expect(ring.oldestCursor).toBe(2);
    expect(ring.after(2)).toEqual(['c', 'd']);
    expect(ring.holdsAfter(1)).toBe(true);
    expect(ring.holdsAfter(0)).toBe(false);
    // A cursor from the future (another tail) is not held either.
    expect(ring.holdsAfter(9)).toBe(false);
    expect(ring.find((s) => s === 'c')).toBe('c');
    expect(ring.find((s) => s === 'a')).toBeUndefined();
  });
});

describe('RateCounter', () => {
  it('counts complete seconds only and forgets old ones', () => {
    const rate = new RateCounter(60);
    rate.add(10, 1_000);
    rate.add(20, 2_500);
    expect(rate.total(10, 2_900)).toBe(10);
    expect(rate.total(10, 3_000)).toBe(30);
    expect(rate.perSecond(10, 3_000)).toBe(3);
    expect(rate.total(10, 60_000)).toBe(0);
    // A bucket reused a minute later starts from zero.
    rate.add(5, 61_000);
    expect(rate.total(1, 62_000)).toBe(5);
  });
});
