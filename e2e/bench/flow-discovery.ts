import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { chromium } from '@playwright/test';
import { mapLimit } from '../../lib/concurrency';
import { ensureBuild, startApp } from '../../server/launch/app';
import { getFreePort } from '../../server/launch/ports';
import { startEmulator } from '../../server/emulator/index';
import { CHROMIUM_ARGS, resolveChromium } from '../chromium';
import type { BenchRow } from './types';

/** The generated account. */
const TABLES = 200;
const MAPPINGS = 200; // half stream → function, half queue → function
const QUEUES = 1_000; // 300 sources with 300 DLQs, 400 plain
const SOURCE_QUEUES = 300;
const FUNCTIONS = 200;
const REFRESH_RUNS = 5;
const BROWSER_RUNS = 3;
/** The app samples every 10 s while someone watches; the window below covers three of those. */
const SAMPLE_WINDOW_MS = 30_000;

const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const REGION = 'us-east-1';
const ZIP = new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await work();
  return { ms: performance.now() - t, value };
}

async function createAccount(endpoint: string): Promise<void> {
  const common = { endpoint, region: REGION, credentials: CREDENTIALS };
  const dynamodb = new DynamoDBClient(common);
  const sqs = new SQSClient(common);
  const lambda = new LambdaClient(common);
  try {
    const tables = await mapLimit(Array.from({ length: TABLES }, (_, i) => i), 16, async (i) => {
      const out = await dynamodb.send(
        new CreateTableCommand({
          TableName: `bench-table-${i}`,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
      return out.TableDescription?.LatestStreamArn ?? '';
    });
    const dlqs = await mapLimit(Array.from({ length: SOURCE_QUEUES }, (_, i) => i), 16, async (i) => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-dlq-${i}`, Attributes: { MessageRetentionPeriod: '1209600' } }));
      return { url: QueueUrl ?? '', arn: `arn:aws:sqs:${REGION}:000000000000:bench-dlq-${i}` };
    });
    const sources = await mapLimit(Array.from({ length: SOURCE_QUEUES }, (_, i) => i), 16, async (i) => {
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: `bench-queue-${i}`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqs[i].arn, maxReceiveCount: 3 }) } }),
      );
      return { url: QueueUrl ?? '', arn: `arn:aws:sqs:${REGION}:000000000000:bench-queue-${i}` };
    });
    await mapLimit(Array.from({ length: QUEUES - 2 * SOURCE_QUEUES }, (_, i) => i), 16, (i) => sqs.send(new CreateQueueCommand({ QueueName: `bench-plain-${i}` })));
    await mapLimit(Array.from({ length: FUNCTIONS }, (_, i) => i), 16, (i) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: `bench-fn-${i}`,
          Runtime: 'nodejs20.x',
          Role: 'arn:aws:iam::000000000000:role/bench',
          Handler: 'index.handler',
          Code: { ZipFile: ZIP },
          // Each function sends to the next source queue: environment edges, as real systems have.
          Environment: { Variables: { OUTPUT_QUEUE_URL: sources[(i + 1) % SOURCE_QUEUES].url, LOG_LEVEL: 'info' } },
        }),
      ),
    );
    await mapLimit(Array.from({ length: MAPPINGS }, (_, i) => i), 16, (i) =>
      lambda.send(
        i < MAPPINGS / 2
          ? new CreateEventSourceMappingCommand({ FunctionName: `bench-fn-${i}`, EventSourceArn: tables[i], StartingPosition: 'LATEST', MaximumRetryAttempts: 3 })
          : new CreateEventSourceMappingCommand({ FunctionName: `bench-fn-${i}`, EventSourceArn: sources[i - MAPPINGS / 2].arn, BatchSize: 10 }),
      ),
    );
  } finally {
    dynamodb.destroy();
    sqs.destroy();
    lambda.destroy();
  }
}

async function stats(emulatorUrl: string): Promise<Record<string, number>> {
  const res = await fetch(`${emulatorUrl}/_eddy/stats`);
  return ((await res.json()) as { requests: Record<string, number> }).requests;
}

async function resetStats(emulatorUrl: string): Promise<void> {
  await fetch(`${emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
}

function total(requests: Record<string, number>): number {
  return Object.values(requests).reduce((a, b) => a + b, 0);
}

function breakdown(requests: Record<string, number>, divisor = 1): string {
  return Object.entries(requests)
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => `${op.replace(/^.*\./, '')} ${Math.round((n / divisor) * 10) / 10}`)
    .join(', ');
}

async function getFlow(appUrl: string, query = ''): Promise<{ nodes: unknown[]; edges: unknown[]; bytes: number }> {
  const res = await fetch(`${appUrl}/api/flow${query}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /api/flow${query} answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { nodes: unknown[]; edges: unknown[] };
  return { ...body, bytes: text.length };
}

/**
 * The flow graph on a generated account of 200 tables, 200 mappings and 1,000 queues on the
 * emulator: discovery cold and warm, AWS calls per refresh, and time until the graph is
 * interactive in Chromium.
 */
export async function benchFlow(): Promise<BenchRow[]> {
  ensureBuild((line) => console.error(line));
  const emulator = await startEmulator({ port: await getFreePort() });
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-bench-flow-'));
  const rows: BenchRow[] = [];
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    const created = await timed(() => createAccount(emulator.url));
    console.error(`  generated the account in ${(created.ms / 1000).toFixed(1)} s`);
    app = await startApp({
      port: await getFreePort(),
      env: {
        AWS_ENDPOINT_URL: emulator.url,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        EDDY_DATA_DIR: dir,
        EDDY_CONFIG_FILE: path.join(dir, 'eddy.config.json'),
      },
    });
    const appUrl = app.url;

    await resetStats(emulator.url);
    const cold = await timed(() => getFlow(appUrl));
    const coldCalls = await stats(emulator.url);
    rows.push({
      name: 'discovery, cold (first request after start)',
      value: cold.ms,
      unit: 'ms',
      detail: `${cold.value.nodes.length} nodes, ${cold.value.edges.length} edges, ${(cold.value.bytes / 1024).toFixed(0)} KiB JSON; ${total(coldCalls)} AWS calls (${breakdown(coldCalls)})`,
    });

    const warm: number[] = [];
    await resetStats(emulator.url);
    for (let i = 0; i < REFRESH_RUNS; i++) warm.push((await timed(() => getFlow(appUrl, '?refresh=1'))).ms);
    const warmCalls = await stats(emulator.url);
    rows.push({
      name: 'discovery, warm (full re-discovery, ?refresh=1)',
      value: percentile(warm, 50),
      unit: 'ms p50',
      detail: `max ${Math.round(Math.max(...warm))} ms over ${REFRESH_RUNS}; ${Math.round(total(warmCalls) / REFRESH_RUNS)} AWS calls each (${breakdown(warmCalls, REFRESH_RUNS)})`,
    });

    const cached: number[] = [];
    for (let i = 0; i < 20; i++) cached.push((await timed(() => getFlow(appUrl))).ms);
    rows.push({ name: 'cached answer (another browser within the 10 s sample)', value: percentile(cached, 50), unit: 'ms p50', detail: `p95 ${Math.round(percentile(cached, 95))} ms over 20; no AWS call` });

    // What watching costs: a browser polls every 5 s, the server samples every 10 s and reads CloudWatch every 30 s.
    await resetStats(emulator.url);
    const started = Date.now();
    const periodic: number[] = [];
    while (Date.now() - started < SAMPLE_WINDOW_MS) {
      periodic.push((await timed(() => getFlow(appUrl))).ms);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    const windowCalls = await stats(emulator.url);
    // Each sample lists the mappings once, in pages of 100: that counts the samples taken.
    const samples = (windowCalls['Lambda.ListEventSourceMappings'] ?? 0) / Math.ceil(MAPPINGS / 100);
    rows.push({
      name: 'AWS calls per periodic refresh (one sample) while watched',
      value: samples > 0 ? total(windowCalls) / samples : Number.NaN,
      unit: 'calls',
      detail: `${total(windowCalls)} calls in ${SAMPLE_WINDOW_MS / 1000} s = ${(total(windowCalls) / (SAMPLE_WINDOW_MS / 1000)).toFixed(0)}/s over ${samples.toFixed(0)} samples (${breakdown(windowCalls, samples || 1)} per sample); the browser's polls answered p50 ${Math.round(percentile(periodic, 50))} ms`,
    });

    const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
    try {
      const interactive: number[] = [];
      for (let i = 0; i < BROWSER_RUNS; i++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const t = performance.now();
        await page.goto(appUrl, { waitUntil: 'commit' });
        // Interactive: nodes drawn, the controls hydrated, and a node answers a hover.
        await page.getByTestId('flow-node').first().waitFor({ state: 'visible', timeout: 120_000 });
        await page.getByRole('button', { name: 'Fit View' }).waitFor({ state: 'visible', timeout: 120_000 });
        await page.getByTestId('flow-node').first().hover({ timeout: 120_000 });
        interactive.push(performance.now() - t);
        await page.close();
      }
      rows.push({
        name: 'graph interactive in Chromium',
        value: percentile(interactive, 50),
        unit: 'ms p50',
        detail: `max ${Math.round(Math.max(...interactive))} ms over ${BROWSER_RUNS} loads of / (server cache warm), ${cold.value.nodes.length} nodes`,
      });
    } finally {
      await browser.close();
    }
  } finally {
    await app?.stop();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
