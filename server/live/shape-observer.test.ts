import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '@/lib/types/streams';
import { ShapeObserver } from './shape-observer';

let seq = 1000;
function event(eventName: StreamEvent['eventName'], total: { N: string } | { S: string } | undefined, shardId = 'shard-1'): StreamEvent {
  seq += 1;
  const image = total ? { orderId: { S: `o-${seq}` }, total } : undefined;
  return { cursor: seq, eventID: `e${seq}`, eventName, shardId, sequenceNumber: String(seq), approximateCreationTime: seq * 1000, sizeBytes: 10, viewType: 'NEW_AND_OLD_IMAGES', keys: { orderId: { S: `o-${seq}` } }, newImage: eventName === 'REMOVE' ? undefined : image, oldImage: eventName === 'REMOVE' ? image : undefined, ttlDelete: false };
}

describe('ShapeObserver', () => {
  it('knows nothing of a table it has not seen', () => {
    const observer = new ShapeObserver();
    expect(observer.get('orders')).toBeUndefined();
    expect(observer.anomaliesIn('orders', 'shard-1', '0', '9999')).toEqual([]);
  });

  it('learns from new images only, counting records without one apart', () => {
    const observer = new ShapeObserver(() => 42);
    observer.observe('orders', [event('INSERT', { N: '1' }), event('REMOVE', { N: '1' }), event('MODIFY', { N: '2' })]);
    const seen = observer.get('orders');
    expect(seen?.learner.imageCount).toBe(2);
    expect(seen?.withoutImage).toBe(1);
    expect(seen?.since).toBe(42);
    expect(seen?.viewTypes).toEqual(['NEW_AND_OLD_IMAGES']);
  });

  it('remembers the records that did not fit, findable by shard and sequence range', () => {
    const observer = new ShapeObserver();
    observer.observe('orders', Array.from({ length: 6 }, () => event('INSERT', { N: '1' })));
    const odd = event('INSERT', { S: '1.00' });
    const elsewhere = event('INSERT', { S: '2.00' }, 'shard-2');
    observer.observe('orders', [odd, elsewhere, event('INSERT', { N: '3' })]);
    const found = observer.anomaliesIn('orders', 'shard-1', odd.sequenceNumber, odd.sequenceNumber);
    expect(found.map((r) => r.eventID)).toEqual([odd.eventID]);
    expect(found[0].anomalies[0].attribute).toBe('total');
    expect(observer.anomaliesIn('orders', 'shard-1', String(Number(odd.sequenceNumber) + 1), '999999')).toEqual([]);
    expect(observer.anomaliesIn('orders', 'shard-2', '0', '999999').map((r) => r.eventID)).toEqual([elsewhere.eventID]);
  });
});
