import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import type { Order } from './catalogue';
import { createDemoClients, type DemoClients } from './clients';
import { isoSeconds, type StreamFailureRecord } from './failure-record';
import type { DemoQueueName } from './resources';
import { startSimulation, type Simulation } from './simulation';
import { sleep, waitFor } from './util';

let emu: TestEmulator;
let clients: DemoClients;
let sim: Simulation;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  clients = createDemoClients({ endpoint: emu.url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  // No generated traffic: each test writes the orders it reasons about, as a user of the shop would.
  sim = await startSimulation({
    clients,
    rate: 0,
    notifierRate: 50,
    log: (line) => lines.push(line),
    resources: { fulfillmentVisibilityTimeoutSeconds: 1 },
    tuning: { pollIntervalMs: 50, describeIntervalMs: 500, mappingRefreshMs: 500, waitTimeSeconds: 1, retryBaseDelayMs: 20, metricsFlushMs: 200 },
    now: () => emu.clock.now(),
  });
});
afterAll(async () => {
  await sim?.stop();
  clients?.destroy();
  await emu?.stop();
});

let counter = 0;
async function placeOrder(customerId: string, sku: string): Promise<Order> {
  counter += 1;
  const order: Order = {
    orderId: `ord-test-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    customerId,
    items: [{ sku, quantity: 2, unitPrice: 10 }],
    total: 20,
    status: 'PLACED',
    createdAt: new Date().toISOString(),
  };
  await clients.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: marshall(order) }));
  return order;
}

/** Receives from a queue until a message satisfies `match` (others are left to become visible again). */
async function receiveUntil(queue: DemoQueueName, match: (m: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
  return waitFor(
    `a matching message on ${queue}`,
    async () => {
      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: sim.resources.queues[queue].url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      return Messages.find(match);
    },
    timeoutMs,
    0,
  );
}

async function visibleOn(queue: DemoQueueName): Promise<number> {
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: sim.resources.queues[queue].url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

async function orderStatus(orderId: string): Promise<string | undefined> {
  const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: marshall({ orderId }), ConsistentRead: true }));
  return Item ? (unmarshall(Item).status as string) : undefined;
}

describe('the demo simulation', () => {
  it('reports a blocked customer’s order to order-projector-failures in Lambda’s format, for exactly its record', async () => {
    const good = await placeOrder('cust-0001', 'MUG-CLASSIC');
    const blocked = await placeOrder('cust-blocked-7', 'BOOK-DDIA');
    const after = await placeOrder('cust-0002', 'TSHIRT-M');

    const message = await receiveUntil('order-projector-failures', () => true);
    expect(message.MessageAttributes).toBeUndefined();
    const failure = JSON.parse(message.Body ?? '') as StreamFailureRecord;
    expect(failure).toEqual({
      requestContext: {
        requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        functionArn: sim.resources.functions['order-projector'].arn,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: expect.stringMatching(/^\d{21,40}$/),
        endSequenceNumber: expect.stringMatching(/^\d{21,40}$/),
        approximateArrivalOfFirstRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        batchSize: 1,
        streamArn: sim.resources.ordersStreamArn,
      },
    });

    // The range names real records: reading at its start gives the blocked order's INSERT.
    const info = failure.DDBStreamBatchInfo;
    const { ShardIterator } = await clients.streams.send(
      new GetShardIteratorCommand({ StreamArn: info.streamArn, ShardId: info.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: info.startSequenceNumber }),
    );
    const { Records = [] } = await clients.streams.send(new GetRecordsCommand({ ShardIterator, Limit: info.batchSize }));
    expect(Records).toHaveLength(1);
    const [record] = Records;
    expect(record.eventName).toBe('INSERT');
    expect(record.dynamodb?.SequenceNumber).toBe(info.endSequenceNumber);
    expect(unmarshall((record.dynamodb?.NewImage ?? {}) as never)).toMatchObject({ orderId: blocked.orderId, customerId: 'cust-blocked-7' });
    expect(info.approximateArrivalOfFirstRecord).toBe(isoSeconds(record.dynamodb?.ApproximateCreationDateTime ?? new Date(0)));

    // The records around it were projected all the same, in order: both reach FULFILLED.
    await waitFor('the neighbours to be fulfilled', async () =>
      (await orderStatus(good.orderId)) === 'FULFILLED' && (await orderStatus(after.orderId)) === 'FULFILLED' ? true : undefined,
    );
    expect(await orderStatus(blocked.orderId)).toBe('PLACED');
  });

  it('sends a fragile order to fulfillment-dlq after maxReceiveCount failed receives', async () => {
    const fragile = await placeOrder('cust-0003', 'GLASS-VASE');
    const dead = await receiveUntil('fulfillment-dlq', (m) => JSON.parse(m.Body ?? '{}').orderId === fragile.orderId);
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThan(3);
    expect(dead.Attributes?.DeadLetterQueueSourceArn).toBe(sim.resources.queues.fulfillment.arn);
    expect(dead.MessageAttributes).toMatchObject({
      orderId: { DataType: 'String', StringValue: fragile.orderId },
      eventType: { DataType: 'String', StringValue: 'OrderPlaced' },
    });
    expect(JSON.parse(dead.Body ?? '')).toEqual({ orderId: fragile.orderId, customerId: 'cust-0003', items: fragile.items, total: 20 });
    expect(await orderStatus(fragile.orderId)).toBe('PLACED');
    expect(sim.status().counters.fulfillmentFailures).toBeGreaterThanOrEqual(3);
  });

  it('fulfills a new fragile order once the bug is fixed, and notifies the customer', async () => {
    sim.fixBug();
    expect(sim.status().bugFixed).toBe(true);
    const notifiedBefore = sim.status().counters.notified;
    const fragile = await placeOrder('cust-0004', 'CRYSTAL-BOWL');
    await waitFor('the fragile order to be fulfilled', async () => ((await orderStatus(fragile.orderId)) === 'FULFILLED' ? true : undefined));
    await waitFor('the notification to be handled', async () => (sim.status().counters.notified > notifiedBefore ? true : undefined));
    sim.reset();
    expect(sim.status().bugFixed).toBe(false);
  });

  it('publishes IteratorAge, Invocations and Errors for order-projector to CloudWatch', async () => {
    const query = (id: string, metric: string, stat: string) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: 'order-projector' }] },
        Period: 60,
        Stat: stat,
      },
    });
    const results = await waitFor('metrics for order-projector', async () => {
      const end = new Date(emu.clock.now() + 60_000);
      const { MetricDataResults = [] } = await clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - 3_600_000),
          EndTime: end,
          MetricDataQueries: [query('age', 'IteratorAge', 'Maximum'), query('inv', 'Invocations', 'Sum'), query('err', 'Errors', 'Sum')],
        }),
      );
      return MetricDataResults.every((r) => (r.Values ?? []).length > 0) ? MetricDataResults : undefined;
    });
    const values = (id: string): number[] => results.find((r) => r.Id === id)?.Values ?? [];
    const sum = (id: string) => values(id).reduce((a, b) => a + b, 0);
    // Milliseconds, from records seconds old: a unit or clock mix-up would land far outside.
    expect(values('age').every((v) => v >= 0 && v < 300_000)).toBe(true);
    // The blocked order's batches failed: at least three failed invocations were counted.
    expect(sum('err')).toBeGreaterThanOrEqual(3);
    expect(sum('inv')).toBeGreaterThan(sum('err'));
  });

  it('stops consuming while its mapping is disabled, as read from ListEventSourceMappings', async () => {
    const uuid = sim.resources.mappings['fulfillment-worker'].uuid;
    await clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
    try {
      await waitFor('the worker to notice', async () => (lines.includes('fulfillment-worker: not polling (mapping Disabled)') ? true : undefined));
      const order = await placeOrder('cust-0005', 'LAMP-DESK');
      await waitFor('the order to wait, visible, on fulfillment', async () => ((await visibleOn('fulfillment')) >= 1 ? true : undefined));
      expect(await orderStatus(order.orderId)).toBe('PLACED');
      await clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      await waitFor('the order to be fulfilled once re-enabled', async () => ((await orderStatus(order.orderId)) === 'FULFILLED' ? true : undefined));
    } finally {
      await clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    }
  });

  it('lets notifications pile up while the notifier is stalled, and drains them after reset', async () => {
    sim.stallNotifier();
    await waitFor('the notifier to stall', async () => (lines.includes('notifier: not polling (stalled)') ? true : undefined));
    const notified = sim.status().counters.notified;
    const sent = sim.status().counters.notificationsSent;
    await placeOrder('cust-0006', 'NOTEBOOK-A5');
    await waitFor('a notification to be queued', async () => (sim.status().counters.notificationsSent > sent ? true : undefined));
    await waitFor('it to stay visible on notifications', async () => ((await visibleOn('notifications')) >= 1 ? true : undefined));
    expect(sim.status().counters.notified).toBe(notified);
    sim.reset();
    await waitFor('the notifier to resume', async () => (sim.status().counters.notified > notified ? true : undefined));
  });

  it('"Break a subscription": order-events deliveries to notifications land in order-events-dlq, fulfillment still gets its raw copy, and Reset mends it', async () => {
    sim.stallNotifier(); // so the enveloped copy stays on notifications to be seen
    try {
      await sim.breakSubscription(true);
      expect(sim.status().subscriptionBroken).toBe(true);
      const broken = await placeOrder('cust-0007', 'NOTEBOOK-A5');
      const dead = await receiveUntil('order-events-dlq', (m) => (m.Body ?? '').includes(broken.orderId));
      const envelope = JSON.parse(dead.Body ?? '{}') as { Type: string; TopicArn: string; Message: string; MessageAttributes: Record<string, { Value: string }> };
      expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: sim.resources.topic.arn, MessageAttributes: { eventType: { Value: 'OrderPlaced' } } });
      expect(JSON.parse(envelope.Message)).toMatchObject({ orderId: broken.orderId });
      await waitFor('the order to be fulfilled through its raw copy', async () => ((await orderStatus(broken.orderId)) === 'FULFILLED' ? true : undefined));

      sim.reset();
      sim.stallNotifier();
      await sim.settled();
      expect(sim.status().subscriptionBroken).toBe(false);
      const mended = await placeOrder('cust-0008', 'NOTEBOOK-A5');
      const delivered = await receiveUntil('notifications', (m) => (m.Body ?? '').includes('"Type":"Notification"') && (m.Body ?? '').includes(mended.orderId));
      expect(JSON.parse((JSON.parse(delivered.Body ?? '{}') as { Message: string }).Message)).toMatchObject({ orderId: mended.orderId });
    } finally {
      sim.reset();
      await sim.settled();
    }
  });

  it('reports each mapping’s last processing result to the emulator', async () => {
    const { EventSourceMappings = [] } = await clients.lambda.send(new ListEventSourceMappingsCommand({}));
    expect(EventSourceMappings).toHaveLength(3);
    for (const mapping of EventSourceMappings) {
      expect(['OK', 'PROBLEM: Function call failed']).toContain(mapping.LastProcessingResult);
    }
  });

  it('counts what flowed through', async () => {
    // The worker counts an order fulfilled just before it queues its notification: the last
    // order of the test above may be between the two.
    await waitFor('each fulfilled order to have queued its notification', async () => {
      const now = sim.status().counters;
      return now.notificationsSent === now.fulfilled ? true : undefined;
    });
    const { counters } = sim.status();
    expect(counters.projected).toBeGreaterThanOrEqual(6);
    expect(counters.projectorFailures).toBe(1);
    expect(counters.fulfilled).toBeGreaterThanOrEqual(3);
    expect(counters.notificationsSent).toBe(counters.fulfilled);
    // rate 0: the simulation wrote no orders of its own.
    expect(counters.ordersPlaced).toBe(0);
  });
});

describe('the demo traffic', () => {
  it('produces both kinds of dead letter from its very first orders, then stops promptly', async () => {
    const emu2 = await startTestEmulator();
    const clients2 = createDemoClients({ endpoint: emu2.url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    // Default long polls (20 s): stop() must abort them rather than wait.
    const traffic = await startSimulation({
      clients: clients2,
      rate: 10,
      seed: 7,
      resources: { fulfillmentVisibilityTimeoutSeconds: 1 },
      tuning: { pollIntervalMs: 50, describeIntervalMs: 500, retryBaseDelayMs: 20, metricsFlushMs: 200 },
    });
    try {
      const depth = async (queue: DemoQueueName) => {
        const { Messages = [] } = await clients2.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: traffic.resources.queues[queue].url, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
        );
        return Messages.length > 0 ? true : undefined;
      };
      await waitFor('a projector failure', () => depth('order-projector-failures'), 20_000, 0);
      await waitFor('a fulfillment dead letter', () => depth('fulfillment-dlq'), 20_000, 0);
      expect(traffic.status().counters.ordersPlaced).toBeGreaterThanOrEqual(3);
    } finally {
      const stopped = await Promise.race([traffic.stop().then(() => 'stopped'), sleep(10_000).then(() => 'still running')]);
      clients2.destroy();
      await emu2.stop();
      expect(stopped).toBe('stopped');
    }
  });
});

// Last: its failures would change the counts and the first failure record the tests above read.
describe('the demo functions’ logs', () => {
  it('logs like Lambda: START/END/REPORT with the request id, and error lines naming the message, the order and the cause', async () => {
    const fragile = await placeOrder('cust-0003', 'GLASS-VASE');
    const blocked = await placeOrder('cust-blocked-9', 'MUG-CLASSIC');
    const failureRecord = JSON.parse((await receiveUntil('order-projector-failures', (m) => (m.Body ?? '').includes('"requestContext"'))).Body ?? '') as StreamFailureRecord;
    const dead = await receiveUntil('fulfillment-dlq', (m) => (m.Body ?? '').includes(fragile.orderId), 30_000);
    const linesOf = async (fn: string, filterPattern: string) => {
      const out = await emu.logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn}`, filterPattern }));
      return (out.events ?? []).map((e) => e.message ?? '');
    };
    const workerErrors = await waitFor('the worker error line', async () => {
      const found = await linesOf('fulfillment-worker', `{ $.messageId = "${dead.MessageId}" }`);
      return found.length > 0 ? found : undefined;
    }, 10_000, 100);
    expect(JSON.parse(workerErrors[0])).toMatchObject({ level: 'ERROR', orderId: fragile.orderId, sku: 'GLASS-VASE', message: 'GLASS-VASE is fragile: the carrier refuses it' });
    const requestId = JSON.parse(workerErrors[0]).requestId as string;
    const around = await linesOf('fulfillment-worker', `"${requestId}"`);
    expect(around.some((l) => l === `START RequestId: ${requestId} Version: $LATEST\n`)).toBe(true);
    expect(around.some((l) => /^REPORT RequestId: [0-9a-f-]+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\t.*\t\n$/.test(l))).toBe(true);
    // The projector's line carries the request id Lambda's on-failure record names.
    const projectorErrors = await waitFor('the projector error line', async () => {
      const found = await linesOf('order-projector', `{ $.requestId = "${failureRecord.requestContext.requestId}" && $.customerId = "cust-blocked-*" }`);
      return found.length > 0 ? found : undefined;
    }, 10_000, 100);
    expect(projectorErrors.map((l) => JSON.parse(l).message)).toContain(`Customer ${JSON.parse(projectorErrors[0]).customerId} is blocked: order ${JSON.parse(projectorErrors[0]).orderId} cannot be projected`);
    expect(blocked.customerId).toBe('cust-blocked-9');
  }, 60_000);
});
