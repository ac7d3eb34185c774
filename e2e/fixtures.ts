import { CreateTableCommand, DeleteItemCommand, DeleteTableCommand, PutItemCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { test as base } from '@playwright/test';
import { startApp, type RunningApp } from '../server/launch/app';
import { startDemo, type RunningDemo } from '../server/launch/demo';
import { getFreePort } from '../server/launch/ports';

export { expect } from '@playwright/test';

/** Dummy credentials: the SDK signs every request, even to a local endpoint. */
const DUMMY_AWS = { AWS_ACCESS_KEY_ID: 'AKIDEDDYTEST', AWS_SECRET_ACCESS_KEY: 'eddy-test-secret', AWS_REGION: 'us-east-1' };

/** A queue a test created: deleted when the test ends. */
export interface TempQueue {
  name: string;
  url: string;
  arn: string;
}

/** Uniquely named SQS queues in the demo's endpoint, deleted when the test ends, passed or failed. */
export interface TempQueues {
  /** A name no other test or run uses: `e2e-<label>-<time>-<n>`. */
  uniqueName(label: string): string;
  /** Creates a queue (`attributes` as CreateQueue takes them). */
  create(name: string, attributes?: Record<string, string>): Promise<TempQueue>;
  /** A DLQ `<name>-dlq` and a source `<name>` whose RedrivePolicy sends to it after `maxReceiveCount` receives. */
  createWithDlq(name: string, maxReceiveCount: number, attributes?: { source?: Record<string, string>; dlq?: Record<string, string> }): Promise<{ source: TempQueue; dlq: TempQueue }>;
}

/** An order as the demo's shop writes it: one line of `sku`, status PLACED. */
export interface DemoOrder {
  orderId: string;
  customerId: string;
  sku: string;
  unitPrice?: number;
}

/** Orders a test writes to the demo's `orders` table, deleted when the test ends, passed or failed. */
export interface DemoOrders {
  /** An order id no other test or run uses: `e2e-<label>-<time>-<n>`. */
  uniqueId(label: string): string;
  /** Places an order as the demo's shop would (one item, PLACED, created now). */
  place(order: DemoOrder): Promise<void>;
  /** Writes `item` as it is (the test chooses every attribute). */
  put(item: { orderId: string } & Record<string, unknown>): Promise<void>;
}

/** Uniquely named DynamoDB tables in the demo's endpoint, deleted when the test ends, passed or failed. */
export interface TempTables {
  /** A name no other test or run uses: `e2e-<label>-<time>-<n>`. */
  uniqueName(label: string): string;
  /**
   * Creates a table; by default keyed by the string `orderId`, on demand, with a NEW_AND_OLD_IMAGES
   * stream (as the demo's `orders`). `input` replaces any of those.
   */
  create(name: string, input?: Omit<CreateTableCommandInput, 'TableName'>): Promise<{ name: string }>;
}

interface TestFixtures {
  tempQueues: TempQueues;
  tempTables: TempTables;
  demoOrders: DemoOrders;
  /**
   * The worker's demo with every switch off (the fulfillment bug in place, no spike, notifier
   * running, subscription whole, no schema change), switched off again — and the policy restore
   * awaited (`settled()`) — when the test ends, passed or failed. Every test that presses a switch,
   * or needs them off, takes the demo through this fixture instead of resetting by hand.
   */
  normalDemo: RunningDemo;
}

interface WorkerFixtures {
  /** The dashboard pointed at a real closed port: every AWS call fails with ECONNREFUSED. */
  deadEndpointApp: RunningApp & { endpoint: string };
  /** `npm run demo` on free ports: the emulator, the demo system and the dashboard. */
  demo: RunningDemo;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  tempQueues: async ({ demo }, use) => {
    const sqs = demo.clients.sqs;
    const created: TempQueue[] = [];
    let n = 0;
    const create = async (name: string, attributes?: Record<string, string>): Promise<TempQueue> => {
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl as string;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
      const queue = { name, url, arn };
      created.push(queue);
      return queue;
    };
    await use({
      uniqueName: (label) => `e2e-${label}-${Date.now()}-${n++}`,
      create,
      async createWithDlq(name, maxReceiveCount, attributes = {}) {
        const dlq = await create(`${name}-dlq`, attributes.dlq);
        const source = await create(name, { ...attributes.source, RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }) });
        return { source, dlq };
      },
    });
    // Sources first, then their DLQs; a queue the test deleted itself is already gone.
    for (const queue of created.reverse()) await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url })).catch(() => undefined);
  },

  tempTables: async ({ demo }, use) => {
    const dynamodb = demo.clients.dynamodb;
    const created: string[] = [];
    let n = 0;
    await use({
      uniqueName: (label) => `e2e-${label}-${Date.now()}-${n++}`,
      async create(name, input = {}) {
        await dynamodb.send(
          new CreateTableCommand({
            KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
            ...input,
            TableName: name,
          }),
        );
        created.push(name);
        return { name };
      },
    });
    // A table the test deleted itself is already gone.
    for (const name of created) await dynamodb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  },

  demoOrders: async ({ demo }, use) => {
    const dynamodb = demo.clients.dynamodb;
    const written = new Set<string>();
    let n = 0;
    const put = async (item: { orderId: string } & Record<string, unknown>) => {
      written.add(item.orderId);
      await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: marshall(item, { removeUndefinedValues: true }) }));
    };
    await use({
      uniqueId: (label) => `e2e-${label}-${Date.now()}-${n++}`,
      put,
      place: ({ orderId, customerId, sku, unitPrice = 9.9 }) =>
        put({ orderId, customerId, items: [{ sku, quantity: 1, unitPrice }], total: unitPrice, status: 'PLACED', createdAt: new Date().toISOString() }),
    });
    // To the demo a delete is a customer's cancellation, as its own traffic makes them.
    for (const orderId of written) await dynamodb.send(new DeleteItemCommand({ TableName: 'orders', Key: marshall({ orderId }) })).catch(() => undefined);
  },
  normalDemo: async ({ demo }, use) => {
    demo.simulation.reset();
    await demo.simulation.settled();
    await use(demo);
    demo.simulation.reset();
    await demo.simulation.settled();
  },

  deadEndpointApp: [
    async ({}, use) => {
      // A port taken from the OS and released again: nothing listens there.
      const deadPort = await getFreePort();
      const endpoint = `http://127.0.0.1:${deadPort}`;
      const app = await startApp({
        port: await getFreePort(),
        env: { ...DUMMY_AWS, AWS_ENDPOINT_URL: endpoint, EDDY_EMULATOR_PORT: String(deadPort), EDDY_DATA_DIR: `.eddy/test-${process.pid}` },
      });
      await use({ ...app, endpoint });
      await app.stop();
    },
    { scope: 'worker' },
  ],
  demo: [
    async ({}, use) => {
      const demo = await startDemo({
        appPort: await getFreePort(),
        emulatorPort: await getFreePort(),
        appEnv: { EDDY_DATA_DIR: `.eddy/test-${process.pid}` },
      });
      await use(demo);
      await demo.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});
