import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  PutItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  ListEventSourceMappingsCommand,
  type CreateEventSourceMappingCommandInput,
  type EventSourceMappingConfiguration,
} from '@aws-sdk/client-lambda';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SetSubscriptionAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { CATALOGUE } from './catalogue';
import type { DemoClients } from './clients';
import { errorName, sleep } from './util';

/** The demo system's resource names: a contract the dashboard's docs, tests and e2e specs rely on. */
export const DEMO_NAMES = {
  ordersTable: 'orders',
  inventoryTable: 'inventory',
  projectorFailuresQueue: 'order-projector-failures',
  fulfillmentQueue: 'fulfillment',
  fulfillmentDlq: 'fulfillment-dlq',
  notificationsQueue: 'notifications',
  notificationsDlq: 'notifications-dlq',
  orderEventsTopic: 'order-events',
  orderEventsDlq: 'order-events-dlq',
  orderProjector: 'order-projector',
  fulfillmentWorker: 'fulfillment-worker',
  notifier: 'notifier',
} as const;

export type DemoQueueName =
  | typeof DEMO_NAMES.projectorFailuresQueue
  | typeof DEMO_NAMES.fulfillmentQueue
  | typeof DEMO_NAMES.fulfillmentDlq
  | typeof DEMO_NAMES.notificationsQueue
  | typeof DEMO_NAMES.notificationsDlq
  | typeof DEMO_NAMES.orderEventsDlq;

export type DemoFunctionName = typeof DEMO_NAMES.orderProjector | typeof DEMO_NAMES.fulfillmentWorker | typeof DEMO_NAMES.notifier;

export interface DemoQueue {
  url: string;
  arn: string;
}

/** What `ensureDemoResources` found or created. */
export interface DemoResources {
  ordersTableArn: string;
  inventoryTableArn: string;
  ordersStreamArn: string;
  queues: Record<DemoQueueName, DemoQueue>;
  /** `order-events` and its two subscriptions (`fulfillment` raw and filtered, `notifications` enveloped). */
  topic: { arn: string; subscriptions: Record<typeof DEMO_NAMES.fulfillmentQueue | typeof DEMO_NAMES.notificationsQueue, string> };
  functions: Record<DemoFunctionName, { arn: string }>;
  /** Event source mapping UUIDs, by function. */
  mappings: Record<DemoFunctionName, { uuid: string }>;
}

export interface DemoResourceOptions {
  /** `fulfillment`'s VisibilityTimeout: short so a failed message is retried within seconds. */
  fulfillmentVisibilityTimeoutSeconds?: number;
  fulfillmentMaxReceiveCount?: number;
  notificationsVisibilityTimeoutSeconds?: number;
  notificationsMaxReceiveCount?: number;
  /** How long `ensureDemoResources` waits for a CREATING table to become ACTIVE. */
  tableActiveTimeoutMs?: number;
}

const DEFAULTS: Required<DemoResourceOptions> = {
  fulfillmentVisibilityTimeoutSeconds: 3,
  fulfillmentMaxReceiveCount: 3,
  notificationsVisibilityTimeoutSeconds: 30,
  notificationsMaxReceiveCount: 5,
  tableActiveTimeoutMs: 60_000,
};

/** 14 days, SQS's maximum: a DLQ must keep messages longer than its sources do (4 days, the default). */
const DLQ_RETENTION_SECONDS = 1_209_600;
const SOURCE_RETENTION_SECONDS = 345_600;

/** An empty zip (just the end-of-central-directory record): the demo functions never run on Lambda. */
const DUMMY_ZIP = new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]);
const DEMO_ROLE = 'arn:aws:iam::000000000000:role/demo';

/**
 * Creates the demo system's tables, queues, functions and event source mappings, or finds them
 * when they exist, so it is safe to run twice (and against a system a previous run left behind).
 */
