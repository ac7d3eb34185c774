import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startApp, type RunningApp } from '../server/launch/app';
import { INDEPENDENT_CREDENTIALS, INDEPENDENT_REGION, startIndependentServers, type IndependentServers } from '../server/launch/independent-servers';
import { getFreePort } from '../server/launch/ports';
import { expect, test as base } from './fixtures';
import { QueuePage, queueMessages } from './pages';

/**
 * Eddy run as a user would against AWS-compatible servers nobody here wrote: `local-aws-sqs` for
 * SQS, `dynalite` for DynamoDB, Lambda and CloudWatch on a closed port.
 */

const MAX_RECEIVES = 2;

/** The servers, clients of them, and the dashboard pointed at them: one set per worker. */
interface Independent {
  servers: IndependentServers;
  app: RunningApp;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
}

interface Queue {
  name: string;
  url: string;
}

/** Uniquely named queues and tables on the independent servers, deleted when the test ends, passed or failed. */
interface IndependentResources {
  /** A table `<label>-table-<suffix>` holding one order. */
  table(label: string): Promise<string>;
  /** A source `<label>-<suffix>` whose RedrivePolicy sends to `<…>-dlq` after MAX_RECEIVES receives, with nothing in either. */
  pair(label: string): Promise<{ source: Queue; dlq: Queue }>;
  /**
   * A pair whose DLQ holds `moved` dead letters (o-1 … o-n, received past maxReceiveCount on the
   * source) and, with `direct`, o-<n+1> sent straight to the DLQ.
   */
  deadLetters(label: string, moved: number, options?: { direct?: boolean }): Promise<{ source: Queue; dlq: Queue }>;
}

async function depth(sqs: SQSClient, url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
}

const test = base.extend<{ indieResources: IndependentResources }, { indie: Independent }>({
  indie: [
    async ({}, use) => {
      const servers = await startIndependentServers();
      const sqs = new SQSClient({ endpoint: servers.sqsUrl, region: INDEPENDENT_REGION, credentials: INDEPENDENT_CREDENTIALS });
      const dynamodb = new DynamoDBClient({ endpoint: servers.dynamoUrl, region: INDEPENDENT_REGION, credentials: INDEPENDENT_CREDENTIALS });
      let app: RunningApp | undefined;
      try {
        app = await startApp({ port: await getFreePort(), env: { ...servers.env, AWS_ENDPOINT_URL: undefined, AWS_PROFILE: undefined, EDDY_DATA_DIR: `.eddy/test-indie-${process.pid}` } });
        await use({ servers, app, sqs, dynamodb });
      } finally {
        await app?.stop();
        sqs.destroy();
        dynamodb.destroy();
        await servers.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],

  indieResources: async ({ indie: { sqs, dynamodb } }, use) => {
    const queues: Queue[] = [];
    const tables: string[] = [];
    let n = 0;
    const suffix = () => `${Date.now()}-${n++}`;
    const createQueue = async (name: string, attributes?: Record<string, string>): Promise<Queue> => {
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl as string;
      queues.push({ name, url });
      return { name, url };
    };
    const pair = async (label: string) => {
      const name = `indie-${label}-${suffix()}`;
      const dlq = await createQueue(`${name}-dlq`, { MessageRetentionPeriod: '1209600' });
      const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
      const source = await createQueue(name, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVES }) });
      return { source, dlq };
    };
    await use({
      async table(label) {
        const name = `indie-${label}-table-${suffix()}`;
        await dynamodb.send(
          new CreateTableCommand({
            TableName: name,
            AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
        tables.push(name);
        await dynamodb.send(new PutItemCommand({ TableName: name, Item: { orderId: { S: 'o-1' }, status: { S: 'PLACED' } } }));
        return name;
      },
      pair,
      async deadLetters(label, moved, { direct = false } = {}) {
        const { source, dlq } = await pair(label);
        for (let i = 1; i <= moved; i++) await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: JSON.stringify({ orderId: `o-${i}` }) }));
        // Received past maxReceiveCount (each receive released at once): the server moves them to the DLQ.
        await expect
          .poll(
            async () => {
              await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
              return depth(sqs, dlq.url);
            },
            { timeout: 30_000 },
          )
          .toBe(moved);
        // One sent straight to the DLQ carries no DeadLetterQueueSourceArn on any server, so its
        // source is the DLQ's only source queue as ListDeadLetterSourceQueues names it.
        if (direct) await sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: JSON.stringify({ orderId: `o-${moved + 1}` }) }));
        return { source, dlq };
      },
    });
    // Sources before their DLQs.
    for (const queue of queues.reverse()) await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url })).catch(() => undefined);
    for (const table of tables) await dynamodb.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  },
});

test('home names what is missing and shows the tables and queues it can read', async ({ page, indie, indieResources }) => {
  const { dlq } = await indieResources.deadLetters('home', 4, { direct: true });
  const table = await indieResources.table('home');
  await page.goto(indie.app.url);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  const gaps = page.getByTestId('gaps').first();
  await expect(gaps).toContainText('Lambda is not reachable');
  await expect(page.getByText(dlq.name).first()).toBeVisible();
  await expect(page.getByText(table).first()).toBeVisible();
  // The header names both endpoints: SQS at one place, DynamoDB at another.
  const header = page.getByRole('banner');
  await expect(header).toContainText(new URL(indie.servers.sqsUrl).host);
  await expect(header).toContainText(new URL(indie.servers.dynamoUrl).host);
});

