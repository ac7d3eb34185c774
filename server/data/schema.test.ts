import { afterEach, describe, expect, it } from 'vitest';
import type { QueueMessage } from '@/lib/types/queues';
import type { StreamEvent } from '@/lib/types/streams';
import { ShapeObserver } from '../live/shape-observer';
import { resetServices, setServicesForTest } from '../services';
import { allSchemaDriftFindings, markDeadLetterShapes, schemaDriftFindings } from './schema';

let seq = 5000;
function insert(total: { N: string } | { S: string }): StreamEvent {
  seq += 1;
  const image = { orderId: { S: `o-${seq}` }, customerId: { S: 'c-1' }, total };
  return { cursor: seq, eventID: `e${seq}`, eventName: 'INSERT', shardId: 'shard-1', sequenceNumber: String(seq), approximateCreationTime: seq, sizeBytes: 1, viewType: 'NEW_AND_OLD_IMAGES', keys: { orderId: image.orderId }, newImage: image, ttlDelete: false };
}
const message = (messageId: string, body: string): QueueMessage => ({ messageId, body, bodyBytes: body.length, attributes: [], systemAttributes: {} });
const failureRecord = (start: number, end: number) =>
  JSON.stringify({
    requestContext: { requestId: 'r', functionArn: 'arn:aws:lambda:us-east-1:1:function:order-projector', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
    version: '1.0',
    timestamp: '2026-01-01T00:00:00Z',
    DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: String(start), endSequenceNumber: String(end), batchSize: 1, streamArn: 'arn:aws:dynamodb:us-east-1:1:table/orders/stream/2026' },
  });

afterEach(() => resetServices());

function observerWithDrift() {
  const observer = new ShapeObserver();
  observer.observe('orders', Array.from({ length: 6 }, () => insert({ N: '10' })));
  const odd = insert({ S: '10.00' });
  observer.observe('orders', [odd]);
  setServicesForTest({ shapeObserver: observer });
  return Number(odd.sequenceNumber);
}

describe('schema drift in server/data', () => {
  it('has no findings for a table it never observed', () => {
    setServicesForTest({ shapeObserver: new ShapeObserver() });
    expect(schemaDriftFindings('orders')).toEqual([]);
  });

  it('turns each drift into a finding a health engine can read', () => {
    observerWithDrift();
    expect(schemaDriftFindings('orders')).toEqual([
      expect.objectContaining({ id: 'schema-drift:orders:type_changed:total', rule: 'schema-drift', severity: 'critical', title: 'orders.total changed type', resource: { kind: 'table', name: 'orders', href: '/streams/orders#schema' }, node: 'table:orders' }),
    ]);
  });

  it('gives the health engine the drift of every table it observed, and none without one', () => {
    setServicesForTest({ shapeObserver: new ShapeObserver() });
    expect(allSchemaDriftFindings()).toEqual([]);
    observerWithDrift();
    expect(allSchemaDriftFindings().map((f) => f.id)).toEqual(['schema-drift:orders:type_changed:total']);
  });

  it('marks a failure record whose range holds an odd record, and a JSON body of another shape; leaves the rest', () => {
    const odd = observerWithDrift();
    const marked = markDeadLetterShapes([
      message('covers', failureRecord(odd, odd)),
      message('before', failureRecord(odd - 3, odd - 1)),
      message('string-total', JSON.stringify({ orderId: 'o-1', customerId: 'c-1', total: '9.90' })),
      message('usual', JSON.stringify({ orderId: 'o-2', customerId: 'c-1', total: 9.9 })),
      message('text', 'not json'),
    ]);
    expect(Object.fromEntries(marked.map((m) => [m.messageId, m.shapeNote]))).toEqual({
      covers: expect.stringContaining('total is S where recent images had N'),
      before: undefined,
      'string-total': 'Differs from recent orders traffic: total is S, recent traffic has N',
      usual: undefined,
      text: undefined,
    });
  });
});
