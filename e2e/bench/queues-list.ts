import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { QueueListing } from '../../lib/types/queues';
import { percentile, startQueueBenchStack, timedGet } from './queues-support';
import type { BenchRow } from './types';

const QUEUES = 1_000;
const RUNS = 8;

/** `/api/queues` with 1,000 queues: cold (a sampler refresh) and warm (its cache) API time, and SQS calls per refresh. */
export async function benchQueuesList(): Promise<BenchRow[]> {
  const stack = await startQueueBenchStack();
  try {
    const names = Array.from({ length: QUEUES }, (_, i) => `bench-q-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((QueueName) => stack.sqs.send(new CreateQueueCommand({ QueueName }))));

    const first = await timedGet<QueueListing>(`${stack.app.url}/api/queues`);
    const cold: number[] = [];
    const warm: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = await stack.sqsCalls();
      const refreshed = await timedGet<QueueListing>(`${stack.app.url}/api/queues?fresh=1`);
      calls.push((await stack.sqsCalls()) - before);
      cold.push(refreshed.ms);
      const cached = await timedGet<QueueListing>(`${stack.app.url}/api/queues`);
      warm.push(cached.ms);
      if (cached.body.sqsCalls !== 0) throw new Error('the warm read was not served from the sampler cache');
    }
    return [
      { name: '/api/queues, 1,000 queues, first request', value: first.ms, unit: 'ms', detail: `${first.body.queues.length} queues listed; includes the server's first compile` },
      { name: '/api/queues, 1,000 queues, cold (sampler refresh)', value: percentile(cold, 50), unit: 'ms (p50)', detail: `p95 ${percentile(cold, 95).toFixed(0)} ms over ${RUNS} refreshes, GetQueueAttributes 16 at a time` },
      { name: '/api/queues, 1,000 queues, warm (cached)', value: percentile(warm, 50), unit: 'ms (p50)', detail: `p95 ${percentile(warm, 95).toFixed(1)} ms, 0 SQS calls` },
      { name: 'SQS calls per refresh', value: percentile(calls, 50), unit: 'calls', detail: '1 ListQueues page + 1 GetQueueAttributes per queue (CloudWatch and Lambda not counted)' },
    ];
  } finally {
    await stack.stop();
  }
}
