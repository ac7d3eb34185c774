import 'server-only';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { Series } from '@/lib/types/queues';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** GetMetricData takes at most 500 queries per request (reference §7). */
const MAX_QUERIES = 500;

function sqsQuery(id: string, queueName: string, metricName: string, stat: 'Maximum' | 'Sum'): MetricDataQuery {
  return {
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: metricName, Dimensions: [{ Name: 'QueueName', Value: queueName }] }, Period: 60, Stat: stat },
    ReturnData: true,
  };
}

async function getMetricData(queries: MetricDataQuery[], minutes: number): Promise<Map<string, Series>> {
  const end = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const start = new Date(end.getTime() - minutes * 60_000);
  const out = new Map<string, Series>();
  try {
    for (let i = 0; i < queries.length; i += MAX_QUERIES) {
      let token: string | undefined;
      do {
        const page = await getClients().cloudwatch.send(
          new GetMetricDataCommand({ MetricDataQueries: queries.slice(i, i + MAX_QUERIES), StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', NextToken: token }),
        );
        for (const r of page.MetricDataResults ?? []) {
          const series = out.get(r.Id ?? '') ?? { at: [], values: [] };
          (r.Timestamps ?? []).forEach((t, k) => {
            series.at.push(new Date(t).getTime());
            series.values.push(r.Values?.[k] ?? 0);
          });
          out.set(r.Id ?? '', series);
        }
        token = page.NextToken;
      } while (token);
    }
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  return out;
}

/**
 * The latest `ApproximateAgeOfOldestMessage` (seconds) of each queue over the last 10 minutes,
 * in one GetMetricData request per 500 queues. Queues without a datapoint are absent.
 */
export async function getOldestMessageAges(queueNames: string[]): Promise<Map<string, number>> {
  const queries = queueNames.map((name, i) => sqsQuery(`q${i}`, name, 'ApproximateAgeOfOldestMessage', 'Maximum'));
  const data = await getMetricData(queries, 10);
  const ages = new Map<string, number>();
  queueNames.forEach((name, i) => {
    const s = data.get(`q${i}`);
    if (s && s.values.length > 0) ages.set(name, s.values[s.values.length - 1]);
  });
  return ages;
}

/** A queue's age of oldest message (Maximum) and sent/received/deleted counts (Sum) a minute, over `minutes`. */
export async function getQueueMetricSeries(queueName: string, minutes = 60): Promise<{ ageOfOldest: Series; sent: Series; received: Series; deleted: Series }> {
  const data = await getMetricData(
    [
      sqsQuery('age', queueName, 'ApproximateAgeOfOldestMessage', 'Maximum'),
      sqsQuery('sent', queueName, 'NumberOfMessagesSent', 'Sum'),
      sqsQuery('received', queueName, 'NumberOfMessagesReceived', 'Sum'),
      sqsQuery('deleted', queueName, 'NumberOfMessagesDeleted', 'Sum'),
    ],
    minutes,
  );
  const empty = { at: [], values: [] };
  return { ageOfOldest: data.get('age') ?? empty, sent: data.get('sent') ?? empty, received: data.get('received') ?? empty, deleted: data.get('deleted') ?? empty };
}
