import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { createDemoClients, type DemoClients } from './clients';
import { ensureDemoResources, type DemoResources } from './resources';
import { startSimulation, type Simulation } from './simulation';
import { waitFor } from './util';

let emu: TestEmulator;
let clients: DemoClients;
let resources: DemoResources;
let sim: Simulation | undefined;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  clients = createDemoClients({ endpoint: emu.url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  resources = await ensureDemoResources(clients);
});
afterAll(async () => {
  await sim?.stop();
  clients.destroy();
  await emu.stop();
});

async function put(orderId: string) {
  const order = { orderId, customerId: 'cust-0100', items: [{ sku: 'MUG-CLASSIC', quantity: 1, unitPrice: 9.9 }], total: 9.9, status: 'PLACED', createdAt: new Date(emu.clock.now()).toISOString() };
  await clients.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: marshall(order) }));
}

async function status(orderId: string) {
  const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: marshall({ orderId }) }));
  return Item ? unmarshall(Item).status : undefined;
}

describe('order-projector as a stream event source mapping', () => {
  it('reads a closed parent shard to its end before its child, across a shard rollover', async () => {
    await put('ord-lineage-parent');
    // Past the 4 h rollover: the first shard closes and a child takes the new writes.
    emu.clock.advance(241 * 60_000);
    await put('ord-lineage-child');
    const { StreamDescription } = await clients.streams.send(new DescribeStreamCommand({ StreamArn: resources.ordersStreamArn }));
    const shards = StreamDescription?.Shards ?? [];
    const child = shards.find((s) => s.ParentShardId);
    expect(child).toBeDefined();
    const parentId = child?.ParentShardId ?? '';

    sim = await startSimulation({
      clients,
      rate: 0,
      log: (line) => lines.push(line),
      resources: { fulfillmentVisibilityTimeoutSeconds: 1 },
      tuning: { pollIntervalMs: 50, describeIntervalMs: 300, mappingRefreshMs: 500, waitTimeSeconds: 1, retryBaseDelayMs: 20, metricsFlushMs: 200 },
      now: () => emu.clock.now(),
    });
    await waitFor('both orders to be fulfilled', async () =>
      (await status('ord-lineage-parent')) === 'FULFILLED' && (await status('ord-lineage-child')) === 'FULFILLED' ? true : undefined,
    );
    const projectorLines = lines.filter((l) => l.startsWith('order-projector:'));
    const parentDrained = projectorLines.indexOf(`order-projector: ${parentId} drained`);
    const childStarted = projectorLines.findIndex((l) => l.startsWith(`order-projector: reading ${child?.ShardId}`));
    expect(parentDrained).toBeGreaterThanOrEqual(0);
    expect(childStarted).toBeGreaterThan(parentDrained);
    expect(sim.status().counters.projected).toBe(2);
  });

  it('renews an expired iterator from its checkpoint without reprocessing or skipping records', async () => {
    const before = sim?.status().counters.projected ?? 0;
    // The poller's current iterator is now older than 15 minutes.
    emu.clock.advance(16 * 60_000);
    await put('ord-after-expiry');
    await waitFor('the order written after expiry to be fulfilled', async () => ((await status('ord-after-expiry')) === 'FULFILLED' ? true : undefined));
    expect(sim?.status().counters.projected).toBe(before + 1);
    expect(lines.some((l) => /^order-projector: iterator for \S+ expired; renewing after \d{21,}/.test(l))).toBe(true);
  });
});
