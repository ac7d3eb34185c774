import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { chromium } from '@playwright/test';
import { ensureBuild, startApp } from '../../server/launch/app';
import { getFreePort } from '../../server/launch/ports';
import { startEmulator, type Emulator } from '../../server/emulator/index';
import { CHROMIUM_ARGS, resolveChromium } from '../chromium';
import { pidOnPort, rssMiB, sleep } from './live-support';
import type { BenchRow } from './types';

/**
 * `npm run bench -- environments`: what watching several accounts costs. Three emulators, each a
 * small account (10 queues with their DLQs, 5 tables with streams); Eddy watches one of them (the
 * implicit environment), then all three (eddy.config.json `environments`), with every
 * environment's home page open in a browser tab. AWS calls per minute per environment and in total
 * (the emulators' /_eddy/stats) and the server's RSS, after a warm-up.
 * `BENCH_ENV_WINDOW_SECONDS` sets the counting window (default 60).
 */
const WINDOW_MS = Number(process.env.BENCH_ENV_WINDOW_SECONDS ?? 60) * 1000;
const WARMUP_MS = 20_000;
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const REGION = 'us-east-1';

async function createSmallAccount(endpoint: string, label: string): Promise<void> {
  const common = { endpoint, region: REGION, credentials: CREDENTIALS };
  const sqs = new SQSClient(common);
  const dynamodb = new DynamoDBClient(common);
  try {
    for (let i = 0; i < 10; i++) {
      const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${label}-dlq-${i}` }))).QueueUrl as string;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
      await sqs.send(new CreateQueueCommand({ QueueName: `${label}-queue-${i}`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 3 }) } }));
    }
    for (let i = 0; i < 5; i++) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: `${label}-table-${i}`,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
    }
  } finally {
    sqs.destroy();
    dynamodb.destroy();
  }
}

async function calls(emulator: Emulator): Promise<number> {
  const stats = (await (await fetch(`${emulator.url}/_eddy/stats`)).json()) as { requests: Record<string, number> };
  return Object.values(stats.requests).reduce((a, b) => a + b, 0);
}

/** Eddy watching `watched` (1: the implicit environment; more: declared ones), each home page open: calls per minute per emulator, RSS. */
async function measure(emulators: Emulator[], watched: number, dir: string): Promise<{ perMinute: number[]; rss: number }> {
  const config = path.join(dir, `eddy.config.${watched}.json`);
  const environments = emulators.slice(0, watched).map((e, i) => ({ name: `env${i + 1}`, region: REGION, endpoint: e.url }));
  writeFileSync(config, JSON.stringify(watched > 1 ? { environments } : {}));
  const port = await getFreePort();
  const app = await startApp({
    port,
    env: { AWS_ENDPOINT_URL: emulators[0].url, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, EDDY_DATA_DIR: path.join(dir, `data-${watched}`), EDDY_CONFIG_FILE: config },
  });
  const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  try {
    const names = watched > 1 ? environments.map((e) => e.name) : ['default'];
    for (const name of names) {
      const page = await browser.newPage();
      await page.goto(`${app.url}/e/${name}`);
    }
    await sleep(WARMUP_MS);
    const before = await Promise.all(emulators.map(calls));
    await sleep(WINDOW_MS);
    const after = await Promise.all(emulators.map(calls));
    const pid = pidOnPort(port);
    return { perMinute: after.map((n, i) => ((n - before[i]) * 60_000) / WINDOW_MS), rss: pid ? rssMiB(pid) : NaN };
  } finally {
    await browser.close();
    await app.stop();
  }
}

export async function benchEnvironments(): Promise<BenchRow[]> {
  ensureBuild((line) => console.error(line));
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-bench-env-'));
  const emulators = await Promise.all([0, 1, 2].map(() => startEmulator({ port: 0 })));
  try {
    await Promise.all(emulators.map((e, i) => createSmallAccount(e.url, `acct${i + 1}`)));
    const one = await measure(emulators, 1, dir);
    const three = await measure(emulators, 3, dir);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const window = `${WINDOW_MS / 1000} s window after ${WARMUP_MS / 1000} s warm-up; each environment's home page open; 10 queues + 10 DLQs + 5 tables per account`;
    return [
      { name: 'AWS calls, 1 environment', value: one.perMinute[0], unit: 'calls/min', detail: window },
      { name: 'AWS calls, 3 environments: total', value: total(three.perMinute), unit: 'calls/min', detail: `per environment ${three.perMinute.map((n) => n.toFixed(0)).join(' / ')}` },
      { name: 'AWS calls, 3 environments vs 1', value: total(three.perMinute) / one.perMinute[0], unit: '×', detail: 'total over the single environment' },
      { name: 'server RSS, 1 environment', value: one.rss, unit: 'MiB', detail: 'at the end of the window' },
      { name: 'server RSS, 3 environments', value: three.rss, unit: 'MiB', detail: `${(three.rss - one.rss).toFixed(0)} MiB more than 1` },
    ];
  } finally {
    await Promise.all(emulators.map((e) => e.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
