import 'server-only';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { endpointsLabel, groupEndpoints } from '@/lib/connection/endpoints';
import type { Connection } from '@/lib/types/health';
import { getEnv, type Env } from '../env';
import { mutationPolicy } from '../redrive/policy';
import { iamPrefixOfClient, recordOutcomes } from './outcomes';

/** Short enough that a dead endpoint is reported in seconds, long enough for a 20 s long poll. */
const REQUEST_TIMEOUT_MS = 25_000;
const CONNECTION_TIMEOUT_MS = 3_000;

export interface AwsClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
}

let clients: AwsClients | undefined;

function endpointFor(env: Env, service: 'DYNAMODB' | 'DYNAMODB_STREAMS' | 'SQS' | 'LAMBDA' | 'CLOUDWATCH' | 'CLOUDWATCH_LOGS'): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
}

function regionOf(env: Env): string | undefined {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
}

/**
 * The SDK clients, built once from the standard AWS configuration: the default credential chain,
 * `AWS_PROFILE`, `AWS_REGION` and `AWS_ENDPOINT_URL[_<SERVICE>]`. The endpoint is passed
 * explicitly as well because SQS otherwise sends each call to its QueueUrl's origin.
 */
export function getClients(): AwsClients {
  if (clients) return clients;
  const env = getEnv();
  const common = {
    region: regionOf(env),
    profile: env.AWS_PROFILE,
    maxAttempts: 3,
    // `app/eddy` in the User-Agent: the emulator's /_eddy/stats (and CloudTrail) tell Eddy's calls apart.
    userAgentAppId: 'eddy',
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
  };
  clients = {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpointFor(env, 'DYNAMODB') }),
    // One attempt: Eddy's per-shard read scheduler (server/live/read-scheduler.ts) backs off on
    // LimitExceededException itself; SDK retries behind its back would spend the shard's budget.
    streams: new DynamoDBStreamsClient({ ...common, maxAttempts: 1, endpoint: endpointFor(env, 'DYNAMODB_STREAMS') }),
    sqs: new SQSClient({ ...common, endpoint: endpointFor(env, 'SQS') }),
    lambda: new LambdaClient({ ...common, endpoint: endpointFor(env, 'LAMBDA') }),
    cloudwatch: new CloudWatchClient({ ...common, endpoint: endpointFor(env, 'CLOUDWATCH') }),
    logs: new CloudWatchLogsClient({ ...common, endpoint: endpointFor(env, 'CLOUDWATCH_LOGS') }),
  };
  // Every call's outcome feeds /access, and a failure names its IAM action.
  for (const [key, client] of Object.entries(clients)) recordOutcomes(client, iamPrefixOfClient[key] ?? key);
  return clients;
}

/** What Eddy is connected to, in words for the header. */
export async function describeConnection(): Promise<Connection> {
  const env = getEnv();
  let region = regionOf(env);
  if (!region) {
    // The region may come from the profile's config file: ask the SDK for the one it resolved.
    region = await getClients()
      .sqs.config.region()
      .catch(() => undefined);
  }
  const resolvedRegion = region ?? 'no region';
  const endpoint = env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL_SQS;
  const base = { region: resolvedRegion, profile: env.AWS_PROFILE, readOnly: mutationPolicy(env).readOnly, demo: Boolean(env.EDDY_DEMO_CONTROL_URL) };
  // Services at different places (SQS here, DynamoDB there): the header names every one.
  const groups = groupEndpoints({
    DynamoDB: endpointFor(env, 'DYNAMODB'),
    'DynamoDB Streams': endpointFor(env, 'DYNAMODB_STREAMS'),
    SQS: endpointFor(env, 'SQS'),
    Lambda: endpointFor(env, 'LAMBDA'),
    CloudWatch: endpointFor(env, 'CLOUDWATCH'),
  });
  if (groups.length > 1) return { ...base, kind: 'endpoint', endpoint, endpoints: groups, label: endpointsLabel(groups, resolvedRegion) };
  if (endpoint) {
    const host = new URL(endpoint).host;
    const local = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host);
    return local && (Number(new URL(endpoint).port) === env.EDDY_EMULATOR_PORT || base.demo)
      ? { ...base, kind: 'local', endpoint, label: `Local demo endpoint ${host}` }
      : { ...base, kind: 'endpoint', endpoint, label: `Endpoint ${host} (${resolvedRegion})` };
  }
  const profile = env.AWS_PROFILE ? `, profile ${env.AWS_PROFILE}` : '';
  return { ...base, kind: 'aws', label: `AWS ${resolvedRegion}${profile}` };
}
