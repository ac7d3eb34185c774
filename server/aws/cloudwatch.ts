import 'server-only';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** GetMetricData takes at most 500 queries per request. */
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

/**
 * Reads the queries' datapoints between `start` (inclusive) and `end` (exclusive) at `periodSeconds`
 * (a multiple of 60), 500 queries a request and following NextToken. Returns the points per query
 * id, oldest first; a metric with no datapoint gets an empty list.
 */
export async function getMetricData(queries: readonly MetricQuery[], range: { start: Date; end: Date; periodSeconds: number }): Promise<Map<string, MetricPoint[]>> {
  const out = new Map<string, MetricPoint[]>(queries.map((q) => [q.id, []]));
  try {
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_REQUEST) {
      const batch: MetricDataQuery[] = queries.slice(i, i + MAX_QUERIES_PER_REQUEST).map((q) => ({
        Id: q.id,
        MetricStat: {
          Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
          Period: range.periodSeconds,
          Stat: q.stat,
        },
        ReturnData: true,
      }));
      let token: string | undefined;
      do {
        const page = await getClients().cloudwatch.send(
          new GetMetricDataCommand({ MetricDataQueries: batch, StartTime: range.start, EndTime: range.end, ScanBy: 'TimestampAscending', NextToken: token }),
        );
        for (const result of page.MetricDataResults ?? []) {
          const points = out.get(result.Id ?? '');
          if (!points) continue;
          const timestamps = result.Timestamps ?? [];
          const values = result.Values ?? [];
          timestamps.forEach((t, k) => points.push({ t: t.getTime(), value: values[k] }));
        }
        token = page.NextToken;
      } while (token);
    }
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  for (const points of out.values()) points.sort((a, b) => a.t - b.t);
  return out;
}
