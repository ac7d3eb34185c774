import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { ensureDemoResources, type DemoResources } from '../sim/resources';
import { DEFAULT_HEALTH_THRESHOLDS } from '@/lib/health/thresholds';
import { HealthEngine } from '../health/engine';
import { QueueSampler } from '../live/queue-sampler';
import type { SampledQueue } from './queues';
import { FlowMonitor, getHealthEngine, SAMPLE_INTERVAL_MS } from './flow';
import { assertFunctionExists, getFunctionDetail } from './functions';
import { getFunctionMetrics, getQueueLag } from './lag';

let emu: TestEmulator;
let resources: DemoResources;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(path.join(tmpdir(), 'eddy-flow-'));
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  // Configuration, not a service: read by the config file's loader on each use.
  process.env.EDDY_CONFIG_FILE = path.join(dir, 'eddy.config.json');
  resources = await ensureDemoResources({ ...emu, destroy: () => undefined }, { tableActiveTimeoutMs: 5_000 });
});

afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A monitor coloured by its own health engine (opening a finding at its first evaluation), on `now`. */
function monitorWithEngine(now: () => number = Date.now) {
  let engine: HealthEngine | undefined = undefined;
  const monitor = new FlowMonitor(now, undefined, undefined, undefined, () => ({ findings: engine!.open(), evaluatedAt: engine!.status().evaluatedAt }));
  engine = new HealthEngine({ observe: () => monitor.healthInputs(), now, thresholds: () => ({ ...DEFAULT_HEALTH_THRESHOLDS, openAfterEvaluations: 1 }) });
  return { monitor, engine };
}

