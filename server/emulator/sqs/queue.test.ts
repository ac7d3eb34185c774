import { describe, expect, it } from 'vitest';
import { decodeReceiptHandle, encodeReceiptHandle, Queue, type StoredMessage } from './queue';

function message(id: string, now: number, delayMs = 0): StoredMessage {
  return {
    id,
    body: `body of ${id}`,
    md5OfBody: '',
    size: 10,
    senderId: '000000000000',
    sentAt: now,
    arrivedAt: now,
    retentionBase: now,
    receiveCount: 0,
    state: 'gone',
    visibleAt: now + delayMs,
    epoch: 0,
  };
}
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('Queue', () => {
  it('lets go of deleted messages instead of holding them for the retention period', () => {
    const queue = new Queue('mem', '000000000000', 'us-east-1', 0);
    for (let i = 0; i < 5000; i++) queue.enqueue(message(uuid(i), 0), 0);
    const received = queue.receive(10, 30_000, 0, () => false);
    expect(received).toHaveLength(10);
    for (let round = 0; round < 500; round++) {
      for (const m of queue.receive(10, 30_000, 0, () => false)) queue.remove(m);
    }
    for (const m of received) queue.remove(m);
    expect(queue.byId.size).toBe(0);
    expect(queue.heapSizes().expiry).toBeLessThanOrEqual(1024);
    expect(queue.heapSizes().timers).toBeLessThanOrEqual(1024);
  });

  it('delivers standard messages in arrival order, skipping delayed ones until due', () => {
    const queue = new Queue('order', '000000000000', 'us-east-1', 0);
    queue.enqueue(message(uuid(1), 0), 0);
    queue.enqueue(message(uuid(2), 0, 5_000), 0);
    queue.enqueue(message(uuid(3), 0), 0);
    expect(queue.receive(10, 1_000, 0, () => false).map((m) => m.id)).toEqual([uuid(1), uuid(3)]);
    expect(queue.counts).toEqual({ visible: 0, inflight: 2, delayed: 1 });
    queue.refresh(5_000);
    expect(queue.counts).toEqual({ visible: 3, inflight: 0, delayed: 0 });
  });

  it('round-trips receipt handles and rejects anything else', () => {
    const handle = encodeReceiptHandle(uuid(7), 'abcdef01-42');
    expect(decodeReceiptHandle(handle)).toEqual({ messageId: uuid(7), token: 'abcdef01-42' });
    for (const bad of ['', 'garbage', Buffer.from('x:y').toString('base64'), 42, undefined]) expect(decodeReceiptHandle(bad)).toBeUndefined();
  });
});
