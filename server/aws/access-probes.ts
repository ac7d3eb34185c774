import 'server-only';
import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { GetFunctionConfigurationCommand, ListEventSourceMappingsCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListSubscriptionsCommand, ListTopicsCommand, GetSubscriptionAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListDeadLetterSourceQueuesCommand, ListMessageMoveTasksCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { getClients } from './clients';

/** A few resources to aim probes at: the first of each kind in view. */
export interface ProbeTargets {
  table?: string;
  streamArn?: string;
  queueUrl?: string;
  queueName?: string;
  dlqUrl?: string;
  dlqArn?: string;
  functionName?: string;
  subscriptionArn?: string;
}

/** Probes never wait long: a hanging endpoint is "not reachable", not a stuck page. */
const PROBE_TIMEOUT_MS = 4_000;

type Probe = (signal: AbortSignal) => Promise<unknown>;

/**
 * The safe call that tests each read-only action: one page of one item, or an attribute read.
 * Nothing here changes or hides anything (no ReceiveMessage, no GetRecords). An action whose
 * probe needs a resource that is not in view has none (it stays untested).
 */
function probesFor(t: ProbeTargets): Record<string, Probe | undefined> {
  const c = getClients();
  return {
    'dynamodb:ListTables': (abortSignal) => c.dynamodb.send(new ListTablesCommand({ Limit: 1 }), { abortSignal }),
    'dynamodb:DescribeTable': t.table ? (abortSignal) => c.dynamodb.send(new DescribeTableCommand({ TableName: t.table }), { abortSignal }) : undefined,
    'dynamodb:GetItem': t.table
      ? async (abortSignal) => {
          // A key that no item has: the read changes nothing and costs half a read unit.
          const table = (await c.dynamodb.send(new DescribeTableCommand({ TableName: t.table }), { abortSignal })).Table;
          const key = Object.fromEntries(
            (table?.KeySchema ?? []).map((k) => {
              const type = table?.AttributeDefinitions?.find((d) => d.AttributeName === k.AttributeName)?.AttributeType;
              return [k.AttributeName ?? '', type === 'N' ? { N: '-1' } : type === 'B' ? { B: new Uint8Array([0]) } : { S: 'eddy-access-probe' }];
            }),
          );
          return c.dynamodb.send(new GetItemCommand({ TableName: t.table, Key: key }), { abortSignal });
        }
      : undefined,
    'sqs:ListQueues': (abortSignal) => c.sqs.send(new ListQueuesCommand({ MaxResults: 1 }), { abortSignal }),
    'sqs:GetQueueUrl': t.queueName ? (abortSignal) => c.sqs.send(new GetQueueUrlCommand({ QueueName: t.queueName }), { abortSignal }) : undefined,
    'sqs:GetQueueAttributes': t.queueUrl ? (abortSignal) => c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: t.queueUrl, AttributeNames: ['QueueArn'] }), { abortSignal }) : undefined,
    'lambda:ListFunctions': (abortSignal) => c.lambda.send(new ListFunctionsCommand({ MaxItems: 1 }), { abortSignal }),
    'lambda:ListEventSourceMappings': (abortSignal) => c.lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 1 }), { abortSignal }),
    'lambda:GetFunctionConfiguration': t.functionName ? (abortSignal) => c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: t.functionName }), { abortSignal }) : undefined,
    'sns:ListTopics': (abortSignal) => c.sns.send(new ListTopicsCommand({}), { abortSignal }),
    'sns:ListSubscriptions': (abortSignal) => c.sns.send(new ListSubscriptionsCommand({}), { abortSignal }),
    'sns:GetSubscriptionAttributes': t.subscriptionArn
      ? (abortSignal) => c.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: t.subscriptionArn }), { abortSignal })
      : undefined,
    'dynamodb:ListStreams': (abortSignal) => c.streams.send(new ListStreamsCommand({ Limit: 1 }), { abortSignal }),
    'dynamodb:DescribeStream': t.streamArn ? (abortSignal) => c.streams.send(new DescribeStreamCommand({ StreamArn: t.streamArn, Limit: 1 }), { abortSignal }) : undefined,
    'dynamodb:GetShardIterator': t.streamArn
      ? async (abortSignal) => {
          // An iterator at LATEST reads nothing and expires by itself.
          const shard = (await c.streams.send(new DescribeStreamCommand({ StreamArn: t.streamArn, Limit: 1 }), { abortSignal })).StreamDescription?.Shards?.[0]?.ShardId;
          if (!shard) return undefined;
          return c.streams.send(new GetShardIteratorCommand({ StreamArn: t.streamArn, ShardId: shard, ShardIteratorType: 'LATEST' }), { abortSignal });
        }
      : undefined,
    'sqs:ListDeadLetterSourceQueues': t.dlqUrl ? (abortSignal) => c.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: t.dlqUrl, MaxResults: 1 }), { abortSignal }) : undefined,
    'sqs:ListMessageMoveTasks': t.dlqArn ? (abortSignal) => c.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: t.dlqArn, MaxResults: 1 }), { abortSignal }) : undefined,
    'cloudwatch:GetMetricData': (abortSignal) =>
      c.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 600_000),
          EndTime: new Date(),
          MetricDataQueries: [{ Id: 'probe', MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent' }, Period: 60, Stat: 'Sum' } }],
        }),
        { abortSignal },
      ),
    'cloudwatch:ListMetrics': (abortSignal) => c.cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent' }), { abortSignal }),
  };
}

/**
 * Calls the probe of each action given, in parallel; the outcome middleware records what each
 * returned. Answers the actions that had no probe (nothing in view to aim it at).
 */
export async function probeActions(actions: string[], targets: ProbeTargets): Promise<{ unprobed: string[] }> {
  const probes = probesFor(targets);
  const unprobed: string[] = [];
  await Promise.all(
    actions.map(async (action) => {
      const probe = probes[action];
      if (!probe) {
        unprobed.push(action);
        return;
      }
      await probe(AbortSignal.timeout(PROBE_TIMEOUT_MS)).catch(() => undefined);
    }),
  );
  return { unprobed };
}
