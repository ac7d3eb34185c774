import 'server-only';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { getEnv, type Env } from '../env';
import { currentEnvironment, type Environment } from '../environments';
import { service } from '../services';
import { assumeRoleCredentials } from './credentials';
import { iamPrefixOfClient, recordOutcomes } from './outcomes';

/** Short enough that a dead endpoint is reported in seconds, long enough for a 20 s long poll. */
const REQUEST_TIMEOUT_MS = 25_000;
const CONNECTION_TIMEOUT_MS = 3_000;

export interface AwsClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  sns: SNSClient;
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
}

/** The endpoint a service's client talks to: its own `AWS_ENDPOINT_URL_<SERVICE>`, else the shared one. */
export function endpointFor(env: Env, service: 'DYNAMODB' | 'DYNAMODB_STREAMS' | 'SQS' | 'SNS' | 'LAMBDA' | 'CLOUDWATCH' | 'CLOUDWATCH_LOGS'): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
}

/** The region from the environment; undefined when it comes from the profile (or nowhere). */
export function regionOf(env: Env): string | undefined {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
}

/**
 * The SDK clients, built once per process (server/services.ts) from the standard AWS
 * configuration: the default credential chain, `AWS_PROFILE`, `AWS_REGION` and
 * `AWS_ENDPOINT_URL[_<SERVICE>]`. The endpoint is passed explicitly as well because SQS otherwise
 * sends each call to its QueueUrl's origin.
 */
export function getClients(): AwsClients {
  return service('clients', () => {
    const env = getEnv();
    return createClients(env, undefined, currentEnvironment(env));
  });
}

/**
 * The AWS variables as an environment declared in eddy.config.json changes them: its region, its
 * endpoint (over every AWS_ENDPOINT_URL*), its profile (over AWS_PROFILE). The implicit `default`
 * environment changes nothing: today's AWS variables hold.
 */
export function scopeEnv(env: Env, environment: Environment | undefined): Env {
  if (!environment?.declared) return env;
  const endpoints = environment.endpoint
    ? Object.fromEntries((Object.keys(env) as (keyof Env)[]).filter((k) => k.startsWith('AWS_ENDPOINT_URL')).map((k) => [k, undefined]))
    : {};
  return { ...env, ...endpoints, AWS_ENDPOINT_URL: environment.endpoint ?? env.AWS_ENDPOINT_URL, AWS_REGION: environment.region, AWS_PROFILE: environment.profile ?? env.AWS_PROFILE };
}

/** The AWS variables of the environment the running code is about (server/environments.ts). */
export function currentAwsEnv(): Env {
  const env = getEnv();
  return scopeEnv(env, currentEnvironment(env));
}

/**
 * Builds a set of clients from a configuration (every call's outcome feeds /access). Credentials
 * come from the default chain unless given (tests give the emulator's dummy ones).
 */
export function createClients(base: Env, given?: { accessKeyId: string; secretAccessKey: string }, environment?: Environment): AwsClients {
  const env = scopeEnv(base, environment);
  // A role to assume: STS, from the profile's (or the default chain's) credentials.
  const assumed = environment?.declared && environment.roleArn
    ? assumeRoleCredentials({ roleArn: environment.roleArn, externalId: environment.externalId, sessionLabel: environment.name, region: environment.region, profile: env.AWS_PROFILE })
    : undefined;
  const common = {
    credentials: given ?? assumed,
    region: regionOf(env),
    profile: env.AWS_PROFILE,
    maxAttempts: 3,
    // `app/eddy` in the User-Agent: the emulator's /_eddy/stats (and CloudTrail) tell Eddy's calls apart.
    userAgentAppId: 'eddy',
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
  };
  const clients: AwsClients = {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpointFor(env, 'DYNAMODB') }),
    // One attempt: Eddy's per-shard read scheduler (server/live/read-scheduler.ts) backs off on
    // LimitExceededException itself; SDK retries behind its back would spend the shard's budget.
    streams: new DynamoDBStreamsClient({ ...common, maxAttempts: 1, endpoint: endpointFor(env, 'DYNAMODB_STREAMS') }),
    sqs: new SQSClient({ ...common, endpoint: endpointFor(env, 'SQS') }),
    sns: new SNSClient({ ...common, endpoint: endpointFor(env, 'SNS') }),
    lambda: new LambdaClient({ ...common, endpoint: endpointFor(env, 'LAMBDA') }),
    cloudwatch: new CloudWatchClient({ ...common, endpoint: endpointFor(env, 'CLOUDWATCH') }),
    logs: new CloudWatchLogsClient({ ...common, endpoint: endpointFor(env, 'CLOUDWATCH_LOGS') }),
  };
  // Every call's outcome feeds /access, and a failure names its IAM action.
  for (const [key, client] of Object.entries(clients)) recordOutcomes(client, iamPrefixOfClient[key] ?? key);
  return clients;
}
