import { CreateTableCommand, type DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { getClients } from './clients';
import { describeTable } from './dynamodb';

let emu: TestEmulator;
const TABLE = `dynamodb-adapter-${Date.now()}`;
const DROP = 'dynamodb-test-drop';

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  await emu.dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(() => emu?.stop());
afterEach(() => {
  getClients().dynamodb.middlewareStack.remove(DROP);
});

describe('describeTable: counts DynamoDB leaves out are unknown, never 0', () => {
  it('reads the item counts and sizes DynamoDB sends', async () => {
    const table = await describeTable(TABLE);
    expect(table).toMatchObject({ itemCount: 0, sizeBytes: 0 });
    expect(table.indexes?.[0]).toMatchObject({ name: 'by-status', itemCount: 0, sizeBytes: 0 });
  });

  it('leaves ItemCount and the sizes undefined when DescribeTable does not return them', async () => {
    getClients().dynamodb.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const table = (out.output as DescribeTableCommandOutput).Table;
        if (table) {
          delete table.ItemCount;
          delete table.TableSizeBytes;
          for (const index of table.GlobalSecondaryIndexes ?? []) {
            delete index.ItemCount;
            delete index.IndexSizeBytes;
          }
        }
        return out;
      },
      { step: 'initialize', name: DROP },
    );
    const table = await describeTable(TABLE);
    expect(table.name).toBe(TABLE);
    expect(table.itemCount).toBeUndefined();
    expect(table.sizeBytes).toBeUndefined();
    expect(table.indexes?.[0].name).toBe('by-status');
    expect(table.indexes?.[0].itemCount).toBeUndefined();
    expect(table.indexes?.[0].sizeBytes).toBeUndefined();
  });
});
