import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { afterAll, beforeAll } from 'vitest';
import { getFreePort } from '../launch/ports';
import { useTestServices } from '../testing';
import { adapterContract } from './adapters.contract';

/** dynalite ships no types: a function that answers an http.Server. */
const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

const credentials = { accessKeyId: 'AKIDINDEPENDENT', secretAccessKey: 'independent-secret' };
let sqsServer: { close(): unknown };
let dynamoServer: Server;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  const [sqsPort, dynamoPort, deadPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
  sqsServer = await createSqsServer({ port: sqsPort, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(dynamoPort, '127.0.0.1', resolve));
  const sqsUrl = `http://127.0.0.1:${sqsPort}`;
  const dynamoUrl = `http://127.0.0.1:${dynamoPort}`;
  // As a user would run Eddy against them: one endpoint per service, Lambda and CloudWatch nowhere.
  useTestServices(
    {
      AWS_ENDPOINT_URL_SQS: sqsUrl,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoUrl,
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${deadPort}`,
      AWS_ENDPOINT_URL_CLOUDWATCH: `http://127.0.0.1:${deadPort}`,
    },
    credentials,
  );
  sqs = new SQSClient({ endpoint: sqsUrl, region: 'us-east-1', credentials });
  dynamodb = new DynamoDBClient({ endpoint: dynamoUrl, region: 'us-east-1', credentials });
});

afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await sqsServer?.close();
  await new Promise((resolve) => (dynamoServer ? dynamoServer.close(resolve) : resolve(undefined)));
});

adapterContract({ name: 'local-aws-sqs and dynalite', sqs: () => sqs, dynamodb: () => dynamodb });