describe('FlowMonitor against the emulator', () => {
  it('discovers the demo wiring from AWS configuration alone', async () => {
    const monitor = new FlowMonitor();
    try {
      const flow = await monitor.getFlow();
      expect(flow.nodes.map((n) => n.id).sort()).toEqual([
        'function:fulfillment-worker',
        'function:notifier',
        'function:order-projector',
        'queue:fulfillment',
        'queue:fulfillment-dlq',
        'queue:notifications',
        'queue:notifications-dlq',
        'queue:order-events-dlq',
        'queue:order-projector-failures',
        'table:inventory',
        'table:orders',
        'topic:order-events',
      ]);
      expect(flow.edges.map((e) => e.id).sort()).toEqual([
        'environment:function:fulfillment-worker->queue:notifications',
        'environment:function:fulfillment-worker->table:orders',
        'environment:function:order-projector->table:inventory',
        'environment:function:order-projector->topic:order-events',
        'mapping:queue:fulfillment->function:fulfillment-worker',
        'mapping:queue:notifications->function:notifier',
        'mapping:table:orders->function:order-projector',
        'on-failure:function:order-projector->queue:order-projector-failures',
        'redrive:queue:fulfillment->queue:fulfillment-dlq',
        'redrive:queue:notifications->queue:notifications-dlq',
        'redrive:topic:order-events->queue:order-events-dlq',
        'subscription:topic:order-events->queue:fulfillment',
        'subscription:topic:order-events->queue:notifications',
      ]);
      const edges = new Map(flow.edges.map((e) => [e.id, e]));
      expect(edges.get('subscription:topic:order-events->queue:fulfillment')).toMatchObject({ label: 'eventType: OrderPlaced · raw', detail: expect.stringContaining('{"eventType":["OrderPlaced"]}') });
      expect(edges.get('subscription:topic:order-events->queue:notifications')).toMatchObject({ label: 'all messages' });
      expect(flow.nodes.find((n) => n.id === 'queue:order-events-dlq')?.kind).toBe('dlq');
      expect(flow.findings).toEqual([]);
      expect(flow.configErrors).toEqual([]);
      expect(flow.warnings).toEqual([]);
      expect(flow.tiles).toMatchObject({ deadLetters: 0, mappings: 3, failingMappings: 0 });
    } finally {
      monitor.close();
    }
  });

  it('finds a misconfigured stream mapping and draws a function whose environment names a queue by ARN', async () => {
    await emu.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'flow-test-auditor',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/test',
        Handler: 'index.handler',
        Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]) },
        Environment: { Variables: { AUDIT_QUEUE: resources.queues['notifications-dlq'].arn, SECRET: 'do-not-leak' } },
      }),
    );
    await emu.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'flow-test-auditor', EventSourceArn: resources.ordersStreamArn, StartingPosition: 'LATEST', MaximumRetryAttempts: -1 }),
    );
    const { monitor, engine } = monitorWithEngine();
    try {
      await monitor.getFlow({ refresh: true });
      await engine.evaluate();
      const flow = await monitor.getFlow();
      expect(flow.edges.map((e) => e.id)).toEqual(
        expect.arrayContaining(['mapping:table:orders->function:flow-test-auditor', 'environment:function:flow-test-auditor->queue:notifications-dlq']),
      );
      expect(flow.findings.map((f) => `${f.severity} ${f.rule} ${f.resource.name}`)).toEqual(['critical stream-infinite-retries the orders stream → flow-test-auditor']);
      // The function page reads the process's engine: two evaluations open a finding.
      await getHealthEngine().evaluate();
      await getHealthEngine().evaluate();
      const detail = await getFunctionDetail('flow-test-auditor');
      expect(detail.environmentLinks).toEqual([{ variable: 'AUDIT_QUEUE', kind: 'queue', name: 'notifications-dlq', href: '/queues/notifications-dlq' }]);
      expect(detail.otherVariables).toBe(1);
      expect(JSON.stringify(detail)).not.toContain('do-not-leak');
      expect(detail.findings.map((f) => f.rule)).toEqual(['stream-infinite-retries']);
      expect(detail.mappings[0]).toMatchObject({ source: { kind: 'table', name: 'orders', href: '/streams/orders' }, maximumRetryAttempts: -1, health: 'ok' });
    } finally {
      monitor.close();
    }
  });

  it('shows a declared consumer and reports a broken eddy.config.json instead of failing', async () => {
    const file = process.env.EDDY_CONFIG_FILE!;
    writeFileSync(file, JSON.stringify({ consumers: [{ name: 'shipping-worker', reads: ['queue:fulfillment'], writes: ['queue:nope'] }] }));
    const monitor = new FlowMonitor();
    try {
      const flow = await monitor.getFlow({ refresh: true });
      expect(flow.nodes.find((n) => n.id === 'consumer:shipping-worker')).toMatchObject({ kind: 'consumer', href: '/functions/shipping-worker' });
      expect(flow.edges.map((e) => e.id)).toContain('declared:queue:fulfillment->consumer:shipping-worker');
      expect(flow.configErrors).toEqual(['eddy.config.json: consumers.0.writes.0: no queue named "nope" was found']);
      expect((await getFunctionDetail('shipping-worker')).declared).toEqual({ reads: ['queue:fulfillment'], writes: ['queue:nope'] });

      // mtime granularity: make sure the rewrite is seen as a change.
      await new Promise((resolve) => setTimeout(resolve, 20));
      writeFileSync(file, '{"consumers": [');
      const broken = await monitor.getFlow({ refresh: true });
      expect(broken.configErrors[0]).toMatch(/^eddy\.config\.json: not valid JSON/);
      expect(broken.nodes.some((n) => n.kind === 'consumer')).toBe(false);
    } finally {
      monitor.close();
      rmSync(file, { force: true });
    }
  });

  it('turns a queue whose backlog grows between samples lagging, through the health engine', async () => {
    let clock = Date.now();
    const { monitor, engine } = monitorWithEngine(() => clock);
    try {
      const url = resources.queues.notifications.url;
      let flow = await monitor.getFlow({ refresh: true });
      for (let round = 0; round < 3; round++) {
        // Samples must span at least 10 s: move the monitor's clock, not the test's.
        // 20 a round: past the 50 messages a growing backlog needs before it warns.
        for (const batch of [0, 1]) {
          await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `{"n":${batch * 10 + i}}` })) }));
        }
        clock += 6_000;
        flow = await monitor.getFlow({ refresh: true });
      }
      const open = await engine.evaluate();
      expect(open.find((f) => f.id === 'backlog-growing:notifications')?.evidence?.[0]).toMatchObject({ value: '60 (60 visible, 0 in flight)' });
      flow = await monitor.getFlow();
      const node = flow.nodes.find((n) => n.id === 'queue:notifications');
      expect(node).toMatchObject({ health: 'lagging', figures: { kind: 'queue', visible: 60 } });
      expect(flow.edges.find((e) => e.id === 'mapping:queue:notifications->function:notifier')?.health).toBe('lagging');
    } finally {
      monitor.close();
    }
  });

  it('reads IteratorAge from CloudWatch for stream consumers, with gaps kept as gaps', async () => {
    const now = Date.now();
    await emu.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Lambda',
        MetricData: [
          { MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: 'order-projector' }], Timestamp: new Date(now - 5 * 60_000), Value: 4_000, Unit: 'Milliseconds' },
          { MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: 'order-projector' }], Timestamp: new Date(now - 60_000), Value: 75_000, Unit: 'Milliseconds' },
        ],
      }),
    );
    const { monitor, engine } = monitorWithEngine();
    try {
      await monitor.getFlow({ refresh: true });
      expect((await engine.evaluate()).map((f) => f.id)).toContain('iterator-age:order-projector');
      const flow = await monitor.getFlow();
      expect(flow.nodes.find((n) => n.id === 'function:order-projector')).toMatchObject({ health: 'lagging', figures: { iteratorAgeMs: 75_000 } });
      expect(flow.tiles.worstIteratorAge).toEqual({ functionName: 'order-projector', ms: 75_000 });
    } finally {
      monitor.close();
    }
    const metrics = await getFunctionMetrics('order-projector', 15);
    expect(metrics.isStreamConsumer).toBe(true);
    expect(metrics.latestIteratorAgeMs).toBe(75_000);
    expect(metrics.iteratorAgeMs).toHaveLength(15);
    expect(metrics.iteratorAgeMs.filter((p) => p.value !== null).map((p) => p.value)).toEqual([4_000, 75_000]);
    expect(metrics.iteratorAgeMs.filter((p) => p.value === null).length).toBe(13);
  });

  it('answers a poll at once from the last sample and refreshes it in the background', async () => {
    let clock = Date.now();
    const monitor = new FlowMonitor(() => clock);
    const depth = (flow: Awaited<ReturnType<FlowMonitor['getFlow']>>, id: string) => {
      const figures = flow.nodes.find((n) => n.id === id)?.figures;
      return figures?.kind === 'queue' ? figures.visible : undefined;
    };
    try {
      const { QueueUrl: isolatedUrl } = await emu.sqs.send(new CreateQueueCommand({ QueueName: 'flow-test-isolated' }));
      const first = await monitor.getFlow({ refresh: true });
      const before = depth(first, 'queue:fulfillment')!;
      expect(depth(first, 'queue:flow-test-isolated')).toBe(0);
      await emu.sqs.send(new SendMessageCommand({ QueueUrl: resources.queues.fulfillment.url, MessageBody: '{}' }));
      await emu.sqs.send(new SendMessageCommand({ QueueUrl: isolatedUrl, MessageBody: '{}' }));

      clock += SAMPLE_INTERVAL_MS + 1_000;
      // Stale, so answered at once with the old figures while a new sample is taken.
      expect(depth(await monitor.getFlow(), 'queue:fulfillment')).toBe(before);
      await vi.waitFor(async () => expect(depth(await monitor.getFlow(), 'queue:fulfillment')).toBe(before + 1));
      // One sampler reads every queue, with an edge or without (the queues pages show them all).
      expect(depth(await monitor.getFlow(), 'queue:flow-test-isolated')).toBe(1);
    } finally {
      monitor.close();
    }
  });

  it('charts a queue’s oldest-message age from AWS/SQS with gaps as gaps', async () => {
    // The emulator publishes AWS/SQS per completed minute of its own clock: let three pass, one of them busy.
    const { QueueUrl } = await emu.sqs.send(new CreateQueueCommand({ QueueName: 'flow-test-lag' }));
    await emu.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{}' }));
    emu.clock.advance(60_000);
    await emu.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{}' }));
    emu.clock.advance(120_000);
    await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    const lag = await getQueueLag('flow-test-lag', 15, emu.clock.now());
    expect(lag.periodSeconds).toBe(60);
    expect(lag.oldestAgeSeconds).toHaveLength(15);
    const ages = lag.oldestAgeSeconds.filter((p) => p.value !== null).map((p) => p.value!);
    expect(ages.length).toBeGreaterThanOrEqual(2);
    // The oldest message only ages: each published minute is older than the last.
    expect([...ages].sort((a, b) => a - b)).toEqual(ages);
    expect(lag.visible.filter((p) => p.value !== null).at(-1)?.value).toBe(2);
    expect(lag.oldestAgeSeconds.filter((p) => p.value === null).length).toBeGreaterThan(0);
    expect(lag.oldestAgeSeconds.every((p, i) => i === 0 || p.t - lag.oldestAgeSeconds[i - 1].t === 60_000)).toBe(true);
  });

  it('says not_found for a function that does not exist', async () => {
    await expect(getFunctionDetail('no-such-function')).rejects.toMatchObject({ code: 'not_found' });
    // The page's 404 check agrees with the page.
    await expect(assertFunctionExists('no-such-function')).rejects.toMatchObject({ code: 'not_found' });
    await expect(assertFunctionExists('fulfillment-worker')).resolves.toBeUndefined();
  });

  it('lists topics with their subscriptions, AWS/SNS figures and findings (/topics)', async () => {
    const queueArn = async (name: string) => {
      const { QueueUrl } = await emu.sqs.send(new CreateQueueCommand({ QueueName: name }));
      const arn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      return { url: QueueUrl!, arn };
    };
    const { TopicArn } = await emu.sns.send(new CreateTopicCommand({ Name: 'flow-test-topic' }));
    const open = await queueArn('flow-test-sub-open');
    const gone = await queueArn('flow-test-sub-gone');
    const dlq = await queueArn('flow-test-sub-dlq');
    // `open` has no queue policy and no subscription DLQ; `gone` has a DLQ, then its queue is deleted.
    await emu.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: open.arn }));
    await emu.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: gone.arn, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) } }));
    await emu.sqs.send(new DeleteQueueCommand({ QueueUrl: gone.url }));
    for (const n of [1, 2]) await emu.sns.send(new PublishCommand({ TopicArn, Message: `{"n":${n}}` }));
    emu.clock.advance(60_000); // the emulator publishes AWS/SNS per completed minute of its clock
    const { monitor, engine } = monitorWithEngine(() => emu.clock.now());
    try {
      const view = await monitor.getTopics({ refresh: true });
      const demo = view.topics.find((t) => t.name === 'order-events');
      expect(demo?.subscriptions.map((s) => [s.endpointName, s.raw, s.filterPolicy ?? null, s.deadLetterTargetArn?.split(':').pop()]).sort()).toEqual([
        ['fulfillment', true, '{"eventType":["OrderPlaced"]}', 'order-events-dlq'],
        ['notifications', false, null, 'order-events-dlq'],
      ]);
      expect(view.findings.filter((f) => f.resource.name === 'order-events')).toEqual([]);

      const topic = view.topics.find((t) => t.name === 'flow-test-topic');
      expect(topic?.figures.recent).toEqual({ published: 2, delivered: 2, failed: 2, filteredOut: 0 });
      expect(topic?.figures.publishedPerSecond).toBeCloseTo(2 / 300);
      // /topics lists the engine's findings, as the graph does: none before it evaluated them.
      expect(view.findings).toEqual([]);
      expect(view.healthEvaluatedAt).toBeNull();

      // Before the engine evaluated them, the graph neither lists nor colours them: one verdict, the engine's.
      const before = await monitor.getFlow();
      expect(before.nodes.find((n) => n.id === 'topic:flow-test-topic')).toMatchObject({ health: 'ok', figures: { kind: 'topic', delivered: 2, failed: 2, subscriptions: 2 } });
      expect(before.findings.map((f) => f.rule)).not.toContain('queue-policy-denies-topic');
      // The engine evaluates the topics' findings with its rules: the graph shows them, with `since`, and colours the topic.
      await engine.evaluate();
      const flow = await monitor.getFlow();
      expect(flow.nodes.find((n) => n.id === 'topic:flow-test-topic')).toMatchObject({ health: 'failing', figures: { kind: 'topic', delivered: 2, failed: 2, subscriptions: 2 } });
      const opened = flow.findings.filter((f) => f.resource.name === 'flow-test-topic');
      expect(opened.map((f) => f.rule).sort()).toEqual(['deliveries-failing', 'queue-policy-denies-topic', 'subscription-without-dlq']);
      expect(opened.every((f) => f.since !== undefined && f.node === 'topic:flow-test-topic')).toBe(true);
      // /topics shows the same findings with when each opened.
      const after = await monitor.getTopics();
      const listed = after.findings.filter((f) => f.resource.name === 'flow-test-topic');
      expect(listed.map((f) => `${f.rule} ${f.severity}`).sort()).toEqual(['deliveries-failing critical', 'queue-policy-denies-topic critical', 'subscription-without-dlq warning']);
      expect(listed.map((f) => f.since)).toEqual(opened.map((f) => f.since));
      expect(after.findings.every((f) => f.resource.kind === 'topic')).toBe(true);
      expect(after.healthEvaluatedAt).not.toBeNull();
    } finally {
      monitor.close();
    }
  });
});


