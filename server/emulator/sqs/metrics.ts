import type { MetricSink } from '../core/types';
import type { Queue } from './queue';

const MINUTE_MS = 60_000;

/**
 * Publishes the `AWS/SQS` metrics of every emulator-clock minute of `queue` that completed since
 * the last call: the counts of that minute (Sum) and the queue's gauges. After a large clock jump
 * only the minutes with activity and the last completed minute are published, as AWS reports
 * values only while a queue is active.
 */
export function publishQueueMetrics(queue: Queue, now: number, sink: MetricSink): void {
  const current = Math.floor(now / MINUTE_MS);
  const last = current - 1;
  if (last <= queue.lastMetricMinute) return;
  const minutes = new Set<number>();
  for (const minute of queue.minutes.keys()) if (minute > queue.lastMetricMinute && minute <= last) minutes.add(minute);
  minutes.add(last);
  const dimensions = [{ Name: 'QueueName', Value: queue.name }];
  for (const minute of [...minutes].sort((a, b) => a - b)) {
    const counts = queue.minutes.get(minute) ?? { sent: 0, received: 0, deleted: 0, emptyReceives: 0 };
    queue.minutes.delete(minute);
    const timestamp = minute * MINUTE_MS;
    const put = (metricName: string, value: number, unit: string) => sink.putMetric({ namespace: 'AWS/SQS', metricName, dimensions, timestamp, value, unit });
    put('NumberOfMessagesSent', counts.sent, 'Count');
    put('NumberOfMessagesReceived', counts.received, 'Count');
    put('NumberOfMessagesDeleted', counts.deleted, 'Count');
    put('NumberOfEmptyReceives', counts.emptyReceives, 'Count');
    put('ApproximateNumberOfMessagesVisible', queue.counts.visible, 'Count');
    put('ApproximateNumberOfMessagesNotVisible', queue.counts.inflight, 'Count');
    put('ApproximateNumberOfMessagesDelayed', queue.counts.delayed, 'Count');
    put('ApproximateAgeOfOldestMessage', queue.ageOfOldestMessageSeconds(now), 'Seconds');
  }
  queue.lastMetricMinute = last;
}
