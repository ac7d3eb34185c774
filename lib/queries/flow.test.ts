import { describe, expect, it } from 'vitest';
import { flowRefetchInterval } from './flow';

describe('flowRefetchInterval', () => {
  it('asks every 2 s only while Eddy’s own reader is measuring a stream, and only at first', () => {
    expect(flowRefetchInterval({ streamsBeingMeasured: 2 }, 1, false)).toBe(2_000);
    expect(flowRefetchInterval({ streamsBeingMeasured: 2 }, 15, false)).toBe(5_000);
  });

  it('keeps to 5 s when no stream is being measured, even with streams unmeasured (CloudWatch’s minute does not come sooner)', () => {
    expect(flowRefetchInterval({ streamsBeingMeasured: 0 }, 1, false)).toBe(5_000);
    expect(flowRefetchInterval({}, 1, false)).toBe(5_000);
    expect(flowRefetchInterval(undefined, 0, false)).toBe(5_000);
  });

  it('never asks while paused', () => {
    expect(flowRefetchInterval({ streamsBeingMeasured: 3 }, 0, true)).toBe(false);
    expect(flowRefetchInterval(undefined, 0, true)).toBe(false);
  });
});
