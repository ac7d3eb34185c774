import { createHmac } from 'node:crypto';
import type { PublishedAttribute } from './filter-policy';

/** One published message, as every subscription's delivery starts from it. */
export interface Notification {
  messageId: string;
  topicArn: string;
  fifo: boolean;
  /** The `Message` as published (with `MessageStructure=json`, the whole JSON document). */
  message: string;
  structure?: 'json';
  subject?: string;
  attributes: Record<string, PublishedAttribute>;
  /** ISO 8601 with milliseconds: the publish time. */
  timestamp: string;
  sequenceNumber?: string;
  groupId?: string;
  deduplicationId?: string;
}

/** The message a protocol receives: its key of a `MessageStructure=json` document, else `default`. */
export function messageFor(notification: Notification, protocol: string): string {
  if (notification.structure !== 'json') return notification.message;
  const doc = JSON.parse(notification.message) as Record<string, string>;
  return typeof doc[protocol] === 'string' ? doc[protocol] : doc.default;
}

/**
 * The signature fields: emulator-made, not verifiable against AWS's certificate (no client of a
 * local endpoint can do that), but in AWS's form: base64 over the canonical string.
 */
function signature(fields: Record<string, string | undefined>): string {
  const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    .filter((k) => fields[k] !== undefined)
    .map((k) => `${k}\n${fields[k]}\n`)
    .join('');
  return createHmac('sha1', 'eddy-local-sns').update(canonical).digest('base64');
}

function attributesForEnvelope(attributes: Record<string, PublishedAttribute>): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, value] of Object.entries(attributes)) out[name] = { Type: value.DataType, Value: value.StringValue ?? value.BinaryValue ?? '' };
  return out;
}

/**
 * The SNS JSON envelope an SQS subscriber receives without raw delivery (reference part 2, §2.4):
 * keys in AWS's order; FIFO topics add `SequenceNumber` and carry no signature fields.
 */
export function sqsEnvelope(notification: Notification, subscriptionArn: string, origin: string): string {
  const message = messageFor(notification, 'sqs');
  const envelope: Record<string, unknown> = { Type: 'Notification', MessageId: notification.messageId };
  if (notification.fifo) envelope.SequenceNumber = notification.sequenceNumber;
  envelope.TopicArn = notification.topicArn;
  if (notification.subject !== undefined) envelope.Subject = notification.subject;
  envelope.Message = message;
  envelope.Timestamp = notification.timestamp;
  if (!notification.fifo) {
    envelope.SignatureVersion = '1';
    envelope.Signature = signature({ ...envelope, Message: message } as Record<string, string>);
    envelope.SigningCertURL = `${origin}/SimpleNotificationService-emulator.pem`;
  }
  envelope.UnsubscribeURL = `${origin}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
  if (Object.keys(notification.attributes).length > 0) envelope.MessageAttributes = attributesForEnvelope(notification.attributes);
  return JSON.stringify(envelope);
}

/** The event a Lambda subscriber is invoked with: one record, `SigningCertUrl`/`UnsubscribeUrl` spelling, `Subject` null when absent. */
export function lambdaEvent(notification: Notification, subscriptionArn: string, origin: string): unknown {
  const message = messageFor(notification, 'lambda');
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: notification.messageId,
          TopicArn: notification.topicArn,
          Subject: notification.subject ?? null,
          Message: message,
          Timestamp: notification.timestamp,
          SignatureVersion: '1',
          Signature: signature({ Type: 'Notification', MessageId: notification.messageId, TopicArn: notification.topicArn, Subject: notification.subject, Message: message, Timestamp: notification.timestamp }),
          SigningCertUrl: `${origin}/SimpleNotificationService-emulator.pem`,
          UnsubscribeUrl: `${origin}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          MessageAttributes: attributesForEnvelope(notification.attributes),
        },
      },
    ],
  };
}
