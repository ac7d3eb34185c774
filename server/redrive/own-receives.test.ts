import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_MESSAGES, OwnReceives } from './own-receives';

const MIN = 60_000;
const DLQ = 'http://127.0.0.1:4566/000000000000/orders-dlq';
const SOURCE = 'http://127.0.0.1:4566/000000000000/orders';

/** `n` distinct messages, sent at `sentAt`. */
const batch = (n: number, sentAt?: number, prefix = 'm') => Array.from({ length: n }, (_, i) => ({ messageId: `${prefix}-${i}`, sentAt }));

describe('OwnReceives', () => {
  it('counts Eddy’s receives per queue and minute, 0 where it received nothing, nothing before it started', () => {
    let now = 100 * MIN + 5_000;
    const receives = new OwnReceives(() => now);
    receives.add(DLQ, batch(10));
    receives.add(DLQ, batch(3, undefined, 'n'));
    receives.add('http://127.0.0.1:4566/000000000000/other', batch(7));
    now = 102 * MIN + 1_000;
    receives.add(DLQ, batch(2));
    expect(receives.series('orders-dlq', 95 * MIN, 103 * MIN)).toEqual({ at: [100 * MIN, 101 * MIN, 102 * MIN], values: [13, 0, 2] });
    expect(receives.series('other', 100 * MIN, 102 * MIN)).toEqual({ at: [100 * MIN, 101 * MIN], values: [7, 0] });
    expect(receives.series('never-browsed', 100 * MIN, 101 * MIN)).toEqual({ at: [100 * MIN], values: [0] });
  });

  it('counts each message’s receives, this one included — in its source queue too, where its id and count come from', () => {
    const started = 100 * MIN;
    const now = started + 10 * MIN;
    const receives = new OwnReceives(() => now, started);
    const sent = started + MIN;
    // An override browse of the source queue, then the message dead-lettered keeps id and count.
    expect(receives.add(SOURCE, [{ messageId: 'a', sentAt: sent }])).toEqual([1]);
    expect(receives.add(DLQ, [{ messageId: 'a', sentAt: sent }, { messageId: 'b', sentAt: sent }])).toEqual([2, 1]);
    expect(receives.add(DLQ, [{ messageId: 'b', sentAt: sent }])).toEqual([2]);
    expect(receives.receivesOf('a', sent)).toBe(2);
    expect(receives.receivesOf('never-received', sent)).toBe(0);
  });

  it('does not know its share of a message sent before it started (an earlier Eddy may have received it), or without a sent time', () => {
    const started = 100 * MIN;
    const receives = new OwnReceives(() => started + MIN, started);
    const before = started - 1;
    expect(receives.add(DLQ, [{ messageId: 'old', sentAt: before }, { messageId: 'new', sentAt: started }, { messageId: 'untimed' }])).toEqual([undefined, 1, undefined]);
    expect(receives.receivesOf('old', before)).toBeUndefined();
    expect(receives.receivesOf('untimed', undefined)).toBeUndefined();
  });

  it('stays bounded: past the cap it forgets the earliest-sent, and no longer vouches for any message sent up to the last one forgotten', () => {
    const started = 0;
    const receives = new OwnReceives(() => 365 * 24 * 60 * MIN, started);
    const sentAt = (i: number) => MIN + i;
    // Every message received once, in order of sending.
    for (let i = 0; i < MAX_TRACKED_MESSAGES; i += 1_000) {
      receives.add(DLQ, Array.from({ length: 1_000 }, (_, j) => ({ messageId: `m-${i + j}`, sentAt: sentAt(i + j) })));
    }
    expect(receives.tracked).toBe(MAX_TRACKED_MESSAGES);
    expect(receives.receivesOf('m-0', sentAt(0))).toBe(1);
    // One more: the earliest-sent tenth goes.
    expect(receives.add(DLQ, [{ messageId: 'late', sentAt: sentAt(MAX_TRACKED_MESSAGES) }])).toEqual([1]);
    expect(receives.tracked).toBeLessThanOrEqual(MAX_TRACKED_MESSAGES);
    const lastForgotten = MAX_TRACKED_MESSAGES / 10 - 1;
    expect(receives.receivesOf('m-0', sentAt(0))).toBeUndefined();
    expect(receives.receivesOf(`m-${lastForgotten}`, sentAt(lastForgotten))).toBeUndefined();
    expect(receives.receivesOf(`m-${lastForgotten + 1}`, sentAt(lastForgotten + 1))).toBe(1);
    // A forgotten message received again: its count restarted, so it is not vouched for.
    expect(receives.add(DLQ, [{ messageId: 'm-0', sentAt: sentAt(0) }])).toEqual([undefined]);
  });
});
