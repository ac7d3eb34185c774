import 'server-only';
import { paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { metricRange } from '@/lib/lag/ranges';
import type { Series } from '@/lib/types/queues';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** GetMetricData takes at most 500 queries per request (reference §7). */
const MAX_QUERIES_PER_REQUEST = 500;

/** One metric to read: a namespace, a name, its dimensions and the statistic. */
export interface MetricQuery {
  /** Must start with a lowercase letter and use [A-Za-z0-9_] (GetMetricData's rule). */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: 'Maximum' | 'Minimum' | 'Average' | 'Sum' | 'SampleCount';
}

/** A datapoint: epoch ms and value. */
export interface MetricPoint {
  t: number;
  value: number;
}

/** A safe GetMetricData query id for any index: `q0`, `q1`, … */
export function metricId(index: number): string {
  return `q${index}`;
}

function toSdkQuery(q: MetricQuery, periodSeconds: number): MetricDataQuery {
  return {
    Id: q.id,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: periodSeconds,
      Stat: q.stat,
    },
    ReturnData: true,
  };
}

/**
 * Reads the queries' datapoints between `start` (inclusive) and `end` (exclusive) at `periodSeconds`
 * (a multiple of 60), 500 queries a request and following NextToken. Returns the points per query
 * id, oldest first; a metric with no datapoint gets an empty list.
 */
export async function getMetricData(queries: readonly MetricQuery[], range: { start: Date; end: Date; periodSeconds: number }): Promise<Map<string, MetricPoint[]>> {
  const out = new Map<string, MetricPoint[]>(queries.map((q) => [q.id, []]));
  const client = getClients().cloudwatch;
  try {
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_REQUEST) {
      const batch = queries.slice(i, i + MAX_QUERIES_PER_REQUEST).map((q) => toSdkQuery(q, range.periodSeconds));
      for await (const page of paginateGetMetricData({ client }, { MetricDataQueries: batch, StartTime: range.start, EndTime: range.end, ScanBy: 'TimestampAscending' })) {
        for (const result of page.MetricDataResults ?? []) {
          const points = out.get(result.Id ?? '');
          if (!points) continue;
          const values = result.Values ?? [];
          (result.Timestamps ?? []).forEach((t, k) => points.push({ t: t.getTime(), value: values[k] }));
        }
      }
    }
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  for (const points of out.values()) points.sort((a, b) => a.t - b.t);
  return out;
}

/** The last `minutes` whole minutes, ending at the next minute boundary (CloudWatch's one-minute periods). */
function lastMinutes(minutes: number, now = Date.now()): { start: Date; end: Date; periodSeconds: number } {
  const end = new Date(Math.ceil(now / 60_000) * 60_000);
  return { start: new Date(end.getTime() - minutes * 60_000), end, periodSeconds: 60 };
}

function sqsMetric(id: string, queueName: string, metricName: string, stat: MetricQuery['stat']): MetricQuery {
  return { id, namespace: 'AWS/SQS', metricName, dimensions: { QueueName: queueName }, stat };
}

function toSeries(points: readonly MetricPoint[] = []): Series {
  return { at: points.map((p) => p.t), values: points.map((p) => p.value) };
}

/**
 * The latest `ApproximateAgeOfOldestMessage` (seconds) of each queue over the last 10 minutes,
 * in one GetMetricData request per 500 queues. Queues without a datapoint are absent.
 */
export async function getOldestMessageAges(queueNames: readonly string[]): Promise<Map<string, MetricPoint>> {
  const data = await getMetricData(
    queueNames.map((name, i) => sqsMetric(metricId(i), name, 'ApproximateAgeOfOldestMessage', 'Maximum')),
    lastMinutes(10),
  );
  const ages = new Map<string, MetricPoint>();
  queueNames.forEach((name, i) => {
    const last = data.get(metricId(i))?.at(-1);
    if (last) ages.set(name, last);
  });
  return ages;
}

/**
 * A queue's age of oldest message and depth parts (visible, in flight, delayed: Maximum) and its
 * sent/received/deleted counts (Sum) per period, over the last `minutes` (`metricRange`: by the
 * minute up to 3 h, by 5 minutes beyond).
 */
export async function getQueueMetricSeries(
  queueName: string,
  minutes = 60,
  now = Date.now(),
): Promise<{ ageOfOldest: Series; sent: Series; received: Series; deleted: Series; visible: Series; inFlight: Series; delayed: Series }> {
  const range = metricRange(minutes, now);
  const data = await getMetricData(
    [
      sqsMetric('age', queueName, 'ApproximateAgeOfOldestMessage', 'Maximum'),
      sqsMetric('sent', queueName, 'NumberOfMessagesSent', 'Sum'),
      sqsMetric('received', queueName, 'NumberOfMessagesReceived', 'Sum'),
      sqsMetric('deleted', queueName, 'NumberOfMessagesDeleted', 'Sum'),
      sqsMetric('visible', queueName, 'ApproximateNumberOfMessagesVisible', 'Maximum'),
      sqsMetric('inFlight', queueName, 'ApproximateNumberOfMessagesNotVisible', 'Maximum'),
      sqsMetric('delayed', queueName, 'ApproximateNumberOfMessagesDelayed', 'Maximum'),
    ],
    { start: new Date(range.start), end: new Date(range.end), periodSeconds: range.periodSeconds },
  );
  const series = (id: string) => toSeries(data.get(id));
  return {
    ageOfOldest: series('age'),
    sent: series('sent'),
    received: series('received'),
    deleted: series('deleted'),
    visible: series('visible'),
    inFlight: series('inFlight'),
    delayed: series('delayed'),
  };
}