test('/queues lists the source and its DLQ', async ({ page, indie, indieResources }) => {
  const { source, dlq } = await indieResources.pair('list');
  await page.goto(`${indie.app.url}/queues`);
  await expect(page.getByRole('heading', { name: 'Queues', level: 1 })).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await expect(page.getByRole('link', { name: source.name, exact: true }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: dlq.name, exact: true }).first()).toBeVisible();
});

test('the DLQ page shows real receive counts, sent times and the source; redrive selected goes to the only source', async ({ page, indie, indieResources }) => {
  const { sqs } = indie;
  const { source, dlq } = await indieResources.deadLetters('dlq', 4, { direct: true });
  const dlqPage = new QueuePage(page, indie.app.url, dlq.name);
  const messages = queueMessages(page);
  await dlqPage.goto();
  await expect(messages.rows).toHaveCount(6);
  const direct5 = messages.row('"o-5"');
  const row = messages.row('"o-1"');
  let receives = 0;

  await test.step('each dead letter names its source, the direct one too', async () => {
    await expect(direct5.getByRole('cell').nth(4)).toHaveText(source.name);
    await expect(direct5.getByRole('cell').nth(4)).toHaveAttribute('title', /only source queue/);
    // local-aws-sqs starts a dead letter's count afresh in the DLQ (AWS carries it over): Eddy's own
    // browse is its first receive there. Whatever the server counts is what the page shows.
    receives = Number((await row.getByRole('cell').nth(3).getByTestId('receives').innerText()).trim());
    expect(Number.isInteger(receives) && receives >= 1).toBe(true);
    await expect(row.getByRole('cell').nth(4)).toHaveText(source.name);
    await expect(messages.table.locator('[data-unknown]')).toHaveCount(0);
  });

  await test.step('the detail shows the server’s receive count, a real sent time and the retention clock', async () => {
    await row.getByRole('button').first().click();
    const detail = page.getByRole('region', { name: /^Message / });
    await expect(detail.getByTestId('receive-count')).toHaveText(String(receives));
    // The server's own count, read past Eddy: one more than the page showed (this receive), or more.
    const direct = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, AttributeNames: ['All'] }));
    const o1 = direct.Messages?.find((m) => m.Body === '{"orderId":"o-1"}');
    expect(Number(o1?.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(receives + 1);
    const sent = detail.getByRole('definition').nth(1);
    await expect(sent).toContainText(String(new Date().getFullYear()));
    await expect(sent).not.toContainText('1970');
    await expect(detail.getByTestId('expiry-clock')).toContainText('retention counted from the original sent time');
    await expect(detail.getByTestId('expiry-clock')).not.toContainText('expired');
  });

  await test.step('redrive selected sends o-1 and the direct o-5 to the only source', async () => {
    await row.getByRole('checkbox').check();
    await direct5.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Redrive selected (2)' }).click();
    await page.getByRole('dialog', { name: /^Redrive \d+ selected/ }).getByRole('button', { name: /^Redrive \d+/ }).click();
    const outcomes = page.getByRole('list', { name: 'Redrive outcomes' });
    await expect(outcomes.getByRole('listitem').filter({ hasText: `redriven to ${source.name}` })).toHaveCount(2);
    await expect(messages.rows).toHaveCount(4);
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }));
    expect((back.Messages ?? []).map((m) => m.Body).sort()).toEqual(['{"orderId":"o-1"}', '{"orderId":"o-5"}']);
  });
});

test('redrive all moves the rest back with the server’s message move task', async ({ page, indie, indieResources }) => {
  const { sqs } = indie;
  const { source, dlq } = await indieResources.deadLetters('all', 3);
  const dlqPage = new QueuePage(page, indie.app.url, dlq.name);
  await dlqPage.goto();
  await expect(queueMessages(page).rows).toHaveCount(4);
  await test.step('start a redrive of everything without the canary', async () => {
    await page.getByRole('button', { name: 'Redrive', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Redrive ${dlq.name}` });
    await expect(dialog.getByTestId('redrive-plan')).toContainText(new RegExp(`messages? → ${source.name}`));
    // The canary is on by default; here the server's own move task is what is tested.
    await dialog.getByRole('checkbox', { name: /Canary/ }).uncheck();
    await dialog.getByRole('button', { name: 'Start redrive' }).click();
    await expect(dialog).toBeHidden();
  });
  await test.step('the move task completes', async () => {
    await expect(page.getByTestId('redrive-status')).toHaveText('Completed', { timeout: 45_000 });
  });
  await expect.poll(() => depth(sqs, dlq.url), { timeout: 30_000 }).toBe(0);
  // o-1, o-2 and o-3: every dead letter is back on its source.
  await expect.poll(() => depth(sqs, source.url), { timeout: 30_000 }).toBe(3);
});
