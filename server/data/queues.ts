import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import type { QueueWithRole } from '@/lib/types/queues';
import { getQueue, listQueueUrls } from '../aws/sqs';

/** GetQueueAttributes calls in flight at once: enough for 1,000 queues in seconds, no burst. */
const ATTRIBUTE_CONCURRENCY = 16;

/** Every queue with its attributes and its role in the DLQ wiring, sorted by backlog. */
export async function listQueues(): Promise<QueueWithRole[]> {
  const urls = await listQueueUrls();
  const queues = await mapLimit(urls, ATTRIBUTE_CONCURRENCY, getQueue);
  const sourcesByDlqArn = new Map<string, string[]>();
  for (const q of queues) {
    const target = q.redrivePolicy?.deadLetterTargetArn;
    if (target) sourcesByDlqArn.set(target, [...(sourcesByDlqArn.get(target) ?? []), q.name]);
  }
  return queues
    .map((q): QueueWithRole => {
      const sourceNames = sourcesByDlqArn.get(q.arn) ?? [];
      return { ...q, role: sourceNames.length > 0 ? 'dlq' : q.redrivePolicy ? 'source' : 'plain', sourceNames };
    })
    .sort((a, b) => b.visible + b.inFlight - (a.visible + a.inFlight) || a.name.localeCompare(b.name));
}