export async function ensureDemoResources(clients: DemoClients, options: DemoResourceOptions = {}): Promise<DemoResources> {
  const settings = { ...DEFAULTS, ...stripUndefined(options) };

  const orders = await ensureTable(clients, settings, {
    TableName: DEMO_NAMES.ordersTable,
    KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    AttributeDefinitions: [
      { AttributeName: 'orderId', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'S' },
    ],
    // Orders by status, newest last: the kind of GSI almost every real table has, so Eddy shows one.
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byStatus',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['customerId', 'total'] },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  const ordersStreamArn = await ensureStream(clients, settings, orders);
  await ensureTimeToLive(clients, DEMO_NAMES.ordersTable, 'expiresAt');

  const inventory = await ensureTable(clients, settings, {
    TableName: DEMO_NAMES.inventoryTable,
    KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await seedInventory(clients);

  const { TopicArn: topicArn = '' } = await clients.sns.send(new CreateTopicCommand({ Name: DEMO_NAMES.orderEventsTopic }));
  const orderEventsDlq = await ensureQueue(clients, DEMO_NAMES.orderEventsDlq, { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) });

  const projectorFailures = await ensureQueue(clients, DEMO_NAMES.projectorFailuresQueue, {
    MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS),
  });
  const fulfillmentDlq = await ensureQueue(clients, DEMO_NAMES.fulfillmentDlq, { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) });
  const fulfillment = await ensureQueue(clients, DEMO_NAMES.fulfillmentQueue, {
    VisibilityTimeout: String(settings.fulfillmentVisibilityTimeoutSeconds),
    MessageRetentionPeriod: String(SOURCE_RETENTION_SECONDS),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: fulfillmentDlq.arn, maxReceiveCount: settings.fulfillmentMaxReceiveCount }),
    Policy: queuePolicyForTopic(DEMO_NAMES.fulfillmentQueue, topicArn, 'Allow'),
  });
  const notificationsDlq = await ensureQueue(clients, DEMO_NAMES.notificationsDlq, { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) });
  const notifications = await ensureQueue(clients, DEMO_NAMES.notificationsQueue, {
    VisibilityTimeout: String(settings.notificationsVisibilityTimeoutSeconds),
    MessageRetentionPeriod: String(SOURCE_RETENTION_SECONDS),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: notificationsDlq.arn, maxReceiveCount: settings.notificationsMaxReceiveCount }),
    Policy: queuePolicyForTopic(DEMO_NAMES.notificationsQueue, topicArn, 'Allow'),
  });
  // SNS delivers only to a queue whose policy lets the topic send (reference part 2, §2.7); each
  // subscription dead-letters into order-events-dlq (SNS keeps no failed delivery itself).
  const subscriptionDlq = JSON.stringify({ deadLetterTargetArn: orderEventsDlq.arn });
  const fulfillmentSubscription = await ensureSubscription(clients, topicArn, fulfillment.arn, {
    RawMessageDelivery: 'true',
    FilterPolicyScope: 'MessageAttributes',
    FilterPolicy: JSON.stringify({ eventType: ['OrderPlaced'] }),
    RedrivePolicy: subscriptionDlq,
  });
  const notificationsSubscription = await ensureSubscription(clients, topicArn, notifications.arn, { RawMessageDelivery: 'false', RedrivePolicy: subscriptionDlq });

  // Environment variables are how the dashboard draws the function → queue/table edges.
  const projectorArn = await ensureFunction(clients, DEMO_NAMES.orderProjector, {
    ORDER_EVENTS_TOPIC_ARN: topicArn,
    INVENTORY_TABLE: DEMO_NAMES.inventoryTable,
  });
  const workerArn = await ensureFunction(clients, DEMO_NAMES.fulfillmentWorker, {
    ORDERS_TABLE: DEMO_NAMES.ordersTable,
    NOTIFICATIONS_QUEUE_URL: notifications.url,
  });
  const notifierArn = await ensureFunction(clients, DEMO_NAMES.notifier, {});

  const projectorMapping = await ensureMapping(clients, {
    FunctionName: DEMO_NAMES.orderProjector,
    EventSourceArn: ordersStreamArn,
    BatchSize: 25,
    StartingPosition: 'TRIM_HORIZON',
    MaximumRetryAttempts: 2,
    BisectBatchOnFunctionError: true,
    DestinationConfig: { OnFailure: { Destination: projectorFailures.arn } },
    Enabled: true,
  });
  const workerMapping = await ensureMapping(clients, {
    FunctionName: DEMO_NAMES.fulfillmentWorker,
    EventSourceArn: fulfillment.arn,
    BatchSize: 10,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    Enabled: true,
  });
  const notifierMapping = await ensureMapping(clients, {
    FunctionName: DEMO_NAMES.notifier,
    EventSourceArn: notifications.arn,
    BatchSize: 5,
    Enabled: true,
  });

  return {
    ordersTableArn: orders.TableArn ?? '',
    inventoryTableArn: inventory.TableArn ?? '',
    ordersStreamArn,
    queues: {
      'order-projector-failures': projectorFailures,
      fulfillment,
      'fulfillment-dlq': fulfillmentDlq,
      notifications,
      'notifications-dlq': notificationsDlq,
      'order-events-dlq': orderEventsDlq,
    },
    topic: { arn: topicArn, subscriptions: { fulfillment: fulfillmentSubscription, notifications: notificationsSubscription } },
    functions: {
      'order-projector': { arn: projectorArn },
      'fulfillment-worker': { arn: workerArn },
      notifier: { arn: notifierArn },
    },
    mappings: {
      'order-projector': { uuid: projectorMapping.UUID ?? '' },
      'fulfillment-worker': { uuid: workerMapping.UUID ?? '' },
      notifier: { uuid: notifierMapping.UUID ?? '' },
    },
  };
}

