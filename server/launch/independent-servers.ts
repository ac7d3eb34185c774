import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { createSqsServer } from 'local-aws-sqs';
import { getFreePort } from './ports';

/** dynalite ships no types: a function that answers an http.Server. */
const dynalite = createRequire(__filename)('dynalite') as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

export const INDEPENDENT_CREDENTIALS = { accessKeyId: 'AKIDINDEPENDENT', secretAccessKey: 'independent-secret' };
export const INDEPENDENT_REGION = 'us-east-1';

export interface IndependentServers {
  /** local-aws-sqs. */
  sqsUrl: string;
  /** dynalite (no streams: it ignores StreamSpecification). */
  dynamoUrl: string;
  /** A port taken from the OS and released: nothing listens there (Lambda, CloudWatch). */
  deadUrl: string;
  /**
   * The environment a user would run Eddy with against them: one endpoint per service, Lambda,
   * CloudWatch and CloudWatch Logs nowhere.
   */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Closes a server, ending idle keep-alive sockets so that close() resolves at once. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * AWS-compatible servers nobody here wrote, on free ports of 127.0.0.1: `local-aws-sqs` for SQS
 * and `dynalite` for DynamoDB. The adapters' contract tests and the e2e spec run Eddy against them.
 */
export async function startIndependentServers(): Promise<IndependentServers> {
  const [sqsPort, dynamoPort, deadPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
  const sqsServer = await createSqsServer({ port: sqsPort, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      dynamoServer.once('error', reject);
      dynamoServer.listen(dynamoPort, '127.0.0.1', resolve);
    });
  } catch (error) {
    await closeServer(sqsServer);
    throw error;
  }
  const sqsUrl = `http://127.0.0.1:${sqsPort}`;
  const dynamoUrl = `http://127.0.0.1:${dynamoPort}`;
  const deadUrl = `http://127.0.0.1:${deadPort}`;
  return {
    sqsUrl,
    dynamoUrl,
    deadUrl,
    env: {
      AWS_ENDPOINT_URL_SQS: sqsUrl,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoUrl,
      AWS_ENDPOINT_URL_LAMBDA: deadUrl,
      AWS_ENDPOINT_URL_CLOUDWATCH: deadUrl,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: deadUrl,
      AWS_ENDPOINT_URL_SNS: deadUrl,
      AWS_REGION: INDEPENDENT_REGION,
      AWS_ACCESS_KEY_ID: INDEPENDENT_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: INDEPENDENT_CREDENTIALS.secretAccessKey,
    },
    stop: async () => {
      await Promise.all([closeServer(sqsServer), closeServer(dynamoServer)]);
    },
  };
}