/** The event source mappings on the orders stream (order-projector, and any an earlier test added). */
async function ordersMappings(): Promise<number> {
  const { EventSourceMappings = [] } = await emu.lambda.send(new ListEventSourceMappingsCommand({}));
  return EventSourceMappings.filter((m) => m.EventSourceArn?.includes(':table/orders/stream/')).length;
}

describe('FlowMonitor: the engine’s pace with and without a page watching', () => {
  it('samples the queues once a minute for the engine alone, and at the 10 s pace once a page asks', async () => {
    let clock = Date.now();
    const now = () => clock;
    let loads = 0;
    const sampler = new QueueSampler<SampledQueue>(async () => {
      loads++;
      return { queues: [], calls: 1 };
    }, {}, now);
    const monitor = new FlowMonitor(now, undefined, sampler);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    try {
      // The engine's evaluations every 15 s for 105 s, no page: samples at 0 s and 60 s only.
      for (let t = 0; t < 8; t++) {
        await monitor.healthInputs();
        clock += 15_000;
      }
      await settle();
      expect(loads).toBe(2);
      expect(sampler.watched()).toBe(false);
      // A page asks: its stale sample is refreshed, and the engine's next evaluation follows the 10 s pace.
      await monitor.getFlow();
      await settle();
      expect(loads).toBe(3);
      expect(sampler.watched()).toBe(true);
      clock += 15_000;
      await monitor.healthInputs();
      await settle();
      expect(loads).toBe(4);
    } finally {
      monitor.close();
    }
  });
});

