import { describe, expect, it } from 'vitest';
import { OwnReceives } from './own-receives';

const MIN = 60_000;

describe('OwnReceives', () => {
  it('counts Eddy’s receives per queue and minute, 0 where it received nothing, nothing before it started', () => {
    let now = 100 * MIN + 5_000;
    const receives = new OwnReceives(() => now);
    receives.add('http://127.0.0.1:4566/000000000000/orders-dlq', 10);
    receives.add('http://127.0.0.1:4566/000000000000/orders-dlq', 3);
    receives.add('http://127.0.0.1:4566/000000000000/other', 7);
    now = 102 * MIN + 1_000;
    receives.add('http://127.0.0.1:4566/000000000000/orders-dlq', 2);
    expect(receives.series('orders-dlq', 95 * MIN, 103 * MIN)).toEqual({ at: [100 * MIN, 101 * MIN, 102 * MIN], values: [13, 0, 2] });
    expect(receives.series('other', 100 * MIN, 102 * MIN)).toEqual({ at: [100 * MIN, 101 * MIN], values: [7, 0] });
    expect(receives.series('never-browsed', 100 * MIN, 101 * MIN)).toEqual({ at: [100 * MIN], values: [0] });
  });
});
