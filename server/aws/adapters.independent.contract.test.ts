import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll } from 'vitest';
import { INDEPENDENT_CREDENTIALS, INDEPENDENT_REGION, startIndependentServers, type IndependentServers } from '../launch/independent-servers';
import { useTestServices } from '../testing';
import { adapterContract } from './adapters.contract';

let servers: IndependentServers;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  servers = await startIndependentServers();
  // As a user would run Eddy against them: one endpoint per service, Lambda and CloudWatch nowhere.
  useTestServices(servers.env, INDEPENDENT_CREDENTIALS);
  sqs = new SQSClient({ endpoint: servers.sqsUrl, region: INDEPENDENT_REGION, credentials: INDEPENDENT_CREDENTIALS });
  dynamodb = new DynamoDBClient({ endpoint: servers.dynamoUrl, region: INDEPENDENT_REGION, credentials: INDEPENDENT_CREDENTIALS });
});

afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await servers?.stop();
});

adapterContract({ name: 'local-aws-sqs and dynalite', sqs: () => sqs, dynamodb: () => dynamodb });
