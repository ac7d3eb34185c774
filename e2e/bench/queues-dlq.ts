import type { MessagePage } from '../../lib/types/queues';
import { createFilledDlq, percentile, startQueueBenchStack, timedGet } from './queues-support';
import type { BenchRow } from './types';

const MESSAGES = 10_000;
const RUNS = 15;

/** The first page (100 messages) of a 10,000-message DLQ through `/api/queues/<dlq>/messages`: time and SQS calls. */
export async function benchQueuesDlq(): Promise<BenchRow[]> {
  const stack = await startQueueBenchStack();
  try {
    const { dlqName } = await createFilledDlq(stack.sqs, 'bench-browse', MESSAGES);
    const url = `${stack.app.url}/api/queues/${dlqName}/messages?limit=100`;
    await timedGet(url); // the server's first compile and connection
    const times: number[] = [];
    const calls: number[] = [];
    let returned = 0;
    for (let i = 0; i < RUNS; i++) {
      const before = await stack.sqsCalls();
      const { ms, body } = await timedGet<MessagePage>(url);
      calls.push((await stack.sqsCalls()) - before);
      times.push(ms);
      returned = body.messages.length;
    }
    return [
      {
        name: 'first page of a 10,000-message DLQ',
        value: percentile(times, 50),
        unit: 'ms (p50)',
        detail: `p95 ${percentile(times, 95).toFixed(0)} ms over ${RUNS} browses of ${returned} messages, each released at once`,
      },
      { name: 'SQS calls for that page', value: percentile(calls, 50), unit: 'calls', detail: 'GetQueueUrl, GetQueueAttributes, 10 ReceiveMessage, 10 ChangeMessageVisibilityBatch' },
    ];
  } finally {
    await stack.stop();
  }
}
