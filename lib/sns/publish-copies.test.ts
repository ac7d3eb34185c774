import { describe, expect, it } from 'vitest';
import { INFER_WINDOW_MS, linkPublishCopies, type CopyCandidate } from './publish-copies';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:order-events';
const T0 = Date.parse('2026-12-02T05:00:00.000Z');
const placed = (orderId: string) => JSON.stringify({ orderId, eventType: 'OrderPlaced', items: [{ sku: 'GLASS-VASE', qty: 1 }] });
const envelope = (snsId: string, message: string, at = T0, topicArn = TOPIC) =>
  JSON.stringify({ Type: 'Notification', MessageId: snsId, TopicArn: topicArn, Message: message, Timestamp: new Date(at).toISOString(), SignatureVersion: '1', Signature: 'x', SigningCertURL: 'u', UnsubscribeURL: 'u' });

/** An enveloped copy of `order` (as `notifications` receives it, or order-events-dlq when that fails). */
const env = (queue: string, messageId: string, snsId: string, orderId: string, sentAt = T0 + 30): CopyCandidate => ({
  queue,
  messageId,
  body: envelope(snsId, placed(orderId)),
  sentAt,
  items: [`orders orderId=${orderId}`],
  subscriptionQueue: 'notifications',
});
/** A raw copy (as `fulfillment` receives it): the published message, nothing of SNS. */
const raw = (queue: string, messageId: string, orderId: string, sentAt: number, extra: Partial<CopyCandidate> = {}): CopyCandidate => ({
  queue,
  messageId,
  body: placed(orderId),
  sentAt,
  items: [`orders orderId=${orderId}`],
  rawTopicArn: TOPIC,
  subscriptionQueue: 'fulfillment',
  ...extra,
});

const shape = (groups: ReturnType<typeof linkPublishCopies>) => groups.map((g) => ({ id: g.id, copies: g.copies.map((c) => `${c.queue}/${c.messageId} ${c.delivery} ${c.link}`) }));

