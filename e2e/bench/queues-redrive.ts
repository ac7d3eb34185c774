import type { RedriveJob } from '../../lib/types/queues';
import { createFilledDlq, startQueueBenchStack, timedGet } from './queues-support';
import type { BenchRow } from './types';

const MESSAGES = 10_000;
const RATE = 500;

/** "Redrive all" of 10,000 messages at 500/s through the dashboard: task time against the ideal 20 s. */
export async function benchQueuesRedrive(): Promise<BenchRow[]> {
  const stack = await startQueueBenchStack();
  try {
    const { dlqName, srcName } = await createFilledDlq(stack.sqs, 'bench-redrive', MESSAGES);
    const t = performance.now();
    const res = await fetch(`${stack.app.url}/api/queues/${dlqName}/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destinationName: srcName, maxPerSecond: RATE }),
    });
    if (!res.ok) throw new Error(`redrive refused: ${await res.text()}`);
    let job: RedriveJob | null = null;
    for (;;) {
      job = (await timedGet<{ job: RedriveJob | null }>(`${stack.app.url}/api/queues/${dlqName}/redrive`)).body.job;
      if (job && !['canary', 'watching', 'moving'].includes(job.phase)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t) / 1000;
    const ideal = MESSAGES / RATE;
    return [
      { name: '10,000 messages redriven at 500/s', value: seconds, unit: 's', detail: `${job?.phase}: ${job?.task?.moved} of ${job?.task?.toMove} moved; ideal ${ideal} s; seen through Eddy's 1 s progress polling` },
      { name: 'redrive time / ideal', value: seconds / ideal, unit: 'ratio' },
    ];
  } finally {
    await stack.stop();
  }
}
