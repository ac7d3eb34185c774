import { describe, expect, it } from 'vitest';
import { compareDepthDescending, depthPoints, depthSamples, knownDepthParts, queueDepth, sparklineSamples } from './depth';

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

  it.each([
    [{ visible: undefined, inFlight: 0, delayed: 0 }],
    [{ visible: 5, inFlight: undefined, delayed: 1 }],
    [{ visible: 5, inFlight: 2, delayed: undefined }],
  ])('is unknown when a part SQS did not return is missing (%o), never the sum of the others', (parts) => {
    expect(queueDepth(parts)).toBeUndefined();
    expect(knownDepthParts(parts)).toBeUndefined();
  });

  it('orders the deepest first and an unknown depth after every known one', () => {
    const q = (name: string, visible: number | undefined) => ({ name, visible, inFlight: 0, delayed: 0 });
    const sorted = [q('unknown', undefined), q('empty', 0), q('deep', 9), q('some', 3)].sort(compareDepthDescending);
    expect(sorted.map((x) => x.name)).toEqual(['deep', 'some', 'empty', 'unknown']);
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

describe('sparklineSamples', () => {
  const at = (i: number, depth: number, inFlight = 0) => ({ at: i * 10_000, visible: depth - inFlight, inFlight, delayed: 0 });

  it('keeps the ends and every change of depth, drops samples on a flat stretch', () => {
    const history = [at(0, 0), at(1, 0), at(2, 0), at(3, 5), at(4, 5, 2), at(5, 5), at(6, 1), at(7, 1), at(8, 1)];
    expect(sparklineSamples(history)).toEqual([at(0, 0), at(2, 0), at(3, 5), at(5, 5), at(6, 1), at(8, 1)]);
  });

  it('sends a steady queue as two samples and leaves short histories alone', () => {
    expect(sparklineSamples(Array.from({ length: 30 }, (_, i) => at(i, 3)))).toEqual([at(0, 3), at(29, 3)]);
    expect(sparklineSamples([at(0, 1)])).toEqual([at(0, 1)]);
    expect(sparklineSamples([])).toEqual([]);
  });
});
