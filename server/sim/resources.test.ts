import { DescribeTableCommand, DescribeTimeToLiveCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, FRAGILE_SKUS } from './catalogue';
import { DEMO_NAMES, ensureDemoResources, type DemoResources } from './resources';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { createDemoClients, type DemoClients } from './clients';

let emu: TestEmulator;
let clients: DemoClients;
let resources: DemoResources;

beforeAll(async () => {
  emu = await startTestEmulator();
  clients = createDemoClients({ endpoint: emu.url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  resources = await ensureDemoResources(clients);
});
afterAll(async () => {
  clients.destroy();
  await emu.stop();
});

async function queueAttributes(name: keyof DemoResources['queues']) {
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: resources.queues[name].url, AttributeNames: ['All'] }));
  return Attributes ?? {};
}

describe('ensureDemoResources', () => {
  it('creates `orders` keyed by orderId with a NEW_AND_OLD_IMAGES stream and TTL on expiresAt', async () => {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'orderId', KeyType: 'HASH' }]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toBe(resources.ordersStreamArn);
    const { TimeToLiveDescription } = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'orders' }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: expect.stringMatching(/^ENABL(ED|ING)$/) });
  });

  it('seeds `inventory` with stock for every SKU of the catalogue', async () => {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: 'inventory' }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'sku', KeyType: 'HASH' }]);
    expect(FRAGILE_SKUS).toEqual(expect.arrayContaining(['GLASS-VASE', 'CRYSTAL-BOWL', 'MIRROR-TILE']));
    for (const item of CATALOGUE) {
      const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: 'inventory', Key: { sku: { S: item.sku } } }));
      expect(unmarshall(Item ?? {})).toMatchObject({ sku: item.sku, stock: item.initialStock, fragile: item.fragile });
    }
  });

  it.each([
    { queue: 'fulfillment' as const, dlq: 'fulfillment-dlq' as const, maxReceiveCount: 3, visibility: '3' },
    { queue: 'notifications' as const, dlq: 'notifications-dlq' as const, maxReceiveCount: 5, visibility: '30' },
  ])('wires $queue to $dlq after $maxReceiveCount receives, the DLQ keeping messages longer', async ({ queue, dlq, maxReceiveCount, visibility }) => {
    const source = await queueAttributes(queue);
    expect(JSON.parse(source.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: resources.queues[dlq].arn, maxReceiveCount });
    expect(source.VisibilityTimeout).toBe(visibility);
    const target = await queueAttributes(dlq);
    expect(target.MessageRetentionPeriod).toBe('1209600');
    expect(Number(target.MessageRetentionPeriod)).toBeGreaterThan(Number(source.MessageRetentionPeriod));
  });

  it('creates the on-failure queue with 14 days of retention', async () => {
    expect((await queueAttributes('order-projector-failures')).MessageRetentionPeriod).toBe('1209600');
  });

  it.each([
    { name: 'order-projector', env: () => ({ ORDER_EVENTS_TOPIC_ARN: resources.topic.arn, INVENTORY_TABLE: 'inventory' }) },
    { name: 'fulfillment-worker', env: () => ({ ORDERS_TABLE: 'orders', NOTIFICATIONS_QUEUE_URL: resources.queues.notifications.url }) },
    { name: 'notifier', env: () => ({}) },
  ])('creates function $name whose environment names what it writes to', async ({ name, env: expected }) => {
    const { Configuration } = await clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(Configuration).toMatchObject({ FunctionName: name, Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/demo' });
    expect(Configuration?.FunctionArn).toBe(resources.functions[name as keyof DemoResources['functions']].arn);
    expect(Configuration?.Environment?.Variables ?? {}).toEqual(expected());
  });

  it('fans order-events out to fulfillment (raw, OrderPlaced only) and notifications (enveloped), both dead-lettering into order-events-dlq', async () => {
    expect(resources.topic.arn).toBe('arn:aws:sns:us-east-1:000000000000:order-events');
    const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: resources.topic.arn }));
    expect(Subscriptions.map((s) => s.Endpoint).sort()).toEqual([resources.queues.fulfillment.arn, resources.queues.notifications.arn].sort());
    const attributes = async (arn: string) => (await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes ?? {};
    const fulfillment = await attributes(resources.topic.subscriptions.fulfillment);
    expect(fulfillment).toMatchObject({ RawMessageDelivery: 'true', FilterPolicyScope: 'MessageAttributes' });
    expect(JSON.parse(fulfillment.FilterPolicy ?? '{}')).toEqual({ eventType: ['OrderPlaced'] });
    const notifications = await attributes(resources.topic.subscriptions.notifications);
    expect(notifications.RawMessageDelivery).toBe('false');
    expect(notifications.FilterPolicy).toBeUndefined();
    for (const sub of [fulfillment, notifications]) expect(JSON.parse(sub.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: resources.queues['order-events-dlq'].arn });
    // Each queue's policy lets the topic send (SNS delivers nothing to a queue that does not).
    for (const queue of ['fulfillment', 'notifications'] as const) {
      expect(JSON.parse((await queueAttributes(queue)).Policy ?? '{}')).toMatchObject({ Statement: [{ Effect: 'Allow', Condition: { ArnEquals: { 'aws:SourceArn': resources.topic.arn } } }] });
    }
  });

  it('maps order-projector on the orders stream with retries, bisect and the on-failure destination', async () => {
    const { EventSourceMappings = [] } = await clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'order-projector' }));
    expect(EventSourceMappings).toHaveLength(1);
    expect(EventSourceMappings[0]).toMatchObject({
      UUID: resources.mappings['order-projector'].uuid,
      EventSourceArn: resources.ordersStreamArn,
      FunctionArn: resources.functions['order-projector'].arn,
      BatchSize: 25,
      MaximumRetryAttempts: 2,
      BisectBatchOnFunctionError: true,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: resources.queues['order-projector-failures'].arn } },
    });
  });

  it.each([
    { fn: 'fulfillment-worker' as const, queue: 'fulfillment' as const, batchSize: 10, responseTypes: ['ReportBatchItemFailures'] },
    { fn: 'notifier' as const, queue: 'notifications' as const, batchSize: 5, responseTypes: [] },
  ])('maps $fn on the $queue queue', async ({ fn, queue, batchSize, responseTypes }) => {
    const { EventSourceMappings = [] } = await clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn }));
    expect(EventSourceMappings).toHaveLength(1);
    expect(EventSourceMappings[0]).toMatchObject({ UUID: resources.mappings[fn].uuid, EventSourceArn: resources.queues[queue].arn, BatchSize: batchSize });
    expect(EventSourceMappings[0].FunctionResponseTypes ?? []).toEqual(responseTypes);
  });

  it('is idempotent: a second run finds everything and creates nothing', async () => {
    const again = await ensureDemoResources(clients);
    expect(again).toEqual(resources);
    const { QueueUrls = [] } = await clients.sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls.map((url) => url.split('/').pop()).sort()).toEqual(
      [DEMO_NAMES.fulfillmentQueue, DEMO_NAMES.fulfillmentDlq, DEMO_NAMES.notificationsQueue, DEMO_NAMES.notificationsDlq, DEMO_NAMES.projectorFailuresQueue, DEMO_NAMES.orderEventsDlq].sort(),
    );
    const { EventSourceMappings = [] } = await clients.lambda.send(new ListEventSourceMappingsCommand({}));
    expect(EventSourceMappings).toHaveLength(3);
    const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: resources.topic.arn }));
    expect(Subscriptions).toHaveLength(2);
  });

  it('brings an existing queue to the requested settings instead of failing on QueueNameExists', async () => {
    await ensureDemoResources(clients, { fulfillmentVisibilityTimeoutSeconds: 1 });
    expect((await queueAttributes('fulfillment')).VisibilityTimeout).toBe('1');
    await ensureDemoResources(clients);
    expect((await queueAttributes('fulfillment')).VisibilityTimeout).toBe('3');
  });
});
