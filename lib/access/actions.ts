/**
 * Every AWS action Eddy calls, once: the `/access` page, its IAM policy and the README's IAM
 * lists are all generated from this list (a test checks the README and the adapters against it).
 */

export type AwsService = 'DynamoDB' | 'DynamoDB Streams' | 'SQS' | 'SNS' | 'Lambda' | 'CloudWatch' | 'CloudWatch Logs';

/** Which resources a statement covers in the least-privilege policy. */
export type ResourceScope =
  /** The tables in view (`arn:…:table/<name>`). */
  | 'tables'
  /** The streams of the tables in view (`arn:…:table/<name>/stream/*`). */
  | 'streams'
  /** Every queue in view. */
  | 'queues'
  /** The dead-letter queues in view (and Lambda failure destinations). */
  | 'dlqs'
  /** The queues a redrive sends to (the DLQs' sources). */
  | 'destinations'
  /** The functions in view. */
  | 'functions'
  /** The log groups of the functions in view (`/aws/lambda/<name>`). */
  | 'logGroups'
  /** IAM allows no resource scoping for this action (list calls, CloudWatch reads). */
  | 'any';

export interface AccessAction {
  /** The IAM action, `service:Action` (what a policy and an AccessDenied message name). */
  action: `${string}:${string}`;
  service: AwsService;
  /** What Eddy uses it for, in a few words. */
  use: string;
  scope: ResourceScope;
  /**
   * Whether "check now" may call it: only calls that neither change nor hide anything. A receive
   * raises receive counts and hides messages, so it is never probed.
   */
  probe: boolean;
}

export interface AccessFeature {
  id: string;
  title: string;
  /** `read-only`: Eddy looks; `operator`: Eddy changes queues (redrive, cancel, purge). */
  role: 'read-only' | 'operator';
  /** What the user loses without these actions. */
  without: string;
  actions: AccessAction[];
}

