import { describe, expect, it } from 'vitest';
import { depthPoints, depthSamples, queueDepth } from './depth';

describe('queueDepth', () => {
  it.each([
    [{ visible: 0, inFlight: 0, delayed: 0 }, 0],
    // A consumer holding every message: the queue is not empty, it is stuck.
    [{ visible: 0, inFlight: 7, delayed: 0 }, 7],
    [{ visible: 0, inFlight: 0, delayed: 3 }, 3],
    [{ visible: 5, inFlight: 2, delayed: 1 }, 8],
  ])('counts %o as %i', (parts, depth) => {
    expect(queueDepth(parts)).toBe(depth);
  });

  it('turns a sampler history into forecast points and health samples alike', () => {
    const history = [
      { at: 1_000, visible: 1, inFlight: 1, delayed: 0 },
      { at: 11_000, visible: 4, inFlight: 0, delayed: 2 },
    ];
    expect(depthPoints(history)).toEqual([
      { at: 1_000, depth: 2 },
      { at: 11_000, depth: 6 },
    ]);
    expect(depthSamples(history)).toEqual([
      { t: 1_000, depth: 2 },
      { t: 11_000, depth: 6 },
    ]);
  });
});
