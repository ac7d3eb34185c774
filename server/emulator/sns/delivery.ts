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

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function listOf(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

function statementApplies(statement: PolicyStatement, topicArn: string, queueArn: string): boolean {
  const principal = statement.Principal;
  const principals =
    principal === '*'
      ? ['*']
      : principal && typeof principal === 'object'
        ? Object.values(principal as Record<string, unknown>).flatMap(listOf)
        : [];
  if (!principals.some((p) => p === '*' || p === 'sns.amazonaws.com')) return false;
  if (!listOf(statement.Action).some((a) => wildcard(a.toLowerCase(), 'sqs:sendmessage'))) return false;
  const resources = listOf(statement.Resource);
  if (resources.length > 0 && !resources.some((r) => wildcard(r, queueArn))) return false;
  for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(conditions)) {
      if (key.toLowerCase() !== 'aws:sourcearn') continue;
      const values = listOf(expected);
      const like = /Like$/.test(operator);
      const negated = /^(ArnNot|StringNot)/.test(operator);
      const hit = values.some((v) => (like ? wildcard(v, topicArn) : v === topicArn));
      if (hit === negated) return false;
    }
  }
  return true;
}

/**
 * Whether a queue's access policy lets this topic send to it. A queue without a policy is open to
 * the emulator's topics (AWS would require an Allow; the emulator stays usable without IAM); with
 * one, an Allow for `sns.amazonaws.com` (or `*`) must match and no Deny may (reference §2.7:
 * a queue that no longer admits SNS is a client-side failure, straight to the DLQ).
 */
export function queuePolicyAllows(policy: string | undefined, topicArn: string, queueArn: string): boolean {
  if (policy === undefined || policy === '') return true;
  let statements: PolicyStatement[];
  try {
    const doc = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return false;
  }
  const applicable = statements.filter((s) => statementApplies(s, topicArn, queueArn));
  if (applicable.some((s) => s.Effect === 'Deny')) return false;
  return applicable.some((s) => s.Effect === 'Allow');
}