type TableInput = ConstructorParameters<typeof CreateTableCommand>[0];

/** CreateTable, treating ResourceInUseException as "already there", then waits for ACTIVE. */
async function ensureTable(clients: DemoClients, settings: Required<DemoResourceOptions>, input: TableInput): Promise<TableDescription> {
  try {
    await clients.dynamodb.send(new CreateTableCommand(input));
  } catch (error) {
    if (errorName(error) !== 'ResourceInUseException') throw error;
  }
  return waitForActive(clients, input.TableName ?? '', settings.tableActiveTimeoutMs);
}

async function waitForActive(clients: DemoClients, tableName: string, timeoutMs: number): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table && Table.TableStatus === 'ACTIVE') return Table;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** An `orders` table left without a stream (created by hand, say) gets one, since the projector reads it. */
async function ensureStream(clients: DemoClients, settings: Required<DemoResourceOptions>, table: TableDescription): Promise<string> {
  if (table.StreamSpecification?.StreamEnabled && table.LatestStreamArn) return table.LatestStreamArn;
  await clients.dynamodb.send(
    new UpdateTableCommand({
      TableName: table.TableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const updated = await waitForActive(clients, table.TableName ?? '', settings.tableActiveTimeoutMs);
  if (!updated.LatestStreamArn) throw new Error(`Table ${table.TableName} has no stream after enabling one`);
  return updated.LatestStreamArn;
}

/** UpdateTimeToLive fails with ValidationException when TTL is already on, so look first. */
async function ensureTimeToLive(clients: DemoClients, tableName: string, attributeName: string): Promise<void> {
  const { TimeToLiveDescription } = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && TimeToLiveDescription?.AttributeName === attributeName) return;
  try {
    await clients.dynamodb.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName } }),
    );
  } catch (error) {
    // A concurrent run may have enabled it between our look and our update.
    if (errorName(error) !== 'ValidationException') throw error;
  }
}

