import { describe, expect, it } from 'vitest';
import { netChangePerMinute } from './net-change';

describe('netChangePerMinute', () => {
  it.each([
    ['no samples', [], []],
    ['one sample', [{ at: 0, depth: 5 }], []],
    ['+10 in 10 s', [{ at: 0, depth: 0 }, { at: 10_000, depth: 10 }], [{ at: 10_000, perMinute: 60 }]],
    ['-5 in a minute, out of order', [{ at: 60_000, depth: 0 }, { at: 0, depth: 5 }], [{ at: 60_000, perMinute: -5 }]],
    ['a sample 200 ms later is skipped', [{ at: 0, depth: 0 }, { at: 200, depth: 100 }, { at: 30_000, depth: 10 }], [{ at: 30_000, perMinute: 20 }]],
  ])('%s', (_, samples, expected) => {
    expect(netChangePerMinute(samples)).toEqual(expected);
  });
});
