import { GetQueueUrlCommand, ReceiveMessageCommand, ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import { startDemo, type RunningDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import type { BenchRow } from './types';

/** Traces of each kind timed after a warm-up; enough for a p95 without hammering the shared machine. */
const RUNS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One message id of a queue, peeked with a 1 s lease. */
async function someMessage(demo: RunningDemo, queue: string): Promise<{ id: string; body: string }> {
  const { QueueUrl } = await demo.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  for (;;) {
    const out = await demo.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 1 }));
    const m = out.Messages?.[0];
    if (m?.MessageId) {
      await demo.clients.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: [{ Id: '0', ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }] }));
      return { id: m.MessageId, body: m.Body ?? '' };
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

interface Stats {
  requests: Record<string, number>;
  shardReaders: Record<string, number>;
}

/**
 * Failure traces on the demo stack: how long a trace and a search take, and what they cost the
 * stream — GetRecords per trace once the trace reader is warm, new iterator chains, and the most
 * readers any shard had (DynamoDB Streams allows two; the demo's consumer is one).
 */
export async function benchTraces(): Promise<BenchRow[]> {
  const demo = await startDemo({ appPort: await getFreePort(), emulatorPort: await getFreePort(), appEnv: { EDDY_DATA_DIR: `.eddy/bench-${process.pid}` } });
  try {
    const dead = await someMessage(demo, 'fulfillment-dlq');
    const failure = await someMessage(demo, 'order-projector-failures');
    const orderId = /"orderId":"([^"]+)"/.exec(dead.body)?.[1] ?? '';
    const targets: [string, string][] = [
      ['trace of a fulfillment-dlq message', `/api/traces/fulfillment-dlq/${dead.id}`],
      ['trace of an on-failure record', `/api/traces/order-projector-failures/${failure.id}`],
      ['item search (orderId = …)', `/api/traces?q=${encodeURIComponent(`orderId = ${orderId}`)}`],
    ];
    const rows: BenchRow[] = [];
    let maxReaders = 0;
    const stats = () => fetch(`${demo.emulatorUrl}/_eddy/stats`).then((r) => r.json() as Promise<Stats>);
    for (const [name, path] of targets) {
      const warm = await fetch(`${demo.appUrl}${path}`);
      if (!warm.ok) throw new Error(`${path} answered ${warm.status}: ${await warm.text()}`);
      const before = await stats();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const res = await fetch(`${demo.appUrl}${path}`);
        await res.text();
        if (!res.ok) throw new Error(`${path} answered ${res.status}`);
        times.push(performance.now() - started);
        const now = await stats();
        maxReaders = Math.max(maxReaders, ...Object.values(now.shardReaders));
      }
      const after = await stats();
      const delta = (op: string) => (after.requests[op] ?? 0) - (before.requests[op] ?? 0);
      times.sort((a, b) => a - b);
      rows.push({ name: `${name}: p50`, value: percentile(times, 50), unit: 'ms', detail: `p95 ${percentile(times, 95).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms over ${RUNS} runs after a warm-up` });
      rows.push({
        name: `${name}: GetRecords per run`,
        value: delta('DynamoDBStreams_20120810.GetRecords') / RUNS,
        unit: 'calls',
        detail: `${delta('DynamoDBStreams_20120810.GetShardIterator')} GetShardIterator and ${delta('AmazonSQS.ReceiveMessage')} ReceiveMessage over ${RUNS} runs`,
      });
    }
    rows.push({ name: 'most readers on any shard during the runs', value: maxReaders, unit: 'readers', detail: 'the demo consumer plus Eddy’s one trace reader; DynamoDB Streams allows 2' });
    return rows;
  } finally {
    await demo.stop();
  }
}
