/**
 * SNS envelopes: what an SQS queue subscribed to a topic without raw delivery receives (reference
 * part 2, §2.4): a JSON document with `Type`, `MessageId`, `TopicArn`, `Message` (the published
 * text), `Timestamp`, optional `Subject`, `MessageAttributes` (`{Type, Value}`) and, for FIFO
 * topics, `SequenceNumber`. Pure: DLQ browsing, traces and redrive read it.
 */

export interface SnsEnvelope {
  type: 'Notification';
  /** SNS's id of the publish: the same in every subscription's copy. */
  messageId: string;
  topicArn: string;
  /** The published message, as published (JSON is text here). */
  message: string;
  subject?: string;
  timestamp?: string;
  sequenceNumber?: string;
  /** Message attributes as SNS puts them in the envelope. */
  attributes: { name: string; type: string; value: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The envelope a body is, or undefined when it is not one (raw delivery, a plain SQS message,
 * JSON that merely has a `Message` key): `Type` must be `Notification`, `TopicArn` an SNS topic
 * ARN, `MessageId` and `Message` strings.
 */
export function parseSnsEnvelope(body: string): SnsEnvelope | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || doc.Type !== 'Notification') return undefined;
  const { MessageId, TopicArn, Message } = doc;
  if (typeof MessageId !== 'string' || typeof Message !== 'string' || typeof TopicArn !== 'string' || !/^arn:[^:]+:sns:/.test(TopicArn)) return undefined;
  const attributes = isObject(doc.MessageAttributes)
    ? Object.entries(doc.MessageAttributes).flatMap(([name, v]) => (isObject(v) ? [{ name, type: String(v.Type ?? 'String'), value: String(v.Value ?? '') }] : []))
    : [];
  return {
    type: 'Notification',
    messageId: MessageId,
    topicArn: TopicArn,
    message: Message,
    ...(typeof doc.Subject === 'string' ? { subject: doc.Subject } : {}),
    ...(typeof doc.Timestamp === 'string' ? { timestamp: doc.Timestamp } : {}),
    ...(typeof doc.SequenceNumber === 'string' ? { sequenceNumber: doc.SequenceNumber } : {}),
    attributes,
  };
}

/** The topic's name from its ARN (`arn:aws:sns:eu-west-1:1234:order-events` → `order-events`). */
export function topicNameFromArn(arn: string): string {
  return arn.split(':').slice(5).join(':') || arn;
}
