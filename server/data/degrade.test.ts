import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { ensureDemoResources } from '../sim/resources';
import { getOutcomeStore } from '../aws/outcomes';
import { getLiveRegistry } from '../live';
import { FlowMonitor, liveStreamGaps, SAMPLE_INTERVAL_MS } from './flow';
import { getFunctionDetail } from './functions';
import { listQueueRows } from './queues';

/** A port nothing listens on: taken from the OS and released again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let emu: TestEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(path.join(tmpdir(), 'eddy-degrade-'));
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  process.env.EDDY_CONFIG_FILE = path.join(dir, 'eddy.config.json');
  await ensureDemoResources({ ...emu, destroy: () => undefined }, { tableActiveTimeoutMs: 5_000 });
});

afterEach(async () => {
  await emu.control('DELETE', '/_eddy/faults');
});

afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pages degrade per feature when an action is denied', () => {
  it('draws tables and queues when every Lambda action is denied, and names the permission', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'Lambda.*', error: 'AccessDeniedException', status: 403 }] });
    const monitor = new FlowMonitor();
    try {
      const flow = await monitor.getFlow();
      const ids = flow.nodes.map((n) => n.id);
      expect(ids).toContain('table:orders');
      expect(ids).toContain('queue:fulfillment-dlq');
      expect(ids.some((id) => id.startsWith('function:'))).toBe(false);
      expect(flow.gaps.map((g) => [g.action, g.state])).toEqual([
        ['lambda:ListFunctions', 'denied'],
        ['lambda:ListEventSourceMappings', 'denied'],
      ]);
      expect(flow.gaps[0].message).toBe('Eddy needs `lambda:ListFunctions` (AccessDeniedException): the graph shows tables and queues only.');
    } finally {
      monitor.close();
    }
    expect(getOutcomeStore().get('lambda:ListEventSourceMappings')?.state).toBe('denied');
    expect(getOutcomeStore().get('sqs:ListQueues')?.state).toBe('allowed');
  });

  it('starts no background stream reader when the mappings cannot be read: their readers are unknown, not none', async () => {
    const asked: (ReadonlyMap<string, number> | undefined)[] = [];
    const rates = (_tables: string[], known: ReadonlyMap<string, number> | undefined) => {
      asked.push(known);
      return new Map();
    };
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'Lambda.ListEventSourceMappings', error: 'AccessDeniedException', status: 403 }] });
    const denied = new FlowMonitor(Date.now, rates);
    try {
      await denied.getFlow({ refresh: true });
    } finally {
      denied.close();
    }
    expect(asked).toEqual([undefined]);
    await emu.control('DELETE', '/_eddy/faults');
    const allowed = new FlowMonitor(Date.now, rates);
    try {
      await allowed.getFlow({ refresh: true });
    } finally {
      allowed.close();
    }
    // The demo's orders stream has its Lambda mapping: a count, one reader besides Eddy.
    expect(asked[1]?.get('orders')).toBe(1);
  });

  it('shows a function page without Lambda, saying what is missing', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'Lambda.*', error: 'AccessDeniedException', status: 403 }] });
    const detail = await getFunctionDetail('order-projector');
    expect(detail.mappings).toEqual([]);
    expect(detail.gaps?.map((g) => g.action)).toEqual(['lambda:GetFunctionConfiguration', 'lambda:ListEventSourceMappings']);
  });

  it('lists queues when CloudWatch throttles, and says the ages are unknown', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'GraniteServiceVersion20100801.GetMetricData', error: 'Throttling', status: 400 }] });
    const listing = await listQueueRows({ fresh: true });
    expect(listing.queues.length).toBeGreaterThan(0);
    expect(listing.queues.every((q) => q.ageOfOldestSeconds === undefined)).toBe(true);
    expect(listing.gaps).toEqual([expect.objectContaining({ action: 'cloudwatch:GetMetricData', state: 'throttled' })]);
    expect(getOutcomeStore().get('cloudwatch:GetMetricData')?.state).toBe('throttled');
  });

  it('reads again what it could not discover with the next sample, not a minute later', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDB_20120810.ListTables', error: 'AccessDeniedException', status: 400 }] });
    let now = Date.now();
    const monitor = new FlowMonitor(() => now);
    try {
      const denied = await monitor.getFlow();
      expect(denied.gaps.map((g) => g.action)).toEqual(['dynamodb:ListTables']);
      expect(denied.nodes.some((n) => n.id === 'table:inventory')).toBe(false);
      // The permission is granted: one sample interval later the tables are there, the gap gone.
      await emu.control('DELETE', '/_eddy/faults');
      now += SAMPLE_INTERVAL_MS + 1;
      const granted = await monitor.getFlow();
      expect(granted.gaps).toEqual([]);
      expect(granted.nodes.some((n) => n.id === 'table:inventory')).toBe(true);
    } finally {
      monitor.close();
    }
  });

  it('counts the graph incomplete when SNS discovery is denied: the gap named, no topic finding resolves for want of a look', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSNS.ListTopics', error: 'AuthorizationError', status: 403 }] });
    const monitor = new FlowMonitor();
    try {
      const flow = await monitor.getFlow();
      expect(flow.nodes.some((n) => n.id.startsWith('topic:'))).toBe(false);
      expect(flow.nodes.some((n) => n.id === 'queue:order-events-dlq')).toBe(true);
      expect(flow.gaps.map((g) => [g.action, g.state])).toEqual([['sns:ListTopics', 'denied']]);
      expect(flow.gaps[0].message).toContain('no SNS topics are shown');
      const observed = await monitor.healthInputs();
      expect(observed.incomplete).toBe(true);
      expect(observed.incompleteBecause).toEqual([flow.gaps[0].message]);
      const topics = await monitor.getTopics();
      expect(topics.gaps.map((g) => g.action)).toEqual(['sns:ListTopics']);
    } finally {
      monitor.close();
    }
  });

  it('counts the graph incomplete when the SNS endpoint is not there at all, and says so', async () => {
    // Every other service answers; SNS points at a closed port (an endpoint without SNS).
    const dead = `http://127.0.0.1:${await closedPort()}`;
    useTestServices({ AWS_ENDPOINT_URL: emu.url, AWS_ENDPOINT_URL_SNS: dead }, TEST_CREDENTIALS);
    const monitor = new FlowMonitor();
    try {
      const flow = await monitor.getFlow();
      expect(flow.nodes.some((n) => n.id === 'table:orders')).toBe(true);
      expect(flow.gaps.map((g) => [g.action, g.state])).toContainEqual(['sns:ListTopics', 'unreachable']);
      const observed = await monitor.healthInputs();
      expect(observed.incomplete).toBe(true);
      expect(observed.incompleteBecause).toEqual(flow.gaps.filter((g) => g.action.startsWith('sns:')).map((g) => g.message));
      expect(observed.incompleteBecause?.[0]).toContain('no SNS topics are shown');
    } finally {
      monitor.close();
      useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
    }
  });

  it('is complete when SNS answers', async () => {
    const monitor = new FlowMonitor();
    try {
      const observed = await monitor.healthInputs();
      expect(observed.incomplete).toBe(false);
      expect(observed.incompleteBecause).toEqual([]);
    } finally {
      monitor.close();
    }
  });

  it('names a stream it cannot describe on the flow (events per second unknown)', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDBStreams_20120810.*', error: 'AccessDeniedException', status: 400 }] });
    const tail = getLiveRegistry().lease('orders', 5_000);
    await expect.poll(() => tail.problem?.action, { timeout: 10_000 }).toBe('dynamodb:DescribeStream');
    const monitor = new FlowMonitor(Date.now, () => new Map(), undefined, liveStreamGaps);
    try {
      const flow = await monitor.getFlow();
      expect(flow.gaps).toEqual([
        {
          action: 'dynamodb:DescribeStream',
          state: 'denied',
          message: "Eddy needs `dynamodb:DescribeStream` (AccessDeniedException): the events per second of orders's stream are unknown.",
        },
      ]);
    } finally {
      monitor.close();
    }
  });
});
