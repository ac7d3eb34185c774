import { describe, expect, it } from 'vitest';
import { parseSnsEnvelope, topicNameFromArn } from './envelope';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:order-events';
const envelope = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Type: 'Notification',
    MessageId: '0b9f6c1e-1111-4c7e-9a55-2f1d7d3b9a10',
    TopicArn: TOPIC,
    Message: '{"orderId":"ord-1"}',
    Timestamp: '2026-12-02T05:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'abc=',
    UnsubscribeURL: 'http://x/?Action=Unsubscribe',
    MessageAttributes: { eventType: { Type: 'String', Value: 'OrderPlaced' }, qty: { Type: 'Number', Value: '3' } },
    ...extra,
  });

describe('parseSnsEnvelope', () => {
  it('reads the published message, the SNS MessageId, the topic and the attributes', () => {
    expect(parseSnsEnvelope(envelope({ Subject: 'hello' }))).toEqual({
      type: 'Notification',
      messageId: '0b9f6c1e-1111-4c7e-9a55-2f1d7d3b9a10',
      topicArn: TOPIC,
      message: '{"orderId":"ord-1"}',
      subject: 'hello',
      timestamp: '2026-12-02T05:00:00.000Z',
      attributes: [
        { name: 'eventType', type: 'String', value: 'OrderPlaced' },
        { name: 'qty', type: 'Number', value: '3' },
      ],
    });
  });

  it('keeps a FIFO topic’s sequence number, and an envelope without attributes has none', () => {
    const parsed = parseSnsEnvelope(envelope({ SequenceNumber: '10000000000000000001', MessageAttributes: undefined }));
    expect(parsed?.sequenceNumber).toBe('10000000000000000001');
    expect(parsed?.attributes).toEqual([]);
  });

  it.each([
    ['a raw-delivered body', '{"orderId":"ord-1"}'],
    ['text', 'hello'],
    ['malformed JSON', '{"Type":'],
    ['another Type', envelope({ Type: 'SubscriptionConfirmation' })],
    ['a TopicArn of another service', envelope({ TopicArn: 'arn:aws:sqs:us-east-1:000000000000:q' })],
    ['a Message that is not text', envelope({ Message: { orderId: 'ord-1' } })],
    ['no MessageId', envelope({ MessageId: undefined })],
    ['an array', '[1,2]'],
  ])('is not fooled by %s', (_, body) => {
    expect(parseSnsEnvelope(body)).toBeUndefined();
  });
});

describe('topicNameFromArn', () => {
  it('takes the name after the account', () => {
    expect(topicNameFromArn(TOPIC)).toBe('order-events');
    expect(topicNameFromArn('arn:aws:sns:us-east-1:000000000000:t.fifo')).toBe('t.fifo');
  });
});
