import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateFunctionCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRequest, startTestEmulator, xmlValues, type TestEmulator } from '../testing';

/**
 * SNS through `@aws-sdk/client-sns` (query protocol, every SDK version), delivering to the
 * emulator's SQS queues, read back by a consumer that unwraps the SNS envelope
 * (reference part 2, §2).
 */

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
const unique = (base: string) => `${base}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

async function createTopic(name: string, Attributes?: Record<string, string>): Promise<string> {
  return (await emu.sns.send(new CreateTopicCommand({ Name: name, Attributes }))).TopicArn!;
}
async function createQueue(name: string, Attributes?: Record<string, string>): Promise<{ url: string; arn: string }> {
  const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!;
  const arn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}
async function subscribeQueue(topicArn: string, queueArn: string, Attributes?: Record<string, string>): Promise<string> {
  return (await emu.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes }))).SubscriptionArn!;
}
async function receiveAll(url: string): Promise<Message[]> {
  const out = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
  return out.Messages ?? [];
}

/** What a consumer of an SNS-fed queue does: unwrap the envelope, keep the SNS MessageId. */
interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SequenceNumber?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  UnsubscribeURL: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}
const unwrap = (message: Message) => JSON.parse(message.Body!) as Envelope;

describe('topics', () => {
  it('CreateTopic is idempotent by name, refuses different attributes, and GetTopicAttributes shows AWS defaults', async () => {
    const name = unique('orders');
    const arn = await createTopic(name, { DisplayName: 'Orders' });
    expect(arn).toBe(`arn:aws:sns:us-east-1:000000000000:${name}`);
    expect(await createTopic(name)).toBe(arn);
    expect(await createTopic(name, { DisplayName: 'Orders' })).toBe(arn);
    await expect(createTopic(name, { DisplayName: 'Other' })).rejects.toThrow('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
    const attributes = (await emu.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!;
    expect(attributes).toMatchObject({ TopicArn: arn, Owner: '000000000000', DisplayName: 'Orders', SubscriptionsConfirmed: '0', SubscriptionsPending: '0', SubscriptionsDeleted: '0' });
    expect(JSON.parse(attributes.Policy).Statement[0].Resource).toBe(arn);
    expect(JSON.parse(attributes.EffectiveDeliveryPolicy).http.defaultHealthyRetryPolicy.numRetries).toBe(3);
    expect(attributes.FifoTopic).toBeUndefined();
  });

  it('FIFO topics need the .fifo suffix, and only they may have it', async () => {
    const name = `${unique('ledger')}.fifo`;
    const arn = await createTopic(name, { FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const attributes = (await emu.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!;
    expect(attributes).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    await expect(createTopic(`${unique('plain')}.fifo`)).rejects.toThrow('Invalid parameter: Topic Name');
    await expect(createTopic(unique('nofifo'), { FifoTopic: 'true' })).rejects.toThrow('Invalid parameter: Topic Name');
    await expect(createTopic('bad name')).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('SetTopicAttributes sets one attribute; FifoTopic and unknown names are refused', async () => {
    const arn = await createTopic(unique('settable'));
    await emu.sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: 'Shown' }));
    expect((await emu.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!.DisplayName).toBe('Shown');
    await expect(emu.sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'FifoTopic', AttributeValue: 'true' }))).rejects.toThrow('Invalid parameter: AttributeName');
    await expect(emu.sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'Colour', AttributeValue: 'x' }))).rejects.toThrow('Invalid parameter: AttributeName');
  });

  it('an unknown topic is NotFoundException (404, code NotFound); a malformed ARN names its element count', async () => {
    const error = await emu.sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:missing' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as NotFoundException).message).toBe('Topic does not exist');
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as NotFoundException).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(emu.sns.send(new GetTopicAttributesCommand({ TopicArn: 'orders' }))).rejects.toThrow(
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    );
  });

  it('ListTopics pages by 100, and DeleteTopic removes the topic and its subscriptions (idempotently)', async () => {
    const prefix = unique('many');
    const arns = new Set<string>();
    for (let i = 0; i < 101; i++) arns.add(await createTopic(`${prefix}-${String(i).padStart(3, '0')}`));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await emu.sns.send(new ListTopicsCommand({ NextToken: token }));
      expect(page.Topics!.length).toBeLessThanOrEqual(100);
      seen.push(...page.Topics!.map((t) => t.TopicArn!));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    for (const arn of arns) expect(seen).toContain(arn);

    const [first] = arns;
    const queue = await createQueue(unique('deleted-topic'));
    const sub = await subscribeQueue(first, queue.arn);
    await emu.sns.send(new DeleteTopicCommand({ TopicArn: first }));
    await emu.sns.send(new DeleteTopicCommand({ TopicArn: first }));
    const subs = await emu.sns.send(new ListSubscriptionsCommand({}));
    expect(subs.Subscriptions?.map((s) => s.SubscriptionArn)).not.toContain(sub);
    await expect(emu.sns.send(new GetTopicAttributesCommand({ TopicArn: first }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('tags: CreateTopic with Tags and ListTagsForResource', async () => {
    const name = unique('tagged');
    const arn = (await emu.sns.send(new CreateTopicCommand({ Name: name, Tags: [{ Key: 'team', Value: 'orders' }] }))).TopicArn!;
    expect((await emu.sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: 'team', Value: 'orders' }]);
  });
});

describe('subscriptions', () => {
  it('an sqs subscription is confirmed at once, listed, idempotent, and removed by Unsubscribe', async () => {
    const topic = await createTopic(unique('subs'));
    const queue = await createQueue(unique('subs-q'));
    const arn = await subscribeQueue(topic, queue.arn);
    expect(arn).toMatch(new RegExp(`^${topic}:[0-9a-f-]{36}$`));
    expect(await subscribeQueue(topic, queue.arn)).toBe(arn);
    const attributes = (await emu.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes!;
    expect(attributes).toMatchObject({
      SubscriptionArn: arn,
      TopicArn: topic,
      Protocol: 'sqs',
      Endpoint: queue.arn,
      Owner: '000000000000',
      PendingConfirmation: 'false',
      ConfirmationWasAuthenticated: 'true',
      RawMessageDelivery: 'false',
    });
    expect(attributes.FilterPolicy).toBeUndefined();
    const byTopic = await emu.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    expect(byTopic.Subscriptions).toEqual([{ SubscriptionArn: arn, Owner: '000000000000', Protocol: 'sqs', Endpoint: queue.arn, TopicArn: topic }]);
    expect((await emu.sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!.SubscriptionsConfirmed).toBe('1');
    await emu.sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
    await emu.sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
    expect((await emu.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions).toEqual([]);
    await expect(emu.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).rejects.toThrow('Subscription does not exist');
  });

  it('refuses a queue URL as endpoint, an unknown protocol, and a FIFO queue on a standard topic', async () => {
    const topic = await createTopic(unique('refuse'));
    await expect(emu.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: 'http://127.0.0.1/000000000000/q' }))).rejects.toThrow(
      'Invalid parameter: SQS endpoint ARN',
    );
    await expect(emu.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'test-protocol', Endpoint: 'x' }))).rejects.toThrow(
      'Invalid parameter: Amazon SNS does not support this protocol string: test-protocol',
    );
    const fifo = await createQueue(`${unique('fifo-q')}.fifo`, { FifoQueue: 'true' });
    await expect(subscribeQueue(topic, fifo.arn)).rejects.toThrow('FIFO SQS Queues can not be subscribed to standard SNS topics');
  });

  it('validates attributes with the prefixes AWS uses on Subscribe and on SetSubscriptionAttributes', async () => {
    const topic = await createTopic(unique('validate'));
    const queue = await createQueue(unique('validate-q'));
    await expect(subscribeQueue(topic, queue.arn, { RawMessageDelivery: 'yes' })).rejects.toThrow(
      'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. Must be true or false.',
    );
    await expect(subscribeQueue(topic, queue.arn, { FilterPolicy: '{"key":[]}' })).rejects.toThrow(
      'Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed',
    );
    const arn = await subscribeQueue(topic, queue.arn);
    const set = (AttributeName: string, AttributeValue: string) => emu.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName, AttributeValue }));
    await expect(set('FilterPolicy', '{"key":[{"numeric":[">",3,"<",1]}]}')).rejects.toThrow('Invalid parameter: FilterPolicy: Bottom must be less than top');
    await expect(set('FilterPolicy', '{"key":{"nested":["x"]}}')).rejects.toThrow(
      'Invalid parameter: FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    await expect(set('FilterPolicyScope', 'RandomValue')).rejects.toThrow(
      'Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes',
    );
    await expect(set('RedrivePolicy', '{"deadLetterTargetArn":"nope"}')).rejects.toThrow('Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn');
    await expect(set('Colour', 'x')).rejects.toThrow('Invalid parameter: AttributeName');
    await set('FilterPolicy', '{"eventType":["OrderPlaced"]}');
    const attributes = (await emu.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes!;
    expect(attributes).toMatchObject({ FilterPolicy: '{"eventType":["OrderPlaced"]}', FilterPolicyScope: 'MessageAttributes' });
  });
});

describe('publishing to SQS', () => {
  it('non-raw delivery wraps the message in the SNS envelope, with attributes as Type/Value', async () => {
    const topic = await createTopic(unique('envelope'));
    const queue = await createQueue(unique('envelope-q'));
    const sub = await subscribeQueue(topic, queue.arn);
    const published = await emu.sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: 'order 1 ö & "quoted"',
        Subject: 'New order',
        MessageAttributes: { eventType: { DataType: 'String', StringValue: 'OrderPlaced' }, total: { DataType: 'Number', StringValue: '99.12' }, blob: { DataType: 'Binary', BinaryValue: Uint8Array.of(2, 3, 4) } },
      }),
    );
    const [message] = await receiveAll(queue.url);
    expect(message.MessageAttributes).toBeUndefined();
    expect(message.MessageId).not.toBe(published.MessageId);
    const envelope = unwrap(message);
    expect(Object.keys(envelope)).toEqual([
      'Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes',
    ]);
    expect(envelope).toMatchObject({ Type: 'Notification', MessageId: published.MessageId, TopicArn: topic, Subject: 'New order', Message: 'order 1 ö & "quoted"', SignatureVersion: '1' });
    expect(envelope.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(envelope.Signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(envelope.MessageAttributes).toEqual({
      eventType: { Type: 'String', Value: 'OrderPlaced' },
      total: { Type: 'Number', Value: '99.12' },
      blob: { Type: 'Binary', Value: 'AgME' },
    });
    // The UnsubscribeURL works as a plain GET against the endpoint.
    const unsubscribed = await fetch(envelope.UnsubscribeURL);
    expect(unsubscribed.status).toBe(200);
    await expect(emu.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('raw delivery sends the bare message with SNS attributes as SQS attributes (MD5 checked by the SDK)', async () => {
    const topic = await createTopic(unique('raw'));
    const queue = await createQueue(unique('raw-q'));
    await subscribeQueue(topic, queue.arn, { RawMessageDelivery: 'true' });
    await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: '{"orderId":"o-1"}', MessageAttributes: { eventType: { DataType: 'String', StringValue: 'OrderPlaced' } } }));
    await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'no attributes' }));
    const messages = await receiveAll(queue.url);
    expect(messages.map((m) => m.Body)).toEqual(['{"orderId":"o-1"}', 'no attributes']);
    expect(messages[0].MessageAttributes).toEqual({ eventType: { DataType: 'String', StringValue: 'OrderPlaced' } });
    expect(messages[0].MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(messages[1].MD5OfMessageAttributes).toBeUndefined();
  });

  it('MessageStructure=json gives SQS its own key, else default', async () => {
    const topic = await createTopic(unique('structure'));
    const queue = await createQueue(unique('structure-q'));
    await subscribeQueue(topic, queue.arn, { RawMessageDelivery: 'true' });
    await emu.sns.send(new PublishCommand({ TopicArn: topic, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', sqs: 'for sqs' }) }));
    await emu.sns.send(new PublishCommand({ TopicArn: topic, MessageStructure: 'json', Message: JSON.stringify({ default: 'only default' }) }));
    expect((await receiveAll(queue.url)).map((m) => m.Body)).toEqual(['for sqs', 'only default']);
    await expect(emu.sns.send(new PublishCommand({ TopicArn: topic, MessageStructure: 'json', Message: '{"sqs":"x"}' }))).rejects.toThrow(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
  });

  it('refuses an empty message, an empty subject, a bad attribute and a message over 256 KB', async () => {
    const topic = await createTopic(unique('refused'));
    const publish = (input: Partial<ConstructorParameters<typeof PublishCommand>[0]>) => emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'x', ...input }));
    await expect(publish({ Message: '' })).rejects.toThrow('Invalid parameter: Empty message');
    await expect(publish({ Subject: '' })).rejects.toThrow('Invalid parameter: Subject');
    await expect(publish({ MessageAttributes: { a: { DataType: 'String', StringValue: '' } } })).rejects.toThrow(
      "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    );
    await expect(publish({ MessageAttributes: { a: { DataType: 'Text', StringValue: 'x' } as MessageAttributeValue } })).rejects.toThrow('invalid message attribute type');
    await expect(publish({ Message: 'x'.repeat(262_145) })).rejects.toThrow('Invalid parameter: Message too long');
    await expect(publish({ MessageDeduplicationId: 'd' })).rejects.toThrow('MessageDeduplicationId Reason');
  });

  it('filter policies on attributes: exact, prefix, anything-but, numeric ranges, exists', async () => {
    const topic = await createTopic(unique('filters'));
    const queues = {
      placed: await createQueue(unique('f-placed')),
      prefix: await createQueue(unique('f-prefix')),
      notCancelled: await createQueue(unique('f-but')),
      big: await createQueue(unique('f-num')),
      noRegion: await createQueue(unique('f-exists')),
    };
    const policies = {
      placed: { eventType: ['OrderPlaced'] },
      prefix: { eventType: [{ prefix: 'Order' }] },
      notCancelled: { eventType: [{ 'anything-but': ['OrderCancelled'] }] },
      big: { total: [{ numeric: ['>=', 100, '<', 1000] }] },
      noRegion: { region: [{ exists: false }] },
    };
    for (const [key, queue] of Object.entries(queues)) {
      await subscribeQueue(topic, queue.arn, { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(policies[key as keyof typeof policies]) });
    }
    const send = (Message: string, attributes: Record<string, string | number>) =>
      emu.sns.send(
        new PublishCommand({
          TopicArn: topic,
          Message,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([k, v]) => [k, typeof v === 'number' ? { DataType: 'Number', StringValue: String(v) } : { DataType: 'String', StringValue: v }]),
          ),
        }),
      );
    await send('a', { eventType: 'OrderPlaced', total: 150 });
    await send('b', { eventType: 'OrderCancelled', total: 1e3, region: 'eu' });
    await send('c', { eventType: 'PaymentTaken', total: 99.5 });
    await send('d', { eventType: 'OrderShipped', total: 100 });
    const bodies = async (url: string) => (await receiveAll(url)).map((m) => m.Body).sort();
    expect(await bodies(queues.placed.url)).toEqual(['a']);
    expect(await bodies(queues.prefix.url)).toEqual(['a', 'b', 'd']);
    expect(await bodies(queues.notCancelled.url)).toEqual(['a', 'c', 'd']);
    expect(await bodies(queues.big.url)).toEqual(['a', 'd']);
    expect(await bodies(queues.noRegion.url)).toEqual(['a', 'c', 'd']);
  });

  it('filter policies on the message body (FilterPolicyScope MessageBody) follow nesting', async () => {
    const topic = await createTopic(unique('body'));
    const queue = await createQueue(unique('body-q'));
    await subscribeQueue(topic, queue.arn, {
      RawMessageDelivery: 'true',
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: JSON.stringify({ order: { status: ['paid'], total: [{ numeric: ['>', 10] }] } }),
    });
    for (const body of [
      { order: { status: 'paid', total: 20 } },
      { order: { status: 'paid', total: 5 } },
      { order: { status: 'open', total: 50 } },
      'not json',
    ]) {
      await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: typeof body === 'string' ? body : JSON.stringify(body) }));
    }
    expect((await receiveAll(queue.url)).map((m) => JSON.parse(m.Body!))).toEqual([{ order: { status: 'paid', total: 20 } }]);
  });

  it('a missing queue makes the delivery fail; with a RedrivePolicy the envelope lands in the subscription DLQ', async () => {
    const topic = await createTopic(unique('redrive'));
    const target = await createQueue(unique('gone'));
    const dlq = await createQueue(unique('sub-dlq'));
    const enveloped = await subscribeQueue(topic, target.arn, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) });
    const raw = await subscribeQueue(topic, `${target.arn}-raw`, { RawMessageDelivery: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) });
    await subscribeQueue(topic, `${target.arn}-nodlq`);
    await emu.sqs.send(new DeleteQueueCommand({ QueueUrl: target.url }));
    const published = await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'lost?', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    const dead = await receiveAll(dlq.url);
    expect(dead).toHaveLength(2);
    const envelope = dead.find((m) => m.Body!.startsWith('{'))!;
    expect(unwrap(envelope)).toMatchObject({ MessageId: published.MessageId, Message: 'lost?', UnsubscribeURL: expect.stringContaining(enveloped) });
    expect(envelope.MessageAttributes).toBeUndefined();
    const bare = dead.find((m) => m.Body === 'lost?')!;
    expect(bare.MessageAttributes).toEqual({ k: { DataType: 'String', StringValue: 'v' } });
    expect(raw).not.toBe(enveloped);
  });

  it('a queue policy that does not admit the topic fails the delivery (to the DLQ); one that does, delivers', async () => {
    const topic = await createTopic(unique('policy'));
    const queue = await createQueue(unique('policy-q'));
    const dlq = await createQueue(unique('policy-dlq'));
    await subscribeQueue(topic, queue.arn, { RawMessageDelivery: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) });
    const policy = (effect: string, source: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.arn, Condition: { ArnEquals: { 'aws:SourceArn': source } } }] });
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: policy('Allow', `${topic}-other`) } }));
    await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'denied' }));
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: policy('Allow', topic) } }));
    await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'allowed' }));
    expect((await receiveAll(queue.url)).map((m) => m.Body)).toEqual(['allowed']);
    expect((await receiveAll(dlq.url)).map((m) => m.Body)).toEqual(['denied']);
  });

  it('FIFO topic to FIFO queue: group and deduplication ids carry over, duplicates deliver once, sequence numbers grow', async () => {
    const topic = await createTopic(`${unique('fifo')}.fifo`, { FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const queue = await createQueue(`${unique('fifo-q')}.fifo`, { FifoQueue: 'true' });
    await subscribeQueue(topic, queue.arn);
    const first = await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'Test', MessageGroupId: 'g1' }));
    const again = await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'Test', MessageGroupId: 'g1' }));
    const second = await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'Other', MessageGroupId: 'g1', MessageDeduplicationId: 'explicit' }));
    expect(again.MessageId).toBe(first.MessageId);
    expect(BigInt(second.SequenceNumber!)).toBeGreaterThan(BigInt(first.SequenceNumber!));
    const messages = await receiveAll(queue.url);
    expect(messages).toHaveLength(2);
    expect(messages[0].Attributes).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: '532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25' });
    const envelope = unwrap(messages[0]);
    expect(Object.keys(envelope)).toEqual(['Type', 'MessageId', 'SequenceNumber', 'TopicArn', 'Message', 'Timestamp', 'UnsubscribeURL']);
    expect(envelope.SequenceNumber).toBe(first.SequenceNumber);
    await expect(emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'x' }))).rejects.toThrow('The MessageGroupId parameter is required for FIFO topics');
  });

  it('PublishBatch answers per entry and refuses a batch over 10 entries or with repeated ids', async () => {
    const topic = await createTopic(unique('batch'));
    const queue = await createQueue(unique('batch-q'));
    await subscribeQueue(topic, queue.arn, { RawMessageDelivery: 'true' });
    const out = await emu.sns.send(
      new PublishBatchCommand({
        TopicArn: topic,
        PublishBatchRequestEntries: [
          { Id: 'one', Message: 'm1', MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } } },
          { Id: 'two', Message: '' },
          { Id: 'three', Message: 'm3' },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id)).toEqual(['one', 'three']);
    expect(out.Failed).toEqual([{ Id: 'two', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
    expect((await receiveAll(queue.url)).map((m) => m.Body)).toEqual(['m1', 'm3']);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: 'x' }));
    await expect(emu.sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: eleven }))).rejects.toThrow(
      'The batch request contains more entries than permissible.',
    );
    await expect(
      emu.sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }, { Id: 'a', Message: 'y' }] })),
    ).rejects.toThrow('Two or more batch entries in the request have the same Id.');
  });
});

describe('lambda subscriptions and metrics', () => {
  it('delivers the SNS event to an existing function; a missing function fails to the DLQ', async () => {
    const name = unique('fn');
    const fn = await emu.lambda.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: new Uint8Array([80, 75, 5, 6]) } }),
    );
    const topic = await createTopic(unique('to-lambda'));
    const dlq = await createQueue(unique('lambda-dlq'));
    const sub = (await emu.sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: fn.FunctionArn!, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) } }),
    )).SubscriptionArn!;
    await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'to the function' }));
    const events = emu.services.sns.takeLambdaEvents(fn.FunctionArn!) as { Records: { EventSubscriptionArn: string; Sns: Record<string, unknown> }[] }[];
    expect(events).toHaveLength(1);
    expect(events[0].Records[0].EventSubscriptionArn).toBe(sub);
    expect(events[0].Records[0].Sns).toMatchObject({ Type: 'Notification', Message: 'to the function', Subject: null, MessageAttributes: {} });
    expect(events[0].Records[0].Sns.SigningCertUrl).toBeDefined();
    await emu.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: 'nobody home' }));
    expect((await receiveAll(dlq.url)).map((m) => unwrap(m).Message)).toEqual(['nobody home']);
  });

  it('publishes AWS/SNS metrics per topic when the minute completes', async () => {
    const name = unique('metered');
    const topic = await createTopic(name);
    const ok = await createQueue(unique('metered-ok'));
    const filtered = await createQueue(unique('metered-filtered'));
    await subscribeQueue(topic, ok.arn);
    await subscribeQueue(topic, filtered.arn, { FilterPolicy: '{"k":["never"]}' });
    await subscribeQueue(topic, `${ok.arn}-missing`);
    const start = emu.clock.now();
    for (let i = 0; i < 3; i++) await emu.sns.send(new PublishCommand({ TopicArn: topic, Message: `m${i}`, MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    await emu.control('POST', '/_eddy/clock', { advanceMs: 61_000 });
    const sum = async (MetricName: string) => {
      const out = await emu.cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/SNS',
          MetricName,
          Dimensions: [{ Name: 'TopicName', Value: name }],
          StartTime: new Date(start - 120_000),
          EndTime: new Date(emu.clock.now()),
          Period: 60,
          Statistics: ['Sum'],
        }),
      );
      return (out.Datapoints ?? []).reduce((total, p) => total + (p.Sum ?? 0), 0);
    };
    expect(await sum('NumberOfMessagesPublished')).toBe(3);
    expect(await sum('NumberOfNotificationsDelivered')).toBe(3);
    expect(await sum('NumberOfNotificationsFilteredOut')).toBe(3);
    expect(await sum('NumberOfNotificationsFilteredOut-MessageAttributes')).toBe(3);
    expect(await sum('NumberOfNotificationsFailed')).toBe(3);
  });
});

describe('query wire form', () => {
  it('answers XML with <ListTopicsResult><Topics><member> and query errors with Type Sender', async () => {
    const arn = await createTopic(unique('wire'));
    const res = await queryRequest(emu.url, { Action: 'GetTopicAttributes', Version: '2010-03-31', TopicArn: arn });
    expect(res.xml).toContain(`<GetTopicAttributesResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><GetTopicAttributesResult><Attributes><entry><key>TopicArn</key><value>${arn}</value></entry>`);
    const missing = await queryRequest(emu.url, { Action: 'Publish', Version: '2010-03-31', TopicArn: `${arn}-nope`, Message: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.xml).toContain('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>');
    expect(xmlValues(missing.xml, 'RequestId')).toEqual([missing.requestId]);
  });
});
