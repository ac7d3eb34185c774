import http from 'node:http';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startEmulator } from '../../server/emulator/index';
import type { BenchRow } from './types';

const SENDS = 20_000;
const BATCHES = 2_000; // × 10 messages
/**
 * Independent SDK clients calling at once. They run in this process, as the app's adapters do;
 * worker threads were tried and only added contention on this 2-core machine.
 */
const CALLERS = 4;
/** Calls in flight per client. */
const CONCURRENCY = 4;

type Phase = 'send' | 'batch' | 'drain';
interface CallerJob {
  endpoint: string;
  queueUrl: string;
  phase: Phase;
  /** Calls for send/batch; ignored for drain (it drains until the queue is empty). */
  calls: number;
}
interface CallerResult {
  messages: number;
  latencies: number[];
}

const BODY = JSON.stringify({ orderId: 'o-123', status: 'SHIPPED', at: '2026-11-27T06:00:00.000Z' });

function client(endpoint: string, agent: http.Agent): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
}

/** One caller: its own SDK client and connection pool, `CONCURRENCY` loops of real SDK calls; returns message count and per-call latencies. */
async function runCaller(job: CallerJob): Promise<CallerResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const sqs = client(job.endpoint, agent);
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: BODY }));
  const latencies: number[] = [];
  let messages = 0;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const t = performance.now();
          if (job.phase === 'send') {
            if (next++ >= job.calls) return;
            await sqs.send(new SendMessageCommand({ QueueUrl: job.queueUrl, MessageBody: BODY }));
            messages++;
          } else if (job.phase === 'batch') {
            if (next++ >= job.calls) return;
            await sqs.send(new SendMessageBatchCommand({ QueueUrl: job.queueUrl, Entries: entries }));
            messages += 10;
          } else {
            const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: job.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
            if (Messages.length === 0) return;
            await sqs.send(
              new DeleteMessageBatchCommand({ QueueUrl: job.queueUrl, Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })) }),
            );
            messages += Messages.length;
          }
          latencies.push(performance.now() - t);
        }
      }),
    );
  } finally {
    sqs.destroy();
    agent.destroy();
  }
  return { messages, latencies };
}

/** Runs one phase with `CALLERS` clients at once; returns messages/s and merged latencies. */
async function phase(endpoint: string, queueUrl: string, name: Phase, calls: number): Promise<{ rate: number; messages: number; latencies: number[] }> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: CALLERS }, (_, c) => {
      const share = Math.floor(calls / CALLERS) + (c < calls % CALLERS ? 1 : 0);
      return runCaller({ endpoint, queueUrl, phase: name, calls: share });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const messages = results.reduce((sum, r) => sum + r.messages, 0);
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return { rate: messages / seconds, messages, latencies };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * SendMessage over plain keep-alive HTTP without the SDK: what the emulator itself sustains when
 * the client's signing and middleware (most of the CPU in the SDK rows) are taken away.
 */
async function rawSends(endpoint: string, queueUrl: string, calls: number): Promise<{ rate: number; latencies: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CALLERS * CONCURRENCY });
  const payload = JSON.stringify({ QueueUrl: queueUrl, MessageBody: BODY });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        endpoint,
        { method: 'POST', agent, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage', 'x-amzn-query-mode': 'true' } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`SendMessage answered ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS * CONCURRENCY }, async () => {
      while (next++ < calls) {
        const t = performance.now();
        await post();
        latencies.push(performance.now() - t);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rate: calls / ((performance.now() - started) / 1000), latencies };
}

const describe = (latencies: number[], what: string) =>
  `p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms per ${what} over ${latencies.length.toLocaleString('en-US')} calls; ` +
  `${CALLERS} real SDK v3 clients × ${CONCURRENCY} calls in flight, over HTTP, emulator in the same process`;

/**
 * Measures the emulator's SQS throughput end to end with the real SDK: SendMessage/s,
 * SendMessageBatch messages/s and ReceiveMessage(10)+DeleteMessageBatch messages/s. The SDK's
 * own work (signing, MD5 checks, parsing) shares the event loop with the emulator, so the figures
 * are a floor for what a separate client process would see.
 */
export async function benchSqs(): Promise<BenchRow[]> {
  const emulator = await startEmulator({ port: 0 });
  try {
    const agent = new http.Agent({ keepAlive: true });
    const sqs = client(emulator.url, agent);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${Date.now()}` }));
    const rows: BenchRow[] = [];
    // Warm-up: connections, JIT, the queue's structures.
    await phase(emulator.url, QueueUrl!, 'send', 1_000);

    const send = await phase(emulator.url, QueueUrl!, 'send', SENDS);
    rows.push({ name: 'SQS SendMessage', value: Math.round(send.rate), unit: 'messages/s', detail: describe(send.latencies, 'call') });

    const raw = await rawSends(emulator.url, QueueUrl!, SENDS);
    rows.push({
      name: 'SQS SendMessage, plain HTTP (no SDK)',
      value: Math.round(raw.rate),
      unit: 'messages/s',
      detail: `p50 ${percentile(raw.latencies, 50).toFixed(2)} ms, p99 ${percentile(raw.latencies, 99).toFixed(2)} ms over ${SENDS.toLocaleString('en-US')} calls, ${CALLERS * CONCURRENCY} in flight: the emulator's own capacity`,
    });

    const batch = await phase(emulator.url, QueueUrl!, 'batch', BATCHES);
    rows.push({ name: 'SQS SendMessageBatch (10 per call)', value: Math.round(batch.rate), unit: 'messages/s', detail: describe(batch.latencies, 'batch') });

    const drain = await phase(emulator.url, QueueUrl!, 'drain', 0);
    rows.push({
      name: 'SQS ReceiveMessage(10) + DeleteMessageBatch',
      value: Math.round(drain.rate),
      unit: 'messages/s',
      detail: `${describe(drain.latencies, 'receive+delete pair')}; ${drain.messages.toLocaleString('en-US')} messages drained`,
    });
    const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    if (left.Attributes?.ApproximateNumberOfMessages !== '0') throw new Error(`benchmark queue not drained: ${left.Attributes?.ApproximateNumberOfMessages} left`);
    sqs.destroy();
    agent.destroy();
    return rows;
  } finally {
    await emulator.stop();
  }
}
