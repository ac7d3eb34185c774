import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startEmulator, type Emulator } from '../server/emulator/index';
import { getFreePort } from '../server/launch/ports';
import { expect, test as base } from './fixtures';
import { StreamTablePage } from './pages';

/**
 * A client nobody here wrote: `dynamodb-admin` (npm) pointed at a test emulator lists the tables,
 * scans one and edits an item in Chromium; the edit must reach the emulator, keep the GSI in step
 * and produce a stream record, as it would on AWS.
 */

const CREDENTIALS = { accessKeyId: 'AKIDADMINTEST', secretAccessKey: 'admin-test-secret' };

/** dynamodb-admin on a free port against `endpoint`, once it says it listens; killed if it does not. */
function startAdmin(endpoint: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const cli = path.join(path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('dynamodb-admin/package.json')), 'dist/dynamodb-admin.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port)], {
      env: { ...process.env, DYNAMO_ENDPOINT: endpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`dynamodb-admin did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}` });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynamodb-admin exited (${code}):\n${output}`));
    });
  });
}

async function stopAdmin(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** An emulator of the test's own with `dynamodb-admin` pointed at it; both stopped when the test ends. */
interface DynamodbAdmin {
  /** dynamodb-admin's own address. */
  url: string;
  emulator: Emulator;
  /** A DynamoDB client of the emulator (the test's direct view, past dynamodb-admin). */
  dynamodb: DynamoDBClient;
}

const test = base.extend<{ dynamodbAdmin: DynamodbAdmin }>({
  dynamodbAdmin: async ({}, use) => {
    const emulator = await startEmulator({ port: await getFreePort() });
    const dynamodb = new DynamoDBClient({ endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS });
    let admin: ChildProcess | undefined;
    try {
      const started = await startAdmin(emulator.url, await getFreePort());
      admin = started.child;
      await use({ url: started.url, emulator, dynamodb });
    } finally {
      if (admin) await stopAdmin(admin);
      dynamodb.destroy();
      await emulator.stop();
    }
  },
});

test.describe('dynamodb-admin against the emulator', () => {
  test('lists the tables, scans one and saves an edited item that reaches the emulator and its stream', async ({ page, dynamodbAdmin }) => {
    const { url: adminUrl, emulator, dynamodb } = dynamodbAdmin;
    const TABLE = `e2e-admin-orders-${Date.now()}`;
    await test.step('a table with a GSI and a stream holds three orders', async () => {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: TABLE,
          KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'orderId', AttributeType: 'S' },
            { AttributeName: 'status', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
      for (const [orderId, status, total] of [
        ['o-1', 'PLACED', 12],
        ['o-2', 'PLACED', 30],
        ['o-3', 'PAID', 7],
      ] as const) {
        await dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ orderId, status, total }) }));
      }
    });

    await test.step('the table list shows the emulator’s table', async () => {
      await page.goto(`${adminUrl}/`);
      await expect(page.getByRole('link', { name: TABLE })).toBeVisible();
      await page.getByRole('link', { name: TABLE }).click();
      await expect(page).toHaveURL(new RegExp(`/tables/${TABLE}$`));
    });

    await test.step('the scan shows every item', async () => {
      const rows = page.locator('#items-container tr');
      await expect(rows).toHaveCount(3);
      await expect(page.locator('#items-container')).toContainText('o-2');
    });

    await test.step('an item is edited in the JSON editor and saved', async () => {
      await page.locator('#items-container tr').filter({ hasText: 'o-2' }).getByRole('link', { name: 'View' }).click();
      await expect(page).toHaveURL(/\/items\/o-2$/);
      // The page's Ace editor: ace.edit on the same element returns the instance the page made.
      type Ace = { edit(id: string): { getValue(): string; setValue(v: string): void } };
      await page.waitForFunction(() => typeof (window as unknown as { ace?: Ace }).ace?.edit === 'function');
      const edited = await page.evaluate(() => {
        const editor = (window as unknown as { ace: { edit(id: string): { getValue(): string; setValue(v: string): void } } }).ace.edit('documentTextarea');
        const item = JSON.parse(editor.getValue()) as Record<string, unknown>;
        item.status = 'SHIPPED';
        item.note = 'edited in dynamodb-admin';
        editor.setValue(JSON.stringify(item, null, 2));
        return item;
      });
      expect(edited).toMatchObject({ orderId: 'o-2', total: 30 });
      await page.getByRole('button', { name: 'Save' }).click();
      // The page turns the button green when the PUT succeeded, red-ish with an alert when not.
      await expect(page.locator('#saveButton')).toHaveClass(/btn-success/);
      await expect(page.locator('#error-wrapper .alert')).toHaveCount(0);
    });

    await test.step('the emulator holds the edit, its GSI follows, and the stream has the MODIFY', async () => {
      const item = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: marshall({ orderId: 'o-2' }), ConsistentRead: true }));
      expect(unmarshall(item.Item!)).toEqual({ orderId: 'o-2', status: 'SHIPPED', total: 30, note: 'edited in dynamodb-admin' });
      const shipped = await dynamodb.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: marshall({ ':s': 'SHIPPED' }),
        }),
      );
      expect(shipped.Items!.map((i) => unmarshall(i).orderId)).toEqual(['o-2']);

      const streamArn = (await dynamodb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.LatestStreamArn!;
      const streams = new DynamoDBStreamsClient({ endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS });
      try {
        const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards!;
        const records = [];
        for (const shard of shards) {
          const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
          const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
          records.push(...(page.Records ?? []));
        }
        const modify = records.filter((r) => r.eventName === 'MODIFY');
        expect(modify).toHaveLength(1);
        expect(unmarshall(modify[0].dynamodb!.OldImage! as never)).toMatchObject({ orderId: 'o-2', status: 'PLACED' });
        expect(unmarshall(modify[0].dynamodb!.NewImage! as never)).toMatchObject({ orderId: 'o-2', status: 'SHIPPED', note: 'edited in dynamodb-admin' });
      } finally {
        streams.destroy();
      }
    });
  });
});

test.describe('Eddy shows a table’s indexes', () => {
  test('the demo orders table lists its byStatus GSI on its streams page', async ({ page, demo }) => {
    const orders = new StreamTablePage(page, demo.appUrl, 'orders');
    await orders.goto();
    const row = orders.indexes.getByRole('row').filter({ hasText: 'byStatus' });
    await expect(row).toContainText('global');
    await expect(row).toContainText('status (partition), createdAt (sort)');
    await expect(row).toContainText('INCLUDE customerId, total');
    await expect(row).toContainText('ACTIVE');
  });
});
