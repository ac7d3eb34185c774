import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../core/errors';
import type { QueryService } from '../core/query-protocol';
import type { EmulatorDeps, MetricSink, RequestContext } from '../core/types';
import type { SqsService } from '../sqs';
import { queuePolicyAllows } from '../../../lib/sns/queue-policy';
import { lambdaEvent, messageFor, sqsEnvelope, type Notification } from './delivery';
import { snsErrors } from './errors';
import { FilterPolicyError, matchesFilterPolicy, parseFilterPolicy, type FilterScope, type PublishedAttribute } from './filter-policy';
import { SNS_QUERY_ACTIONS } from './query';
import {
  DEFAULT_EFFECTIVE_DELIVERY_POLICY,
  defaultTopicPolicy,
  emptyMinute,
  parseArn,
  SETTABLE_TOPIC_ATTRIBUTES,
  validateTopicName,
  type Subscription,
  type Topic,
  type TopicMinute,
} from './topics';

type Input = Record<string, unknown>;

/** ListTopics / ListSubscriptions page size. */
const PAGE_SIZE = 100;
/** 256 KB, message attributes included. */
const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;
const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
const METRICS_INTERVAL_MS = 5_000;
const MINUTE_MS = 60_000;
/** Lambda events kept per function for the demo's poller and tests; older ones are dropped. */
const MAX_LAMBDA_EVENTS = 10_000;
const SUBSCRIPTION_ATTRIBUTES = new Set(['RawMessageDelivery', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy', 'DeliveryPolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);

/** What SNS needs from the other services of the emulator. */
export interface SnsTargets {
  sqs: SqsService;
  /** Whether a Lambda function exists (ARN, qualified or not). */
  functionExists(arn: string): boolean;
  metrics: MetricSink;
}

/** The SNS service object: `QueryService` plus accessors for tests and the demo. */
export type SnsService = QueryService & {
  close(): void;
  publishMetrics(): void;
  /** Takes (and removes) the events delivered to a Lambda subscriber: the emulator invokes no code. */
  takeLambdaEvents(functionArn: string): unknown[];
};

/**
 * Creates SNS (query protocol, `2010-03-31`): standard and FIFO topics, `sqs` and `lambda`
 * subscriptions with raw delivery, filter policies and subscription dead-letter queues, Publish
 * and PublishBatch delivering to the emulator's SQS queues, and the `AWS/SNS` metrics.
 */
export function createSns(deps: EmulatorDeps, targets: SnsTargets): SnsService {
  const clock = deps.clock;
  const topics = new Map<string, Topic>();
  const subscriptions = new Map<string, Subscription>();
  const lambdaInbox = new Map<string, unknown[]>();
  /** FIFO topic sequence numbers: 128-bit decimal strings that only grow. */
  let sequence = 10n ** 19n + BigInt(Date.now()) * 1000n;

  const minuteOf = (topic: Topic, now: number): TopicMinute => {
    const key = Math.floor(now / MINUTE_MS);
    let counts = topic.minutes.get(key);
    if (!counts) topic.minutes.set(key, (counts = emptyMinute()));
    return counts;
  };

  /** Publishes every completed minute with activity, per topic (`TopicName` dimension). */
  const publishMetrics = () => {
    const now = clock.now();
    const last = Math.floor(now / MINUTE_MS) - 1;
    for (const topic of topics.values()) {
      const dimensions = [{ Name: 'TopicName', Value: topic.name }];
      for (const [minute, c] of [...topic.minutes].sort((a, b) => a[0] - b[0])) {
        if (minute > last) continue;
        topic.minutes.delete(minute);
        const timestamp = minute * MINUTE_MS;
        const put = (metricName: string, value: number, unit = 'Count') =>
          targets.metrics.putMetric({ namespace: 'AWS/SNS', metricName, dimensions, timestamp, value, unit });
        put('NumberOfMessagesPublished', c.published);
        put('NumberOfNotificationsDelivered', c.delivered);
        put('NumberOfNotificationsFailed', c.failed);
        put('NumberOfNotificationsFilteredOut', c.filteredOut);
        put('NumberOfNotificationsFilteredOut-MessageAttributes', c.filteredOutAttributes);
        put('NumberOfNotificationsFilteredOut-MessageBody', c.filteredOutBody);
        put('NumberOfNotificationsFilteredOut-NoMessageAttributes', c.filteredOutNoAttributes);
        put('NumberOfNotificationsFilteredOut-InvalidMessageBody', c.filteredOutInvalidBody);
        put('NumberOfNotificationsRedrivenToDlq', c.redrivenToDlq);
        put('NumberOfNotificationsFailedToRedriveToDlq', c.failedToRedriveToDlq);
        for (const size of c.publishBytes) put('PublishSize', size, 'Bytes');
        topic.lastMetricMinute = minute;
      }
    }
  };
  const metricsTimer = setInterval(publishMetrics, METRICS_INTERVAL_MS);
  metricsTimer.unref();
  const offAdvance = clock.onAdvance(publishMetrics);

  function topicOf(arnValue: unknown, ctx: RequestContext, parameter = 'TopicArn'): Topic {
    const arn = parseArn(arnValue, parameter);
    if (arn.region !== ctx.region) throw snsErrors.invalidParameter(parameter);
    const topic = topics.get(arnValue as string);
    if (!topic) throw snsErrors.topicNotFound();
    return topic;
  }

  function subscriptionOf(arnValue: unknown): Subscription {
    const arn = parseArn(arnValue, 'SubscriptionArn');
    if (arn.parts.length < 7 || !/^[0-9a-f-]{36}$/.test(arn.parts[arn.parts.length - 1])) throw snsErrors.invalidParameter('SubscriptionId');
    const subscription = subscriptions.get(arnValue as string);
    if (!subscription) throw snsErrors.subscriptionNotFound();
    return subscription;
  }

  // ---- topics -----------------------------------------------------------------------------

  function tagsOf(raw: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(raw)) return out;
    for (const tag of raw as { Key?: string; Value?: string }[]) {
      if (typeof tag.Key !== 'string' || tag.Key.length < 1 || tag.Key.length > 128) throw snsErrors.invalidParameter('Tags');
      if (tag.Key in out) throw snsErrors.invalidParameter('Duplicated keys are not allowed.');
      out[tag.Key] = tag.Value ?? '';
    }
    if (Object.keys(out).length > 50) throw new AwsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded', { queryCode: 'TagLimitExceeded' });
    return out;
  }

  function checkTopicAttribute(name: string, value: string, fifo: boolean, creating: boolean): void {
    if (name === 'FifoTopic') {
      if (!creating) throw snsErrors.invalidParameter('AttributeName');
      return;
    }
    if (!SETTABLE_TOPIC_ATTRIBUTES.has(name)) throw snsErrors.invalidParameter(creating ? `Attributes Reason: Unknown attribute ${name}` : 'AttributeName');
    if ((name === 'ContentBasedDeduplication' || name === 'FifoThroughputScope') && !fifo) {
      throw snsErrors.invalidParameter(`Attributes Reason: ${name} is only valid for FIFO topics`);
    }
    if (name === 'ContentBasedDeduplication' && value !== 'true' && value !== 'false') throw snsErrors.invalidParameter(`Attributes Reason: ${name}: Invalid value [${value}]. Must be true or false.`);
    if (name === 'Policy' && value !== '') {
      try {
        JSON.parse(value);
      } catch {
        throw snsErrors.invalidParameter('Policy: failed to parse JSON');
      }
    }
  }

  function createTopic(input: Input, ctx: RequestContext) {
    const attributes = (input.Attributes ?? {}) as Record<string, string>;
    const fifo = attributes.FifoTopic === 'true';
    if (attributes.FifoTopic !== undefined && attributes.FifoTopic !== 'true' && attributes.FifoTopic !== 'false') {
      throw snsErrors.invalidParameter(`Attributes Reason: FifoTopic: Invalid value [${attributes.FifoTopic}]. Must be true or false.`);
    }
    const name = validateTopicName(input.Name, fifo);
    const tags = tagsOf(input.Tags);
    const arn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`;
    const existing = topics.get(arn);
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        const current = key === 'FifoTopic' ? String(existing.fifo) : existing.attributes[key];
        if (current !== value) throw snsErrors.invalidParameter('Attributes Reason: Topic already exists with different attributes');
      }
      for (const [key, value] of Object.entries(tags)) {
        if (existing.tags[key] !== value) throw snsErrors.invalidParameter('Tags Reason: Topic already exists with different tags');
      }
      return { TopicArn: arn };
    }
    const stored: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes)) {
      checkTopicAttribute(key, value, fifo, true);
      if (key !== 'FifoTopic') stored[key] = value;
    }
    if (fifo && stored.ContentBasedDeduplication === undefined) stored.ContentBasedDeduplication = 'false';
    if (typeof input.DataProtectionPolicy === 'string') stored.DataProtectionPolicy = input.DataProtectionPolicy;
    topics.set(arn, {
      arn,
      name,
      accountId: ctx.accountId,
      region: ctx.region,
      fifo,
      attributes: stored,
      tags,
      subscriptions: new Set(),
      deleted: 0,
      dedup: new Map(),
      minutes: new Map(),
      lastMetricMinute: Math.floor(clock.now() / MINUTE_MS) - 1,
    });
    return { TopicArn: arn };
  }

  function deleteTopic(input: Input) {
    parseArn(input.TopicArn, 'TopicArn');
    const topic = topics.get(input.TopicArn as string);
    // Idempotent: deleting a topic that does not exist succeeds.
    if (!topic) return {};
    publishMetrics();
    for (const arn of topic.subscriptions) subscriptions.delete(arn);
    topics.delete(topic.arn);
    return {};
  }

  /** Pages by position after the token's ARN (names sort stably). */
  function page<T>(items: T[], key: (item: T) => string, token: unknown): { items: T[]; next?: string } {
    let start = 0;
    if (token !== undefined) {
      if (typeof token !== 'string') throw snsErrors.invalidParameter('NextToken');
      const after = Buffer.from(token, 'base64').toString('utf8');
      start = items.findIndex((item) => key(item) > after);
      if (start < 0) start = items.length;
    }
    const slice = items.slice(start, start + PAGE_SIZE);
    const more = start + PAGE_SIZE < items.length;
    return { items: slice, next: more ? Buffer.from(key(slice[slice.length - 1]), 'utf8').toString('base64') : undefined };
  }

  function listTopics(input: Input, ctx: RequestContext) {
    const mine = [...topics.values()].filter((t) => t.accountId === ctx.accountId && t.region === ctx.region).sort((a, b) => (a.arn < b.arn ? -1 : 1));
    const { items, next } = page(mine, (t) => t.arn, input.NextToken);
    return { Topics: items.map((t) => ({ TopicArn: t.arn })), ...(next ? { NextToken: next } : {}) };
  }

  function getTopicAttributes(input: Input, ctx: RequestContext) {
    const topic = topicOf(input.TopicArn, ctx);
    const subs = [...topic.subscriptions].map((arn) => subscriptions.get(arn)!);
    const attributes: Record<string, string> = {
      TopicArn: topic.arn,
      Owner: topic.accountId,
      DisplayName: '',
      Policy: defaultTopicPolicy(topic.arn, topic.accountId),
      EffectiveDeliveryPolicy: DEFAULT_EFFECTIVE_DELIVERY_POLICY,
      SubscriptionsConfirmed: String(subs.length),
      SubscriptionsPending: '0',
      SubscriptionsDeleted: String(topic.deleted),
      ...topic.attributes,
    };
    if (topic.fifo) attributes.FifoTopic = 'true';
    return { Attributes: attributes };
  }

  function setTopicAttributes(input: Input, ctx: RequestContext) {
    const topic = topicOf(input.TopicArn, ctx);
    const name = input.AttributeName;
    if (typeof name !== 'string') throw snsErrors.invalidParameter('AttributeName');
    const value = typeof input.AttributeValue === 'string' ? input.AttributeValue : '';
    checkTopicAttribute(name, value, topic.fifo, false);
    topic.attributes[name] = value;
    return {};
  }

  // ---- subscriptions ----------------------------------------------------------------------

  /** Validates one subscription attribute; `prefix` is how Subscribe and SetSubscriptionAttributes word it. */
  function applySubscriptionAttribute(sub: Subscription, topic: Topic, name: string, value: string, prefix: string): void {
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw snsErrors.invalidParameter(prefix === '' ? 'AttributeName' : `${prefix}Unknown attribute ${name}`);
    switch (name) {
      case 'RawMessageDelivery':
        if (value !== 'true' && value !== 'false') throw snsErrors.invalidParameter(`${prefix}RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
        if (sub.protocol === 'lambda' && value === 'true') throw snsErrors.invalidParameter(`${prefix}Delivery protocol [lambda] does not support raw message delivery.`);
        sub.raw = value === 'true';
        break;
      case 'FilterPolicyScope':
        if (value !== 'MessageAttributes' && value !== 'MessageBody') {
          throw snsErrors.invalidParameter(`${prefix}FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
        }
        if (sub.attributes.FilterPolicy) setFilter(sub, sub.attributes.FilterPolicy, value, prefix);
        break;
      case 'FilterPolicy':
        if (value === '') {
          sub.filter = undefined;
          delete sub.attributes.FilterPolicy;
          delete sub.attributes.FilterPolicyScope;
          return;
        }
        setFilter(sub, value, (sub.attributes.FilterPolicyScope as FilterScope | undefined) ?? 'MessageAttributes', prefix);
        if (!sub.attributes.FilterPolicyScope) sub.attributes.FilterPolicyScope = 'MessageAttributes';
        break;
      case 'RedrivePolicy': {
        if (value === '') {
          sub.deadLetterTargetArn = undefined;
          delete sub.attributes.RedrivePolicy;
          return;
        }
        let target: unknown;
        try {
          target = (JSON.parse(value) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
        } catch {
          throw snsErrors.invalidParameter(`${prefix}RedrivePolicy: failed to parse JSON.`);
        }
        if (typeof target !== 'string' || !/^arn:aws[a-z-]*:sqs:[^:]+:\d{12}:[^:]+$/.test(target)) {
          throw snsErrors.invalidParameter(`${prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn`);
        }
        if (topic.fifo && !target.endsWith('.fifo') && sub.endpoint.endsWith('.fifo')) {
          throw snsErrors.invalidParameter(`${prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.`);
        }
        sub.deadLetterTargetArn = target;
        break;
      }
      default:
        break;
    }
    sub.attributes[name] = value;
  }

  function setFilter(sub: Subscription, text: string, scope: FilterScope, prefix: string): void {
    try {
      sub.filter = { policy: parseFilterPolicy(text, scope), scope };
    } catch (error) {
      if (error instanceof FilterPolicyError) throw snsErrors.invalidParameter(`${prefix}FilterPolicy: ${error.message}`);
      throw error;
    }
  }

  function subscribe(input: Input, ctx: RequestContext) {
    const topic = topicOf(input.TopicArn, ctx);
    const protocol = input.Protocol;
    const endpoint = input.Endpoint;
    if (typeof protocol !== 'string') throw snsErrors.invalidParameter('Protocol');
    if (!['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'].includes(protocol)) {
      throw snsErrors.invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
    }
    if (protocol !== 'sqs' && protocol !== 'lambda') {
      throw snsErrors.invalidParameter(`Protocol Reason: the local endpoint delivers to sqs and lambda only, not ${protocol}`);
    }
    if (typeof endpoint !== 'string' || !new RegExp(`^arn:aws[a-z-]*:${protocol}:[^:]+:\\d{12}:.+`).test(endpoint)) {
      throw snsErrors.invalidParameter(protocol === 'sqs' ? 'SQS endpoint ARN' : 'Lambda endpoint ARN');
    }
    if (protocol === 'sqs' && endpoint.endsWith('.fifo') && !topic.fifo) {
      throw snsErrors.invalidParameter('Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
    }
    const attributes = (input.Attributes ?? {}) as Record<string, string>;
    const existing = [...topic.subscriptions].map((arn) => subscriptions.get(arn)!).find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        if ((existing.attributes[key] ?? (key === 'RawMessageDelivery' ? 'false' : undefined)) !== value) {
          throw snsErrors.invalidParameter('Attributes Reason: Subscription already exists with different attributes');
        }
      }
      return { SubscriptionArn: existing.arn };
    }
    const sub: Subscription = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: ctx.accountId,
      attributes: {},
      raw: false,
    };
    // FilterPolicyScope first, so the policy is checked in its scope.
    const ordered = Object.entries(attributes).sort(([a], [b]) => Number(b === 'FilterPolicyScope') - Number(a === 'FilterPolicyScope'));
    for (const [key, value] of ordered) applySubscriptionAttribute(sub, topic, key, value, 'Attributes Reason: ');
    subscriptions.set(sub.arn, sub);
    topic.subscriptions.add(sub.arn);
    // Same-account sqs and lambda endpoints are confirmed at once: the real ARN, whatever ReturnSubscriptionArn says.
    return { SubscriptionArn: sub.arn };
  }

  function unsubscribe(input: Input) {
    const arn = parseArn(input.SubscriptionArn, 'SubscriptionArn');
    if (arn.parts.length < 7) throw snsErrors.invalidParameter('SubscriptionId');
    const sub = subscriptions.get(input.SubscriptionArn as string);
    // Idempotent: an unknown or already-deleted subscription succeeds.
    if (!sub) return {};
    subscriptions.delete(sub.arn);
    const topic = topics.get(sub.topicArn);
    if (topic) {
      topic.subscriptions.delete(sub.arn);
      topic.deleted++;
    }
    return {};
  }

  const listed = (sub: Subscription) => ({ SubscriptionArn: sub.arn, Owner: sub.owner, Protocol: sub.protocol, Endpoint: sub.endpoint, TopicArn: sub.topicArn });

  function listSubscriptions(input: Input, ctx: RequestContext) {
    const mine = [...subscriptions.values()].filter((s) => s.owner === ctx.accountId).sort((a, b) => (a.arn < b.arn ? -1 : 1));
    const { items, next } = page(mine, (s) => s.arn, input.NextToken);
    return { Subscriptions: items.map(listed), ...(next ? { NextToken: next } : {}) };
  }

  function listSubscriptionsByTopic(input: Input, ctx: RequestContext) {
    const topic = topicOf(input.TopicArn, ctx);
    const subs = [...topic.subscriptions].map((arn) => subscriptions.get(arn)!).sort((a, b) => (a.arn < b.arn ? -1 : 1));
    const { items, next } = page(subs, (s) => s.arn, input.NextToken);
    return { Subscriptions: items.map(listed), ...(next ? { NextToken: next } : {}) };
  }

  function getSubscriptionAttributes(input: Input) {
    const sub = subscriptionOf(input.SubscriptionArn);
    return {
      Attributes: {
        SubscriptionArn: sub.arn,
        TopicArn: sub.topicArn,
        Endpoint: sub.endpoint,
        Protocol: sub.protocol,
        Owner: sub.owner,
        SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
        ConfirmationWasAuthenticated: 'true',
        PendingConfirmation: 'false',
        RawMessageDelivery: String(sub.raw),
        ...sub.attributes,
      },
    };
  }

  function setSubscriptionAttributes(input: Input) {
    const sub = subscriptionOf(input.SubscriptionArn);
    const topic = topics.get(sub.topicArn)!;
    if (typeof input.AttributeName !== 'string') throw snsErrors.invalidParameter('AttributeName');
    applySubscriptionAttribute(sub, topic, input.AttributeName, typeof input.AttributeValue === 'string' ? input.AttributeValue : '', '');
    return {};
  }

  // ---- publishing -------------------------------------------------------------------------

  interface PublishEntry {
    Message?: unknown;
    Subject?: unknown;
    MessageStructure?: unknown;
    MessageAttributes?: unknown;
    MessageDeduplicationId?: unknown;
    MessageGroupId?: unknown;
  }

  function validateAttributes(raw: unknown, where: string): { attributes: Record<string, PublishedAttribute>; bytes: number } {
    const attributes: Record<string, PublishedAttribute> = {};
    let bytes = 0;
    if (!raw || typeof raw !== 'object') return { attributes, bytes };
    for (const [name, value] of Object.entries(raw as Record<string, PublishedAttribute>)) {
      if (Buffer.byteLength(name, 'utf8') >= 256) throw snsErrors.parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
      const bad = /[^A-Za-z0-9_.-]/.exec(name);
      if (bad) {
        const code = bad[0].codePointAt(0)!.toString(16).toUpperCase();
        throw snsErrors.parameterValueInvalid(`Invalid non-alphanumeric character '#x${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`);
      }
      if (name.startsWith('.')) throw snsErrors.parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
      if (name.endsWith('.')) throw snsErrors.parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
      if (name.includes('..')) throw snsErrors.parameterValueInvalid("Message attribute name can not have successive '.' character.");
      const type = value?.DataType;
      if (typeof type !== 'string') {
        throw snsErrors.validationError(`1 validation error detected: Value null at '${where}.${name}.member.dataType' failed to satisfy constraint: Member must not be null`);
      }
      const base = /^(String|Number|Binary)/.exec(type)?.[1];
      if (!base) {
        throw snsErrors.parameterValueInvalid(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
      }
      if (base === 'Binary') {
        if (value.BinaryValue === undefined && value.StringValue !== undefined) throw snsErrors.parameterValueInvalid(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
        if (!value.BinaryValue) throw snsErrors.parameterValueInvalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type 'Binary'.`);
        attributes[name] = { DataType: type, BinaryValue: value.BinaryValue };
        bytes += Buffer.from(value.BinaryValue, 'base64').length;
      } else {
        if (value.StringValue === undefined && value.BinaryValue !== undefined) throw snsErrors.parameterValueInvalid(`The message attribute '${name}' with type '${base}' must use field 'String'.`);
        if (!value.StringValue) throw snsErrors.parameterValueInvalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${base}'.`);
        attributes[name] = { DataType: type, StringValue: value.StringValue };
        bytes += Buffer.byteLength(value.StringValue, 'utf8');
      }
      bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(type, 'utf8');
    }
    return { attributes, bytes };
  }

  /** Validates an entry into a `Notification` (without id and sequence), or throws the error AWS gives. */
  function prepare(topic: Topic, entry: PublishEntry, where: string): Omit<Notification, 'messageId' | 'timestamp'> & { bytes: number } {
    const message = entry.Message;
    if (typeof message !== 'string' || message.length === 0) throw snsErrors.invalidParameter('Empty message');
    const { attributes, bytes: attributeBytes } = validateAttributes(entry.MessageAttributes, where);
    const bytes = Buffer.byteLength(message, 'utf8') + attributeBytes;
    if (bytes > MAX_MESSAGE_BYTES) throw snsErrors.invalidParameter('Message too long');
    let subject: string | undefined;
    if (entry.Subject !== undefined) {
      if (typeof entry.Subject !== 'string' || entry.Subject.length === 0 || entry.Subject.length >= 100 || [...entry.Subject].some((c) => c.charCodeAt(0) < 0x20)) {
        throw snsErrors.invalidParameter('Subject');
      }
      subject = entry.Subject;
    }
    let structure: 'json' | undefined;
    if (entry.MessageStructure !== undefined) {
      if (entry.MessageStructure !== 'json') throw snsErrors.invalidParameter('MessageStructure');
      let doc: unknown;
      try {
        doc = JSON.parse(message);
      } catch {
        throw snsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
      }
      if (!doc || typeof doc !== 'object' || typeof (doc as Record<string, unknown>).default !== 'string') {
        throw snsErrors.invalidParameter('Message Structure - No default entry in JSON message body');
      }
      structure = 'json';
    }
    const groupId = typeof entry.MessageGroupId === 'string' ? entry.MessageGroupId : undefined;
    let deduplicationId = typeof entry.MessageDeduplicationId === 'string' ? entry.MessageDeduplicationId : undefined;
    if (topic.fifo) {
      if (groupId === undefined) throw snsErrors.invalidParameter('The MessageGroupId parameter is required for FIFO topics');
      if (deduplicationId === undefined) {
        if (topic.attributes.ContentBasedDeduplication !== 'true') {
          throw snsErrors.invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
        }
        // Content-based: the SHA-256 of the message body only.
        deduplicationId = createHash('sha256').update(message, 'utf8').digest('hex');
      }
    } else if (deduplicationId !== undefined) {
      throw snsErrors.invalidParameter('MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    }
    return { topicArn: topic.arn, fifo: topic.fifo, message, structure, subject, attributes, groupId, deduplicationId, bytes };
  }

  /** Publishes a prepared entry: deduplicates (FIFO), fans out to every subscription, counts. */
  function publishPrepared(topic: Topic, prepared: ReturnType<typeof prepare>, ctx: RequestContext): { MessageId: string; SequenceNumber?: string } {
    const now = clock.now();
    const minute = minuteOf(topic, now);
    if (topic.fifo) {
      for (const [key, seen] of topic.dedup) {
        if (seen.at + DEDUPLICATION_WINDOW_MS > now) break;
        topic.dedup.delete(key);
      }
      const key = topic.attributes.FifoThroughputScope === 'MessageGroup' ? `${prepared.groupId}\u0000${prepared.deduplicationId}` : prepared.deduplicationId!;
      const seen = topic.dedup.get(key);
      // A duplicate within 5 minutes is accepted and answered the same, and delivers nothing.
      if (seen) return { MessageId: seen.messageId, SequenceNumber: seen.sequenceNumber };
      sequence += 1n;
      const notification: Notification = { ...prepared, messageId: randomUUID(), timestamp: new Date(now).toISOString(), sequenceNumber: sequence.toString() };
      topic.dedup.set(key, { at: now, messageId: notification.messageId, sequenceNumber: notification.sequenceNumber! });
      minute.published++;
      minute.publishBytes.push(prepared.bytes);
      fanOut(topic, notification, minute, ctx);
      return { MessageId: notification.messageId, SequenceNumber: notification.sequenceNumber };
    }
    const notification: Notification = { ...prepared, messageId: randomUUID(), timestamp: new Date(now).toISOString() };
    minute.published++;
    minute.publishBytes.push(prepared.bytes);
    fanOut(topic, notification, minute, ctx);
    return { MessageId: notification.messageId };
  }

  function fanOut(topic: Topic, notification: Notification, minute: TopicMinute, ctx: RequestContext): void {
    for (const arn of topic.subscriptions) {
      const sub = subscriptions.get(arn);
      if (!sub) continue;
      if (sub.filter) {
        const body = messageFor(notification, sub.protocol);
        if (!matchesFilterPolicy(sub.filter.policy, sub.filter.scope, { body, attributes: notification.attributes })) {
          minute.filteredOut++;
          if (sub.filter.scope === 'MessageBody') {
            let object = false;
            try {
              const parsed = JSON.parse(body) as unknown;
              object = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
            } catch {
              object = false;
            }
            if (object) minute.filteredOutBody++;
            else minute.filteredOutInvalidBody++;
          } else if (Object.keys(notification.attributes).length === 0) minute.filteredOutNoAttributes++;
          else minute.filteredOutAttributes++;
          continue;
        }
      }
      const payload = sub.protocol === 'sqs' ? sqsPayload(sub, notification, ctx) : undefined;
      const delivered = sub.protocol === 'sqs' ? sendToQueue(sub.endpoint, topic.arn, payload!, ctx) : deliverToLambda(sub, notification, ctx);
      if (delivered) {
        minute.delivered++;
        continue;
      }
      // Client-side failures (queue or function gone, policy denies) are not retried: DLQ or dropped.
      minute.failed++;
      if (!sub.deadLetterTargetArn) continue;
      const dead = payload ?? { body: sqsEnvelope(notification, sub.arn, ctx.origin), attributes: undefined };
      if (sendToQueue(sub.deadLetterTargetArn, topic.arn, dead, ctx, false)) minute.redrivenToDlq++;
      else minute.failedToRedriveToDlq++;
    }
  }

  interface SqsPayload {
    body: string;
    attributes?: Record<string, PublishedAttribute>;
    groupId?: string;
    deduplicationId?: string;
  }

  /** Raw: the bare message with SNS attributes as SQS attributes. Otherwise the JSON envelope. */
  function sqsPayload(sub: Subscription, notification: Notification, ctx: RequestContext): SqsPayload {
    const body = sub.raw ? messageFor(notification, 'sqs') : sqsEnvelope(notification, sub.arn, ctx.origin);
    return {
      body,
      attributes: sub.raw && Object.keys(notification.attributes).length > 0 ? notification.attributes : undefined,
      groupId: notification.groupId,
      deduplicationId: notification.deduplicationId,
    };
  }

  /** Sends to a queue by ARN through SQS's own SendMessage (same validation, MD5s and metrics). */
  function sendToQueue(queueArn: string, topicArn: string, payload: SqsPayload, ctx: RequestContext, checkPolicy = true): boolean {
    const queue = targets.sqs.queue(queueArn);
    if (!queue || queue.deleted) return false;
    // The subscription DLQ is written by SNS on the owner's behalf; the endpoint queue must admit the topic.
    // A queue without a policy is open to the emulator's topics (AWS would require an Allow; the
    // emulator stays usable without IAM, which AWS does not document either way for a local endpoint).
    const policy = queue.attributes.Policy;
    if (checkPolicy && policy !== undefined && policy !== '' && !queuePolicyAllows(policy, topicArn, queueArn)) return false;
    const input: Record<string, unknown> = { QueueUrl: `${ctx.origin}/${queue.accountId}/${queue.name}`, MessageBody: payload.body };
    if (payload.attributes) input.MessageAttributes = payload.attributes;
    if (queue.fifo) {
      input.MessageGroupId = payload.groupId ?? 'sns';
      input.MessageDeduplicationId = payload.deduplicationId ?? randomUUID();
    }
    try {
      targets.sqs.handle('SendMessage', input, ctx);
      return true;
    } catch (error) {
      if (error instanceof AwsError) return false;
      throw error;
    }
  }

  function deliverToLambda(sub: Subscription, notification: Notification, ctx: RequestContext): boolean {
    if (!targets.functionExists(sub.endpoint)) return false;
    const key = sub.endpoint.split(':').slice(0, 7).join(':');
    let inbox = lambdaInbox.get(key);
    if (!inbox) lambdaInbox.set(key, (inbox = []));
    inbox.push(lambdaEvent(notification, sub.arn, ctx.origin));
    if (inbox.length > MAX_LAMBDA_EVENTS) inbox.shift();
    return true;
  }

  function publish(input: Input, ctx: RequestContext) {
    if (input.PhoneNumber !== undefined) throw snsErrors.invalidParameter('PhoneNumber Reason: the local endpoint sends no SMS');
    const arnValue = input.TopicArn ?? input.TargetArn;
    if (arnValue === undefined) throw snsErrors.invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    if (input.TopicArn === undefined && !topics.has(String(input.TargetArn))) {
      throw snsErrors.invalidParameter('TargetArn Reason: No endpoint found for the target arn specified');
    }
    const topic = topicOf(arnValue, ctx, input.TopicArn === undefined ? 'TargetArn' : 'TopicArn');
    const prepared = prepare(topic, input, 'messageAttributes');
    const out = publishPrepared(topic, prepared, ctx);
    return out.SequenceNumber ? out : { MessageId: out.MessageId };
  }

  function publishBatch(input: Input, ctx: RequestContext) {
    const topic = topicOf(input.TopicArn, ctx);
    const entries = input.PublishBatchRequestEntries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw snsErrors.batch('EmptyBatchRequest', 'The batch request doesn\'t contain any entries.');
    }
    if (entries.length > MAX_BATCH_ENTRIES) throw snsErrors.batch('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
    const ids = new Set<string>();
    for (const entry of entries as (PublishEntry & { Id?: unknown })[]) {
      const id = entry.Id;
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]*$/.test(id)) {
        throw snsErrors.batch('InvalidBatchEntryId', `The Id of a batch entry in the batch request contains an impermissible character: ${String(id)}`);
      }
      if (id.length > 80) throw snsErrors.batch('InvalidBatchEntryId', `The Id of a batch entry in the batch request is too long: ${id}`);
      if (ids.has(id)) throw snsErrors.batch('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
      ids.add(id);
    }
    const typed = entries as (PublishEntry & { Id: string })[];
    const total = typed.reduce((sum, e) => sum + (typeof e.Message === 'string' ? Buffer.byteLength(e.Message, 'utf8') : 0), 0);
    if (total > MAX_MESSAGE_BYTES) throw snsErrors.batch('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');
    // FIFO and JSON-structure violations fail the whole call (observed on AWS); others fail the entry.
    const prepared = typed.map((entry, i) => {
      try {
        return prepare(topic, entry, `publishBatchRequestEntries.${i + 1}.member.messageAttributes`);
      } catch (error) {
        if (error instanceof AwsError && /MessageGroupId|ContentBasedDeduplication|MessageDeduplicationId|Message Structure/.test(error.message)) throw error;
        return error as AwsError;
      }
    });
    const Successful: Record<string, unknown>[] = [];
    const Failed: Record<string, unknown>[] = [];
    prepared.forEach((entry, i) => {
      const id = typed[i].Id;
      if (entry instanceof Error) {
        Failed.push({ Id: id, Code: entry.queryCode ?? entry.code, Message: entry.message, SenderFault: entry.senderFault });
        return;
      }
      Successful.push({ Id: id, ...publishPrepared(topic, entry, ctx) });
    });
    return { Successful, Failed };
  }

  // ---- tags -------------------------------------------------------------------------------

  function taggedTopic(input: Input): Topic {
    const topic = typeof input.ResourceArn === 'string' ? topics.get(input.ResourceArn) : undefined;
    if (!topic) throw snsErrors.resourceNotFound();
    return topic;
  }

  const operations: Record<string, (input: Input, ctx: RequestContext) => unknown> = {
    CreateTopic: createTopic,
    DeleteTopic: deleteTopic,
    ListTopics: listTopics,
    GetTopicAttributes: getTopicAttributes,
    SetTopicAttributes: setTopicAttributes,
    Subscribe: subscribe,
    Unsubscribe: unsubscribe,
    ListSubscriptions: listSubscriptions,
    ListSubscriptionsByTopic: listSubscriptionsByTopic,
    GetSubscriptionAttributes: getSubscriptionAttributes,
    SetSubscriptionAttributes: setSubscriptionAttributes,
    Publish: publish,
    PublishBatch: publishBatch,
    TagResource: (input) => {
      const topic = taggedTopic(input);
      topic.tags = { ...topic.tags, ...tagsOf(input.Tags) };
      return {};
    },
    UntagResource: (input) => {
      const topic = taggedTopic(input);
      for (const key of (input.TagKeys as string[] | undefined) ?? []) delete topic.tags[key];
      return {};
    },
    ListTagsForResource: (input) => ({ Tags: Object.entries(taggedTopic(input).tags).map(([Key, Value]) => ({ Key, Value })) }),
  };

  return {
    version: '2010-03-31',
    signingName: 'sns',
    xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
    targetPrefix: 'AmazonSNS',
    actions: SNS_QUERY_ACTIONS,
    handle(action, input, ctx) {
      const run = operations[action];
      if (!run) throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, { queryCode: 'InvalidAction' });
      return run(input, ctx);
    },
    publishMetrics,
    takeLambdaEvents(functionArn) {
      const key = functionArn.split(':').slice(0, 7).join(':');
      const events = lambdaInbox.get(key) ?? [];
      lambdaInbox.delete(key);
      return events;
    },
    close() {
      clearInterval(metricsTimer);
      offAdvance();
    },
  };
}
