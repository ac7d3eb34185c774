import 'server-only';
import { metricRange as rangeOf, type LagRangeMinutes } from '@/lib/lag/ranges';
import { fillGaps, latestValue } from '@/lib/lag/series';
import type { FunctionMetrics, QueueLagSeries } from '@/lib/types/flow';
import { getMetricData, type MetricQuery } from '../aws/cloudwatch';
import { listEventSourceMappings } from '../aws/lambda';


/**
 * A function's lag and activity from CloudWatch `AWS/Lambda`: IteratorAge (Maximum, the statistic
 * that shows the worst shard), Invocations and Errors (Sum), per period with gaps kept as gaps.
 */
export async function getFunctionMetrics(functionName: string, minutes: LagRangeMinutes, now = Date.now()): Promise<FunctionMetrics> {
  const range = rangeOf(minutes, now);
  const dimensions = { FunctionName: functionName };
  const queries: MetricQuery[] = [
    { id: 'age', namespace: 'AWS/Lambda', metricName: 'IteratorAge', dimensions, stat: 'Maximum' },
    { id: 'inv', namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions, stat: 'Sum' },
    { id: 'err', namespace: 'AWS/Lambda', metricName: 'Errors', dimensions, stat: 'Sum' },
  ];
  const [points, mappings] = await Promise.all([
    getMetricData(queries, { start: new Date(range.start), end: new Date(range.end), periodSeconds: range.periodSeconds }),
    listEventSourceMappings(functionName),
  ]);
  const series = (id: string) => fillGaps(points.get(id) ?? [], range);
  const iteratorAgeMs = series('age');
  return {
    functionName,
    periodSeconds: range.periodSeconds,
    start: range.start,
    end: range.end,
    iteratorAgeMs,
    invocations: series('inv'),
    errors: series('err'),
    latestIteratorAgeMs: latestValue(iteratorAgeMs),
    isStreamConsumer: mappings.some((m) => m.sourceKind === 'stream'),
  };
}

/**
 * A queue's lag from CloudWatch `AWS/SQS`: the age of its oldest message and its visible depth
 * (Maximum per period). The drain forecast is not here: it comes from the queue sampler's depth
 * history (`getQueueForecast` in server/data/queues.ts), which is finer than CloudWatch's minutes.
 */
export async function getQueueLag(queueName: string, minutes: LagRangeMinutes, now = Date.now()): Promise<QueueLagSeries> {
  const range = rangeOf(minutes, now);
  const dimensions = { QueueName: queueName };
  const points = await getMetricData(
    [
      { id: 'age', namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions, stat: 'Maximum' },
      { id: 'vis', namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions, stat: 'Maximum' },
    ],
    { start: new Date(range.start), end: new Date(range.end), periodSeconds: range.periodSeconds },
  );
  return {
    queueName,
    periodSeconds: range.periodSeconds,
    start: range.start,
    end: range.end,
    oldestAgeSeconds: fillGaps(points.get('age') ?? [], range),
    visible: fillGaps(points.get('vis') ?? [], range),
  };
}
