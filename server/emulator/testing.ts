import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
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
  sns: SNSClient;
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
    sns: new SNSClient(common),
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

/** A hand-made query-protocol request (form in, XML out), as an old SDK or the AWS CLI sends it. */
export async function queryRequest(
  url: string,
  params: Record<string, string | number | boolean>,
  options: { signingName?: string } = {},
): Promise<{ status: number; xml: string; requestId: string | null }> {
  const body = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (options.signingName) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20261201/us-east-1/${options.signingName}/aws4_request, SignedHeaders=host, Signature=0`;
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, xml: await res.text(), requestId: res.headers.get('x-amzn-requestid') };
}

/** Text of every `<name>` element in an XML answer, entities decoded (enough for tests' reads). */
export function xmlValues(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    out.push(m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#xD;/g, '\r').replace(/&amp;/g, '&'));
  }
  return out;
}