/** Stock for every SKU, written only where missing so a second run keeps the reservations made since. */
async function seedInventory(clients: DemoClients): Promise<void> {
  await Promise.all(
    CATALOGUE.map(async (item) => {
      try {
        await clients.dynamodb.send(
          new PutItemCommand({
            TableName: DEMO_NAMES.inventoryTable,
            Item: marshall({ sku: item.sku, name: item.name, unitPrice: item.unitPrice, fragile: item.fragile, stock: item.initialStock, reserved: 0 }),
            ConditionExpression: 'attribute_not_exists(sku)',
          }),
        );
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
      }
    }),
  );
}

/**
 * CreateQueue is idempotent for identical attributes; a queue that exists with other attributes
 * (QueueNameExists) is brought to ours with SetQueueAttributes instead.
 */
async function ensureQueue(clients: DemoClients, name: string, attributes: Record<string, string>): Promise<DemoQueue> {
  let url: string;
  try {
    ({ QueueUrl: url = '' } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })));
  } catch (error) {
    if (errorName(error) !== 'QueueNameExists') throw error;
    ({ QueueUrl: url = '' } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  }
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`Queue ${name} has no QueueArn`);
  return { url, arn };
}

/**
 * The access policy of a queue an SNS topic delivers to: `Allow` lets the topic send, `Deny` (the
 * demo's "Break a subscription") makes every delivery fail.
 */
export function queuePolicyForTopic(queueName: string, topicArn: string, effect: 'Allow' | 'Deny'): string {
  const [, partition, , region, account] = topicArn.split(':');
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: `${effect === 'Allow' ? 'Allow' : 'Deny'}OrderEvents`,
        Effect: effect,
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: `arn:${partition}:sqs:${region}:${account}:${queueName}`,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}

/** Subscribes the queue, or brings an existing subscription of it to these attributes. */
async function ensureSubscription(clients: DemoClients, topicArn: string, queueArn: string, attributes: Record<string, string>): Promise<string> {
  let token: string | undefined;
  do {
    const page = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }));
    const existing = page.Subscriptions?.find((s) => s.Protocol === 'sqs' && s.Endpoint === queueArn);
    if (existing?.SubscriptionArn) {
      for (const [AttributeName, AttributeValue] of Object.entries(attributes)) {
        await clients.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: existing.SubscriptionArn, AttributeName, AttributeValue }));
      }
      return existing.SubscriptionArn;
    }
    token = page.NextToken;
  } while (token);
  const { SubscriptionArn = '' } = await clients.sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: attributes, ReturnSubscriptionArn: true }),
  );
  return SubscriptionArn;
}

async function ensureFunction(clients: DemoClients, name: string, environment: Record<string, string>): Promise<string> {
  try {
    const { Configuration } = await clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    if (Configuration?.FunctionArn) return Configuration.FunctionArn;
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  try {
    const created = await clients.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: DEMO_ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: DUMMY_ZIP },
        Description: `Eddy demo: ${name} (simulated in-process by server/sim)`,
        Environment: { Variables: environment },
      }),
    );
    if (created.FunctionArn) return created.FunctionArn;
  } catch (error) {
    // Another run created it between our GetFunction and CreateFunction.
    if (errorName(error) !== 'ResourceConflictException') throw error;
  }
  const { Configuration } = await clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
  if (!Configuration?.FunctionArn) throw new Error(`Function ${name} has no FunctionArn`);
  return Configuration.FunctionArn;
}

/** Every mapping of a function (ListEventSourceMappings pages by Marker). */
export async function listMappings(clients: DemoClients, functionName: string, signal?: AbortSignal): Promise<EventSourceMappingConfiguration[]> {
  const all: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: functionName, Marker: marker }), { abortSignal: signal });
    all.push(...(page.EventSourceMappings ?? []));
    marker = page.NextMarker;
  } while (marker);
  return all;
}

async function ensureMapping(clients: DemoClients, input: CreateEventSourceMappingCommandInput): Promise<EventSourceMappingConfiguration> {
  const existing = (await listMappings(clients, input.FunctionName ?? '')).find((m) => m.EventSourceArn === input.EventSourceArn);
  if (existing) return existing;
  return clients.lambda.send(new CreateEventSourceMappingCommand(input));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
