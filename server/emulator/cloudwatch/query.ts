import { q, type QueryService } from '../core/query-protocol';
import type { JsonService } from '../core/types';

/**
 * CloudWatch in the query protocol (`Version=2010-08-01`), as Debian's AWS CLI 2.9 and
 * `@aws-sdk/client-cloudwatch` ≤ 3.948 speak it: lists wrapped as `.member.N`, timestamps in
 * ISO 8601 (reference part 2, §1.2, §1.4). The actions run the JSON handlers, on one store.
 */

const dimensions = q.list(q.struct({ Name: 'string', Value: 'string' }));
const metric = q.struct({ Namespace: 'string', MetricName: 'string', Dimensions: dimensions });

export const CLOUDWATCH_QUERY_ACTIONS: QueryService['actions'] = {
  PutMetricData: {
    input: q.struct({
      Namespace: 'string',
      MetricData: q.list(
        q.struct({
          MetricName: 'string',
          Dimensions: dimensions,
          Timestamp: 'timestamp',
          Value: 'number',
          StatisticValues: q.struct({ SampleCount: 'number', Sum: 'number', Minimum: 'number', Maximum: 'number' }),
          Values: q.list('number'),
          Counts: q.list('number'),
          Unit: 'string',
          StorageResolution: 'integer',
        }),
      ),
    }),
  },
  GetMetricData: {
    input: q.struct({
      MetricDataQueries: q.list(
        q.struct({
          Id: 'string',
          MetricStat: q.struct({ Metric: metric, Period: 'integer', Stat: 'string', Unit: 'string' }),
          Expression: 'string',
          Label: 'string',
          ReturnData: 'boolean',
          Period: 'integer',
          AccountId: 'string',
        }),
      ),
      StartTime: 'timestamp',
      EndTime: 'timestamp',
      NextToken: 'string',
      ScanBy: 'string',
      MaxDatapoints: 'integer',
    }),
    output: q.struct({
      MetricDataResults: q.list(
        q.struct({
          Id: 'string',
          Label: 'string',
          Timestamps: q.list('timestamp'),
          Values: q.list('number'),
          StatusCode: 'string',
          Messages: q.list(q.struct({ Code: 'string', Value: 'string' })),
        }),
      ),
      NextToken: 'string',
      Messages: q.list(q.struct({ Code: 'string', Value: 'string' })),
    }),
  },
  GetMetricStatistics: {
    input: q.struct({
      Namespace: 'string',
      MetricName: 'string',
      Dimensions: dimensions,
      StartTime: 'timestamp',
      EndTime: 'timestamp',
      Period: 'integer',
      Statistics: q.list('string'),
      ExtendedStatistics: q.list('string'),
      Unit: 'string',
    }),
    output: q.struct({
      Label: 'string',
      Datapoints: q.list(
        q.struct({
          Timestamp: 'timestamp',
          SampleCount: 'number',
          Average: 'number',
          Sum: 'number',
          Minimum: 'number',
          Maximum: 'number',
          Unit: 'string',
          ExtendedStatistics: q.map('number'),
        }),
      ),
    }),
  },
  ListMetrics: {
    input: q.struct({
      Namespace: 'string',
      MetricName: 'string',
      Dimensions: dimensions,
      NextToken: 'string',
      RecentlyActive: 'string',
      IncludeLinkedAccounts: 'boolean',
      OwningAccount: 'string',
    }),
    output: q.struct({ Metrics: q.list(metric), NextToken: 'string', OwningAccounts: q.list('string') }),
  },
};

/** CloudWatch's query face over the JSON service. */
export function cloudwatchQueryService(cloudwatch: JsonService): QueryService {
  return {
    version: '2010-08-01',
    signingName: 'monitoring',
    xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
    targetPrefix: cloudwatch.targetPrefix,
    actions: CLOUDWATCH_QUERY_ACTIONS,
    handle: (action, input, ctx) => cloudwatch.handle(action, input, ctx),
  };
}
