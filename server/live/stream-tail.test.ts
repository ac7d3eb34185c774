import { describe, expect, it } from 'vitest';
import type { StreamsApi } from '../aws/streams';
import { DEFAULT_LIVE_OPTIONS } from './options';
import { StreamTail } from './stream-tail';

const tail = () => new StreamTail('orders', {} as StreamsApi, async () => null, DEFAULT_LIVE_OPTIONS);

describe('StreamTail.activity', () => {
  it('measures the rate over the whole seconds it has read, not a fixed 10 s (a tail 4 s old shows the full rate)', () => {
    const t = tail();
    const start = 1_000_000;
    expect(t.activity(start)).toMatchObject({ eventsPerSecond: 0, measuredSeconds: 0 });
    t.readingSince = start;
    for (let s = 0; s < 4; s++) t.rate.add(6, start + s * 1000 + 500);
    expect(t.activity(start + 4_200)).toMatchObject({ eventsPerSecond: 6, measuredSeconds: 4 });
    for (let s = 4; s < 30; s++) t.rate.add(6, start + s * 1000 + 500);
    expect(t.activity(start + 30_200)).toMatchObject({ eventsPerSecond: 6, measuredSeconds: 10 });
  });
});
