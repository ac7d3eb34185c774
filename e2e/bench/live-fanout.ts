import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startEmulator } from '../../server/emulator/index';
import { startApp } from '../../server/launch/app';
import { getFreePort } from '../../server/launch/ports';
import { createStreamTable, sleep } from './live-support';
import type { BenchRow } from './types';

const MEASURE_MS = 25_000;
const SETTLE_MS = 4_000;
const WRITES_PER_SECOND = 10;
const GET_RECORDS = 'DynamoDBStreams_20120810.GetRecords';
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

interface Stats {
  requests: Record<string, number>;
  shardReaders: Record<string, number>;
}

/** An SSE viewer of the stream that reads and discards what it is sent. */
function openViewer(url: string): AbortController {
  const controller = new AbortController();
  void fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } })
    .then(async (res) => {
      const reader = res.body?.getReader();
      while (reader && !(await reader.read()).done);
    })
    .catch(() => undefined);
  return controller;
}

/**
 * Fan-out: GetRecords calls per shard per second at the emulator with 1 and with 50 concurrent
 * SSE viewers of one stream (2 shards, a steady 10 writes/s). Only Eddy reads this stream, so
 * the emulator's count is Eddy's alone: equal rates mean viewers cost no reads, and
 * `shardReaders` shows how many iterator chains Eddy holds per shard.
 */
export async function benchLiveFanout(): Promise<BenchRow[]> {
  const emulator = await startEmulator({ port: await getFreePort(), shardsPerStream: 2, shardRolloverMinutes: 240 });
  const dynamodb = new DynamoDBClient({ endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 3 });
  const app = await startApp({
    port: await getFreePort(),
    env: { AWS_ENDPOINT_URL: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_PROFILE: undefined, EDDY_EMULATOR_PORT: String(emulator.port) },
  });
  const viewers: AbortController[] = [];
  let writing = true;
  try {
    await createStreamTable(dynamodb, 'orders', 'orderId');
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: `o-${n % 500}` }, n: { N: String(n) } } }));
        await sleep(1000 / WRITES_PER_SECOND);
      }
    })();
    const stats = async (): Promise<Stats> => (await (await fetch(`${emulator.url}/_eddy/stats`)).json()) as Stats;
    const url = `${app.url}/api/streams/orders/events?start=live`;
    const measure = async () => {
      await sleep(SETTLE_MS);
      const before = await stats();
      const t0 = Date.now();
      await sleep(MEASURE_MS);
      const after = await stats();
      const seconds = (Date.now() - t0) / 1000;
      const shards = Object.keys(after.shardReaders).length || 1;
      return {
        perShardPerSecond: ((after.requests[GET_RECORDS] ?? 0) - (before.requests[GET_RECORDS] ?? 0)) / shards / seconds,
        maxReaders: Math.max(...Object.values(after.shardReaders)),
        shards,
      };
    };
    // 1, 50, 1, 50 viewers: alternating phases cancel any drift of the machine's load.
    viewers.push(openViewer(url));
    const oneA = await measure();
    for (let i = 1; i < 50; i++) viewers.push(openViewer(url));
    const fiftyA = await measure();
    for (const v of viewers.splice(1)) v.abort();
    const oneB = await measure();
    for (let i = 1; i < 50; i++) viewers.push(openViewer(url));
    const fiftyB = await measure();
    writing = false;
    await writer;
    const one = (oneA.perShardPerSecond + oneB.perShardPerSecond) / 2;
    const fifty = (fiftyA.perShardPerSecond + fiftyB.perShardPerSecond) / 2;
    const phases = (a: number, b: number) => `phases ${a.toFixed(2)} and ${b.toFixed(2)}`;
    return [
      { name: 'GetRecords per shard per second, 1 viewer', value: one, unit: 'calls/s', detail: `${oneA.shards} shards, ${WRITES_PER_SECOND} writes/s, mean of 2 × ${MEASURE_MS / 1000} s (${phases(oneA.perShardPerSecond, oneB.perShardPerSecond)})` },
      { name: 'GetRecords per shard per second, 50 viewers', value: fifty, unit: 'calls/s', detail: `mean of 2 × ${MEASURE_MS / 1000} s (${phases(fiftyA.perShardPerSecond, fiftyB.perShardPerSecond)})` },
      { name: 'difference 1 vs 50 viewers', value: (Math.abs(fifty - one) / one) * 100, unit: '%', detail: 'goal: < 5 %' },
      { name: 'Eddy readers per shard with 50 viewers', value: Math.max(fiftyA.maxReaders, fiftyB.maxReaders), unit: 'chains', detail: 'from /_eddy/stats shardReaders; only Eddy reads this stream' },
    ];
  } finally {
    writing = false;
    for (const v of viewers) v.abort();
    await app.stop();
    dynamodb.destroy();
    await emulator.stop();
  }
}
