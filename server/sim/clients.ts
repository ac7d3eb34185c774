import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface DemoClientsOptions {
  /** The AWS endpoint, e.g. the emulator's `http://127.0.0.1:4566`. Omitted: the SDK's own resolution. */
  endpoint?: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The SDK's retry budget; its default (3) when omitted. */
  maxAttempts?: number;
}

/** The seven SDK v3 clients the demo system talks to AWS through, nothing else. */
export interface DemoClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  sns: SNSClient;
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  /** The endpoint they were built with, for the optional mapping-progress report (emulator only). */
  endpoint?: string;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/**
 * Builds the demo system's SDK v3 clients, configured exactly as a user's system would be.
 * An explicit `endpoint` also keeps SQS from following QueueUrl origins elsewhere.
 */
export function createDemoClients(options: DemoClientsOptions): DemoClients {
  const common = {
    region: options.region,
    credentials: options.credentials,
    // `app/eddy-demo` in the User-Agent: the emulator's /_eddy/stats tell the demo's reads from Eddy's.
    userAgentAppId: 'eddy-demo',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  };
  const clients = {
    dynamodb: new DynamoDBClient(common),
    streams: new DynamoDBStreamsClient(common),
    sqs: new SQSClient(common),
    sns: new SNSClient(common),
    lambda: new LambdaClient(common),
    cloudwatch: new CloudWatchClient(common),
    logs: new CloudWatchLogsClient(common),
  };
  return {
    ...clients,
    endpoint: options.endpoint,
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