describe('linkPublishCopies', () => {
  it('leaves out what is no copy of a publish: plain messages, and raw bodies no raw subscription delivers or without a send time', () => {
    expect(linkPublishCopies([])).toEqual([]);
    expect(linkPublishCopies([{ queue: 'q-dlq', messageId: 'm1', body: placed('ord-1'), sentAt: T0, items: ['orders orderId=ord-1'] }])).toEqual([]);
    expect(linkPublishCopies([raw('fulfillment-dlq', 'm1', 'ord-1', T0, { sentAt: undefined })])).toEqual([]);
  });

  it('links a raw copy to the enveloped copy of the same publish: envelope exact by MessageId, raw inferred, and says how far apart', () => {
    const groups = linkPublishCopies([env('order-events-dlq', 'e1', 'sns-1', 'ord-1'), raw('fulfillment-dlq', 'r1', 'ord-1', T0 + 400)]);
    expect(shape(groups)).toEqual([{ id: 'sns-1', copies: ['order-events-dlq/e1 envelope exact', 'fulfillment-dlq/r1 raw inferred'] }]);
    expect(groups[0]).toMatchObject({ snsMessageId: 'sns-1', topicArn: TOPIC, publishedAt: T0, publishedAtExact: true });
    expect(groups[0].copies[0].why).toBe('Its SNS envelope carries the publish’s MessageId sns-1.');
    expect(groups[0].copies[1].why).toBe('Raw delivery carries no SNS MessageId: the same item (orders orderId=ord-1), the same published message, sent 0.4 s after the publish.');
  });

  it('groups every enveloped copy of one MessageId exactly, wherever it was read', () => {
    const groups = linkPublishCopies([env('order-events-dlq', 'e1', 'sns-1', 'ord-1'), env('notifications-dlq', 'e2', 'sns-1', 'ord-1', T0 + 900), { ...env('order-events-dlq', 'e3', 'sns-2', 'ord-1'), body: envelope('sns-2', placed('ord-1'), T0 + 5_000), sentAt: T0 + 5_000 }]);
    expect(shape(groups)).toEqual([
      { id: 'sns-2', copies: ['order-events-dlq/e3 envelope exact'] },
      { id: 'sns-1', copies: ['order-events-dlq/e1 envelope exact', 'notifications-dlq/e2 envelope exact'] },
    ]);
  });

  it('names every item both copies share', () => {
    const items = ['orders orderId=ord-1', 'inventory sku=GLASS-VASE'];
    const groups = linkPublishCopies([{ ...env('order-events-dlq', 'e1', 'sns-1', 'ord-1'), items }, raw('fulfillment-dlq', 'r1', 'ord-1', T0 + 12_000, { items })]);
    expect(groups[0].copies[1].why).toBe(
      'Raw delivery carries no SNS MessageId: the same items (orders orderId=ord-1, inventory sku=GLASS-VASE), the same published message, sent 12 s after the publish.',
    );
  });

  it('does not link a raw copy of another item, another message, another topic, or sent outside the window', () => {
    const e = env('order-events-dlq', 'e1', 'sns-1', 'ord-1');
    const cases: [string, CopyCandidate][] = [
      ['another item', raw('fulfillment-dlq', 'r1', 'ord-2', T0 + 100, { body: placed('ord-1') })],
      ['another message (OrderCancelled)', raw('fulfillment-dlq', 'r1', 'ord-1', T0 + 100, { body: JSON.stringify({ orderId: 'ord-1', eventType: 'OrderCancelled' }) })],
      ['another topic', raw('fulfillment-dlq', 'r1', 'ord-1', T0 + 100, { rawTopicArn: `${TOPIC}-v2` })],
      ['outside the window', raw('fulfillment-dlq', 'r1', 'ord-1', T0 + INFER_WINDOW_MS + 1)],
    ];
    for (const [label, r] of cases) {
      const groups = linkPublishCopies([e, r]);
      expect(groups.map((g) => g.copies.length), label).toEqual(groups.length === 2 ? [1, 1] : [1]);
      expect(groups.find((g) => g.id === 'sns-1')?.copies.map((c) => c.messageId), label).toEqual(['e1']);
    }
  });

  it('ties each raw copy to the nearest publish of the same message, one copy per subscription', () => {
    // The same order published twice 20 s apart (a producer's retry): two publishes, each with its own raw copy.
    const groups = linkPublishCopies([
      env('order-events-dlq', 'e1', 'sns-1', 'ord-1', T0),
      { ...env('order-events-dlq', 'e2', 'sns-2', 'ord-1'), body: envelope('sns-2', placed('ord-1'), T0 + 20_000), sentAt: T0 + 20_000 },
      raw('fulfillment-dlq', 'r2', 'ord-1', T0 + 20_300),
      raw('fulfillment-dlq', 'r1', 'ord-1', T0 + 200),
    ]);
    expect(shape(groups)).toEqual([
      { id: 'sns-2', copies: ['order-events-dlq/e2 envelope exact', 'fulfillment-dlq/r2 raw inferred'] },
      { id: 'sns-1', copies: ['order-events-dlq/e1 envelope exact', 'fulfillment-dlq/r1 raw inferred'] },
    ]);
  });

  it('without an enveloped copy, raw copies of different subscriptions form an inferred publish of their own', () => {
    const groups = linkPublishCopies([raw('fulfillment-dlq', 'r1', 'ord-1', T0 + 100), raw('audit-dlq', 'a1', 'ord-1', T0 + 1_300, { subscriptionQueue: 'audit' })]);
    expect(shape(groups)).toEqual([{ id: 'raw:r1', copies: ['fulfillment-dlq/r1 raw inferred', 'audit-dlq/a1 raw inferred'] }]);
    expect(groups[0]).toMatchObject({ publishedAt: T0 + 100, publishedAtExact: false });
    expect(groups[0].copies[1].why).toContain('sent 1.2 s after the first copy');
  });
});