describe('FlowMonitor: where Events/s comes from', () => {
  it('uses Eddy’s own reader where it has one, told how many consumers each stream has', async () => {
    let seen: ReadonlyMap<string, number> | undefined;
    const monitor = new FlowMonitor(Date.now, (_tables, consumers) => {
      seen = consumers;
      return new Map([['orders', { eventsPerSecond: 4, seconds: 10 }]]);
    });
    try {
      const flow = await monitor.getFlow({ refresh: true });
      expect(seen?.get('orders')).toBe(await ordersMappings());
      expect(flow.tiles.eventsPerSecond).toBe(4);
      expect(flow.tiles.eventsPerSecondSources).toEqual([expect.objectContaining({ kind: 'eddy', seconds: 10 })]);
      expect(flow.nodes.find((n) => n.id === 'table:orders')?.figures).toMatchObject({ eventsPerSecond: 4, eventsSource: { kind: 'eddy' } });
    } finally {
      monitor.close();
    }
  });

  it('counts a stream whose reader has not read long enough as being measured, its rate unknown meanwhile', async () => {
    const measuring = new FlowMonitor(Date.now, () => new Map([['orders', { eventsPerSecond: null, seconds: 2 }]]));
    const unread = new FlowMonitor(Date.now, () => new Map());
    try {
      const flow = await measuring.getFlow({ refresh: true });
      expect(flow.nodes.find((n) => n.id === 'table:orders')?.figures).toMatchObject({ eventsPerSecond: null });
      expect(flow.tiles).toMatchObject({ streamsMeasured: 0, streamsBeingMeasured: 1 });
      expect((await unread.getFlow({ refresh: true })).tiles.streamsBeingMeasured).toBe(0);
    } finally {
      measuring.close();
      unread.close();
    }
  });

  it('falls back to CloudWatch’s ReturnedRecordsCount ÷ the stream’s readers, labelled with its minute; unknown without a datapoint', async () => {
    const { Table } = await emu.dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
    const unread = new FlowMonitor(Date.now, () => new Map());
    try {
      const before = await unread.getFlow({ refresh: true });
      expect(before.nodes.find((n) => n.id === 'table:orders')?.figures).toMatchObject({ eventsPerSecond: null });
    } finally {
      unread.close();
    }
    // As the emulator publishes them (server/emulator/streams): the stream's readers (its mappings) read 720 records that minute.
    const readers = await ordersMappings();
    const put = (metricName: string, dimensions: { Name: string; Value: string }[], value: number) =>
      emu.services.cloudwatch.putMetric({ namespace: 'AWS/DynamoDB', metricName, dimensions, timestamp: minute, value, unit: 'Count' });
    put('ReturnedRecordsCount', [{ Name: 'Operation', Value: 'GetRecords' }, { Name: 'StreamLabel', Value: Table!.LatestStreamLabel! }, { Name: 'TableName', Value: 'orders' }], 720);
    put('ConsumedWriteCapacityUnits', [{ Name: 'TableName', Value: 'orders' }], 1_000);
    const monitor = new FlowMonitor(Date.now, () => new Map());
    try {
      const flow = await monitor.getFlow({ refresh: true });
      expect(flow.nodes.find((n) => n.id === 'table:orders')?.figures).toMatchObject({
        eventsPerSecond: 720 / readers / 60,
        eventsSource: { kind: 'cloudwatch', minute, metric: 'ReturnedRecordsCount' },
      });
      expect(flow.tiles.eventsPerSecondSources).toEqual([expect.objectContaining({ kind: 'cloudwatch', minute })]);
    } finally {
      monitor.close();
    }
  });
});