export const accessFeatures: AccessFeature[] = [
  {
    id: 'discovery',
    title: 'Flow graph and resource lists',
    role: 'read-only',
    without: 'the graph and lists miss the resources of that service',
    actions: [
      { action: 'dynamodb:ListTables', service: 'DynamoDB', use: 'find the tables', scope: 'any', probe: true },
      { action: 'dynamodb:DescribeTable', service: 'DynamoDB', use: 'key schema and stream of each table', scope: 'tables', probe: true },
      { action: 'sqs:ListQueues', service: 'SQS', use: 'find the queues', scope: 'any', probe: true },
      { action: 'sqs:GetQueueUrl', service: 'SQS', use: 'open a queue by name', scope: 'queues', probe: true },
      { action: 'sqs:GetQueueAttributes', service: 'SQS', use: 'depths, retention and redrive policies', scope: 'queues', probe: true },
      { action: 'lambda:ListFunctions', service: 'Lambda', use: 'consumers and the queues their environment names', scope: 'any', probe: true },
      { action: 'lambda:ListEventSourceMappings', service: 'Lambda', use: 'stream and queue consumers, on-failure destinations', scope: 'any', probe: true },
      { action: 'lambda:GetFunctionConfiguration', service: 'Lambda', use: 'a function page', scope: 'functions', probe: true },
      { action: 'sns:ListTopics', service: 'SNS', use: 'find the topics', scope: 'any', probe: true },
      { action: 'sns:ListSubscriptions', service: 'SNS', use: 'which queues and functions each topic fans out to', scope: 'any', probe: true },
      { action: 'sns:GetSubscriptionAttributes', service: 'SNS', use: 'filter policies, raw delivery, subscription DLQs', scope: 'any', probe: true },
    ],
  },
  {
    id: 'streams',
    title: 'Live events and traces',
    role: 'read-only',
    without: 'no live events, no stream records in traces',
    actions: [
      { action: 'dynamodb:ListStreams', service: 'DynamoDB Streams', use: 'the health probe of DynamoDB Streams', scope: 'any', probe: true },
      { action: 'dynamodb:DescribeStream', service: 'DynamoDB Streams', use: 'shards and their lineage', scope: 'streams', probe: true },
      { action: 'dynamodb:GetShardIterator', service: 'DynamoDB Streams', use: 'a position in a shard', scope: 'streams', probe: true },
      { action: 'dynamodb:GetRecords', service: 'DynamoDB Streams', use: 'read the events', scope: 'streams', probe: false },
    ],
  },
  {
    id: 'causes',
    title: 'Failure causes from logs',
    role: 'read-only',
    without: 'traces and function pages show no log lines, and similar failures group without their error message',
    actions: [{ action: 'logs:FilterLogEvents', service: 'CloudWatch Logs', use: "a consumer's error lines around a failure, the function log view", scope: 'logGroups', probe: false }],
  },
  {
    id: 'lag',
    title: 'Lag, DLQ links and redrive status',
    role: 'read-only',
    without: 'no CloudWatch history or ages, no move-task progress',
    actions: [
      { action: 'sqs:ListDeadLetterSourceQueues', service: 'SQS', use: 'which queues feed a DLQ', scope: 'dlqs', probe: true },
      { action: 'sqs:ListMessageMoveTasks', service: 'SQS', use: 'redrive progress', scope: 'dlqs', probe: true },
      { action: 'cloudwatch:GetMetricData', service: 'CloudWatch', use: 'iterator age, age of oldest message, charts', scope: 'any', probe: true },
      { action: 'cloudwatch:ListMetrics', service: 'CloudWatch', use: 'the health probe of CloudWatch', scope: 'any', probe: true },
    ],
  },
  {
    id: 'browse',
    title: 'DLQ browsing',
    role: 'read-only',
    without: 'dead letters cannot be listed or traced',
    actions: [
      { action: 'sqs:ReceiveMessage', service: 'SQS', use: 'receive with a short lease (SQS has no peek)', scope: 'dlqs', probe: false },
      { action: 'sqs:ChangeMessageVisibility', service: 'SQS', use: 'release each browsed message at once; keep a long redrive’s messages hidden while it runs', scope: 'dlqs', probe: false },
    ],
  },
  {
    id: 'redrive-checks',
    title: 'Checks before a redrive',
    role: 'read-only',
    without: 'dead letters whose item has no retained stream record cannot be told stale, deleted or current (they count as unknown)',
    actions: [{ action: 'dynamodb:GetItem', service: 'DynamoDB', use: 'whether the item a dead letter names still exists and still matches it', scope: 'tables', probe: true }],
  },
  {
    id: 'redrive',
    title: 'Redrive, cancel, purge',
    role: 'operator',
    without: 'dead letters cannot be moved back or purged',
    actions: [
      { action: 'sqs:StartMessageMoveTask', service: 'SQS', use: 'redrive all', scope: 'dlqs', probe: false },
      { action: 'sqs:CancelMessageMoveTask', service: 'SQS', use: 'cancel a redrive', scope: 'dlqs', probe: false },
      { action: 'sqs:DeleteMessage', service: 'SQS', use: 'remove a redriven message from the DLQ', scope: 'dlqs', probe: false },
      { action: 'sqs:SendMessage', service: 'SQS', use: 'redrive selected: the copy to the source queue', scope: 'destinations', probe: false },
      { action: 'sqs:PurgeQueue', service: 'SQS', use: 'purge a DLQ', scope: 'dlqs', probe: false },
    ],
  },
];

/** Every action, in page order. */
export const accessActions: AccessAction[] = accessFeatures.flatMap((f) => f.actions);

/** IAM action names of SDK commands whose name differs (batch calls need the single action). */
const iamActionOfCommand: Record<string, string> = {
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
  DeleteMessageBatch: 'DeleteMessage',
  SendMessageBatch: 'SendMessage',
};

/** `sqs:ChangeMessageVisibility` for the SDK's `ChangeMessageVisibilityBatchCommand` of SQS. */
export function iamActionOf(iamPrefix: string, commandName: string): string {
  const bare = commandName.replace(/Command$/, '');
  return `${iamPrefix}:${iamActionOfCommand[bare] ?? bare}`;
}

/** The feature an action belongs to. */
export function featureOf(action: string): AccessFeature | undefined {
  return accessFeatures.find((f) => f.actions.some((a) => a.action === action));
}
