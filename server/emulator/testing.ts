import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startEmulator, type Emulator, type StartEmulatorOptions } from './index';

/** Dummy credentials: the emulator does not check signatures, but the SDK will not send unsigned. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

export interface TestEmulator extends Emulator {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  /** POST/GET/DELETE on the emulator's `/_eddy/` control endpoints. */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
}

/**
 * Starts an emulator on a free port with real SDK v3 clients pointed at it, for contract tests.
 * Clients retry once at most, so a test of an error sees it quickly.
 */
export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  const common = { endpoint: emulator.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const clients = {
    dynamodb: new DynamoDBClient(common),
    streams: new DynamoDBStreamsClient(common),
    sqs: new SQSClient(common),
    lambda: new LambdaClient(common),
    cloudwatch: new CloudWatchClient(common),
    logs: new CloudWatchLogsClient(common),
  };
  return {
    ...emulator,
    ...clients,
    async control(method, path, body) {
      const res = await fetch(`${emulator.url}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.json();
    },
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
      await emulator.stop();
    },
  };
}
