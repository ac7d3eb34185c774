import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startApp, type RunningApp } from '../server/launch/app';
import { INDEPENDENT_CREDENTIALS, INDEPENDENT_REGION, startIndependentServers, type IndependentServers } from '../server/launch/independent-servers';
import { getFreePort } from '../server/launch/ports';
import { expect, test } from './fixtures';

/**
 * Eddy run as a user would against AWS-compatible servers nobody here wrote: `local-aws-sqs` for
 * SQS, `dynalite` for DynamoDB, Lambda and CloudWatch on a closed port.
 */
let servers: IndependentServers;
let app: RunningApp;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
const SOURCE = 'indie-orders';
const DLQ = 'indie-orders-dlq';
const TABLE = 'indie-orders-table';
const MAX_RECEIVES = 2;

async function depth(url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
}

let sourceUrl: string;
let dlqUrl: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  servers = await startIndependentServers();
  sqs = new SQSClient({ endpoint: servers.sqsUrl, region: INDEPENDENT_REGION, credentials: INDEPENDENT_CREDENTIALS });
  dynamodb = new DynamoDBClient({ endpoint: servers.dynamoUrl, region: INDEPENDENT_REGION, credentials: INDEPENDENT_CREDENTIALS });

  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { orderId: { S: 'o-1' }, status: { S: 'PLACED' } } }));

  dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: DLQ, Attributes: { MessageRetentionPeriod: '1209600' } }))).QueueUrl as string;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
  sourceUrl = (
    await sqs.send(new CreateQueueCommand({ QueueName: SOURCE, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVES }) } }))
  ).QueueUrl as string;
  for (const n of [1, 2, 3, 4]) await sqs.send(new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: JSON.stringify({ orderId: `o-${n}` }) }));
  // Received past maxReceiveCount (each receive released at once): the server moves them to the DLQ.
  await expect
    .poll(
      async () => {
        await sqs.send(new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
        return depth(dlqUrl);
      },
      { timeout: 30_000 },
    )
    .toBe(4);
  // One sent straight to the DLQ: it carries no DeadLetterQueueSourceArn on any server, so its
  // source is the DLQ's only source queue as ListDeadLetterSourceQueues names it.
  await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify({ orderId: 'o-5' }) }));

  app = await startApp({ port: await getFreePort(), env: { ...servers.env, AWS_ENDPOINT_URL: undefined, AWS_PROFILE: undefined, EDDY_DATA_DIR: `.eddy/test-indie-${process.pid}` } });
});

test.afterAll(async () => {
  await app?.stop();
  sqs?.destroy();
  dynamodb?.destroy();
  await servers?.stop();
});

test('home names what is missing and shows the tables and queues it can read', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  const gaps = page.getByTestId('gaps').first();
  await expect(gaps).toContainText('Lambda is not reachable');
  await expect(page.getByText(DLQ).first()).toBeVisible();
  await expect(page.getByText(TABLE).first()).toBeVisible();
  // The header names both endpoints: SQS at one place, DynamoDB at another.
  const header = page.getByRole('banner');
  await expect(header).toContainText(new URL(servers.sqsUrl).host);
  await expect(header).toContainText(new URL(servers.dynamoUrl).host);
});

test('/queues lists the source and its DLQ', async ({ page }) => {
  await page.goto(`${app.url}/queues`);
  await expect(page.getByRole('heading', { name: 'Queues', level: 1 })).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await expect(page.getByRole('link', { name: SOURCE, exact: true }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: DLQ, exact: true }).first()).toBeVisible();
});

test('the DLQ page shows real receive counts, sent times and the source; redrive selected goes to the only source', async ({ page }) => {
  await page.goto(`${app.url}/queues/${DLQ}`);
  await expect(page.getByRole('heading', { name: DLQ, level: 1 })).toBeVisible();
  const messages = page.getByRole('table', { name: 'Messages' });
  await expect(messages.getByRole('row')).toHaveCount(6);
  const direct5 = messages.getByRole('row').filter({ hasText: '"o-5"' });
  await expect(direct5.getByRole('cell').nth(4)).toHaveText(SOURCE);
  await expect(direct5.getByRole('cell').nth(4)).toHaveAttribute('title', /only source queue/);
  const row = messages.getByRole('row').filter({ hasText: '"o-1"' });
  // local-aws-sqs starts a dead letter's count afresh in the DLQ (AWS carries it over): Eddy's own
  // browse is its first receive there. Whatever the server counts is what the page shows.
  const receives = Number((await row.getByRole('cell').nth(3).innerText()).trim());
  expect(Number.isInteger(receives) && receives >= 1).toBe(true);
  await expect(row.getByRole('cell').nth(4)).toHaveText(SOURCE);
  await expect(messages.locator('[data-unknown]')).toHaveCount(0);

  await row.getByRole('button').first().click();
  const detail = page.getByRole('region', { name: /^Message / });
  await expect(detail.getByTestId('receive-count')).toHaveText(String(receives));
  // The server's own count, read past Eddy: one more than the page showed (this receive), or more.
  const direct = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, AttributeNames: ['All'] }));
  const o1 = direct.Messages?.find((m) => m.Body === '{"orderId":"o-1"}');
  expect(Number(o1?.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(receives + 1);
  const sent = detail.getByRole('definition').nth(1);
  await expect(sent).toContainText(String(new Date().getFullYear()));
  await expect(sent).not.toContainText('1970');
  await expect(detail.getByTestId('expiry-clock')).toContainText('retention counted from the original sent time');
  await expect(detail.getByTestId('expiry-clock')).not.toContainText('expired');

  await row.getByRole('checkbox').check();
  await direct5.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Redrive selected (2)' }).click();
  await page.getByRole('dialog', { name: /^Redrive \d+ selected/ }).getByRole('button', { name: /^Redrive \d+/ }).click();
  const outcomes = page.getByRole('list', { name: 'Redrive outcomes' });
  await expect(outcomes.getByRole('listitem').filter({ hasText: `redriven to ${SOURCE}` })).toHaveCount(2);
  await expect(messages.getByRole('row')).toHaveCount(4);
  const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }));
  expect((back.Messages ?? []).map((m) => m.Body).sort()).toEqual(['{"orderId":"o-1"}', '{"orderId":"o-5"}']);
});

test('redrive all moves the rest back with the server’s message move task', async ({ page }) => {
  await page.goto(`${app.url}/queues/${DLQ}`);
  await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row')).toHaveCount(4);
  await page.getByRole('button', { name: 'Redrive', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Redrive ${DLQ}` });
  await expect(dialog.getByTestId('redrive-plan')).toContainText(new RegExp(`messages? → ${SOURCE}`));
  // The canary is on by default; here the server's own move task is what is tested.
  await dialog.getByRole('checkbox', { name: /Canary/ }).uncheck();
  await dialog.getByRole('button', { name: 'Start redrive' }).click();
  await expect(dialog).toBeHidden();
  await test.step('the move task completes', async () => {
    await expect(page.getByTestId('redrive-status')).toHaveText('Completed', { timeout: 45_000 });
  });
  await expect.poll(() => depth(dlqUrl), { timeout: 30_000 }).toBe(0);
  // o-1 and o-5 (redriven selected, still held by the receive above) and o-2, o-3, o-4.
  await expect.poll(() => depth(sourceUrl), { timeout: 30_000 }).toBe(5);
});
