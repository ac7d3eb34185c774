import { describe, expect, it } from 'vitest';
import { dlqArrivals, mappingFailing } from './recent-failure';

const NOW = 1_000_000_000;
const s = (minutesAgo: number, visible: number, inFlight = 0) => ({ at: NOW - minutesAgo * 60_000, visible, inFlight, delayed: 0 });

describe('dlqArrivals', () => {
  it('is unknown without samples across the window', () => {
    expect(dlqArrivals([], NOW).measured).toBe(false);
    expect(dlqArrivals([s(1, 3)], NOW).measured).toBe(false);
    expect(dlqArrivals([s(7, 3), s(6, 3)], NOW).measured).toBe(false);
  });

  it('is unknown for a window seen only in part with no rise, but a rise seen is a rise', () => {
    expect(dlqArrivals([s(2, 3), s(1, 3)], NOW).measured).toBe(false);
    expect(dlqArrivals([s(2, 3), s(1, 5)], NOW)).toEqual({ measured: true, arrived: 2, lastAt: NOW - 60_000 });
  });

  it('counts 0 for a steady or draining DLQ watched across the window', () => {
    expect(dlqArrivals([s(6, 10), s(3, 8), s(0, 4)], NOW)).toEqual({ measured: true, arrived: 0, lastAt: undefined });
  });

  it('sums the rises in the window only (in-flight counts too)', () => {
    expect(dlqArrivals([s(9, 0), s(6, 5), s(4, 4), s(2, 4, 2), s(1, 3)], NOW)).toEqual({ measured: true, arrived: 2, lastAt: NOW - 2 * 60_000 });
  });
});

describe('mappingFailing', () => {
  it.each([
    [undefined, false],
    ['OK', false],
    ['No records processed', false],
    ['PROBLEM: Function call failed', true],
  ])('%s → %s', (value, expected) => expect(mappingFailing(value)).toBe(expected));
});
