import { BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { DeadLetterClassification } from '../../lib/types/redrive';
import { startDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import { percentile, timedGet } from './queues-support';
import type { BenchRow } from './types';

const MESSAGES = 1_000;
const RUNS = 5;
/** Eddy's default budget of GetRecords per shard per second (EDDY_SHARD_READS_PER_SECOND). */
const EDDY_BUDGET = 4;

interface Stats {
  shards: Record<string, { readers: number; getRecordsPerSecond: Record<string, number>; throttled: Record<string, number> }>;
}

/**
 * The checks before a redrive on 1,000 dead letters: on the demo stack, a table with a stream and
 * 950 items, a DLQ of 1,000 messages naming them (50 sent twice), then 100 items changed and 50
 * deleted after the messages were sent. `GET /api/queues/<dlq>/classify`, RUNS times after a cold
 * one: p50 time, AWS calls by action, and from `/_eddy/stats` the readers and Eddy's GetRecords
 * per second on each shard of the table's stream against its read budget.
 */
export async function benchDlqClassify(): Promise<BenchRow[]> {
  const demo = await startDemo({ appPort: await getFreePort(), emulatorPort: await getFreePort(), appEnv: { EDDY_DATA_DIR: `.eddy/bench-classify-${process.pid}` } });
  try {
    const { dynamodb, sqs } = demo.clients;
    const table = 'bench-classify-orders';
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const items = MESSAGES - 50;
    const id = (i: number) => `bench-o${i}`;
    for (let i = 0; i < items; i += 25) {
      const batch = Array.from({ length: Math.min(25, items - i) }, (_, j) => ({ PutRequest: { Item: { orderId: { S: id(i + j) }, total: { N: String(10 + ((i + j) % 90)) }, status: { S: 'PLACED' } } } }));
      await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
    }
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench-classify-dlq' }))).QueueUrl as string;
    const bodies = [...Array.from({ length: items }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => i * 7)].map((i) => JSON.stringify({ orderId: id(i), total: 10 + (i % 90) }));
    for (let i = 0; i < bodies.length; i += 10) {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: dlqUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: `m${j}`, MessageBody })) }));
    }
    // In a later second than every SentTimestamp (stream times are to the second).
    await new Promise((r) => setTimeout(r, 1_500));
    for (let i = 0; i < 100; i++) {
      await dynamodb.send(new UpdateItemCommand({ TableName: table, Key: { orderId: { S: id(i * 3 + 1) } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'PAID' } } }));
    }
    for (let i = 0; i < 50; i++) await dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { orderId: { S: id(i * 11 + 2) } } }));

    await fetch(`${demo.emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
    // /_eddy/stats counts readers over the last 2 s and rates over the last 10 s, per shard id:
    // sampled every second while the classifications run, the maxima kept (Eddy's app id is `eddy`).
    let sampling = true;
    const seen = { readers: 0, eddyRate: 0, demoThrottled: 0 };
    const sampler = (async () => {
      while (sampling) {
        const stats = (await (await fetch(`${demo.emulatorUrl}/_eddy/stats`)).json()) as Stats;
        for (const s of Object.values(stats.shards)) {
          seen.readers = Math.max(seen.readers, s.readers);
          seen.eddyRate = Math.max(seen.eddyRate, s.getRecordsPerSecond.eddy ?? 0);
          seen.demoThrottled = Math.max(seen.demoThrottled, s.throttled['eddy-demo'] ?? 0);
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();
    const started = Date.now();
    const endpoint = `${demo.appUrl}/api/queues/bench-classify-dlq/classify`;
    const cold = await timedGet<{ classification: DeadLetterClassification }>(endpoint);
    const times: number[] = [];
    let last = cold.body.classification;
    for (let run = 0; run < RUNS; run++) {
      const { ms, body } = await timedGet<{ classification: DeadLetterClassification }>(endpoint);
      times.push(ms);
      last = body.classification;
    }
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    const calls = (c: DeadLetterClassification) =>
      Object.entries(c.calls)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    return [
      {
        name: `classification of ${MESSAGES.toLocaleString('en-US')} dead letters`,
        value: percentile(times, 50),
        unit: 'ms (p50)',
        detail: `p95 ${percentile(times, 95).toFixed(0)} ms over ${RUNS} runs; cold first run ${cold.ms.toFixed(0)} ms; counts ${JSON.stringify(last.counts)} (expected stale 100, gone 50, duplicate 50 minus those of changed items, current the rest)`,
      },
      { name: 'AWS calls, cold run', value: Object.values(cold.body.classification.calls).reduce((a, b) => a + b, 0), unit: 'calls', detail: calls(cold.body.classification) },
      { name: 'AWS calls, warm run', value: Object.values(last.calls).reduce((a, b) => a + b, 0), unit: 'calls', detail: calls(last) },
      { name: 'readers per shard (max)', value: seen.readers, unit: 'readers', detail: `any shard of the demo (its consumers included), sampled every second from /_eddy/stats over ${seconds.toFixed(0)} s` },
      { name: "Eddy's GetRecords per shard per second (max)", value: seen.eddyRate, unit: 'calls/s', detail: `10 s windows; budget ${EDDY_BUDGET}/s; the demo's consumers throttled ${seen.demoThrottled} time(s)` },
    ];
  } finally {
    await demo.stop();
  }
}
