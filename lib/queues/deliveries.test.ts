import { describe, expect, it } from 'vitest';
import { deliveryFacts, deliveryShowSchema, inDeliveryShow } from './deliveries';

const msg = (messageId: string, body: string, receiveCount: number | undefined, extra: { bodyTruncated?: boolean; bodyBytes?: number; shapeNote?: string; ownReceiveCount?: number } = {}) => ({
  messageId,
  body,
  bodyBytes: extra.bodyBytes ?? body.length,
  receiveCount,
  ...extra,
});

describe('deliveryFacts', () => {
  it('finds nothing in an empty browse', () => {
    const f = deliveryFacts([]);
    expect([f.redelivered.size, f.duplicates.size, f.duplicateSets, f.shape.size, f.receiveCountUnknown]).toEqual([0, 0, 0, 0, 0]);
  });

  it('counts messages received more than once, and those whose count is unknown apart', () => {
    const f = deliveryFacts([msg('a', '1', 1), msg('b', '2', 2), msg('c', '3', 5), msg('d', '4', undefined)]);
    expect([...f.redelivered]).toEqual(['b', 'c']);
    expect(f.receiveCountUnknown).toBe(1);
  });

  it('counts as redelivered what others than Eddy received more than once, where Eddy knows its own receives', () => {
    const f = deliveryFacts([
      // Received once by the consumer, then browsed twice by Eddy: not redelivered.
      msg('a', '1', 3, { ownReceiveCount: 2 }),
      // The consumer twice, Eddy once: redelivered.
      msg('b', '2', 3, { ownReceiveCount: 1 }),
      // Eddy's share unknown (sent before it started): the count as SQS gives it.
      msg('c', '3', 3),
      // Eddy's browse only.
      msg('d', '4', 1, { ownReceiveCount: 1 }),
    ]);
    expect([...f.redelivered]).toEqual(['b', 'c']);
    expect(f.receiveCountUnknown).toBe(0);
  });

  it('groups identical bodies: every member of each set, and the number of sets', () => {
    const f = deliveryFacts([msg('a', '{"x":1}', 1), msg('b', '{"x":1}', 1), msg('c', '{"x":2}', 1), msg('d', '{"x":1}', 1), msg('e', 'z', 1), msg('f', 'z', 1)]);
    expect([...f.duplicates].sort()).toEqual(['a', 'b', 'd', 'e', 'f']);
    expect(f.duplicateSets).toBe(2);
  });

  it('does not call two cut bodies of different sizes the same', () => {
    const f = deliveryFacts([msg('a', 'prefix', 1, { bodyTruncated: true, bodyBytes: 100_000 }), msg('b', 'prefix', 1, { bodyTruncated: true, bodyBytes: 200_000 })]);
    expect(f.duplicates.size).toBe(0);
  });

  it('collects the messages marked with a different shape, and filters by the URL group', () => {
    const f = deliveryFacts([msg('a', '1', 3, { shapeNote: 'total is S' }), msg('b', '2', 1)]);
    expect([...f.shape]).toEqual(['a']);
    expect(['a', 'b'].filter((id) => inDeliveryShow(id, 'shape', f))).toEqual(['a']);
    expect(['a', 'b'].filter((id) => inDeliveryShow(id, undefined, f))).toEqual(['a', 'b']);
  });

  it('reads ?show= leniently', () => {
    expect(deliveryShowSchema.parse('duplicates')).toBe('duplicates');
    expect(deliveryShowSchema.parse('nonsense')).toBeUndefined();
    expect(deliveryShowSchema.parse(undefined)).toBeUndefined();
  });
});
