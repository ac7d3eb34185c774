import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';
import { createTestTable, uniqueTableName } from './test-support';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const base = (name: string): CreateTableCommandInput => ({
  TableName: name,
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
});

describe('CreateTable / DescribeTable', () => {
  it('creates an ACTIVE table and describes every field AWS returns', async () => {
    const name = uniqueTableName('orders');
    const before = emu.clock.now() / 1000;
    const created = await emu.dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 },
      }),
    );
    expect(created.TableDescription).toMatchObject({
      TableName: name,
      TableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`,
      TableStatus: 'ACTIVE',
      ItemCount: 0,
      TableSizeBytes: 0,
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7, NumberOfDecreasesToday: 0 },
      DeletionProtectionEnabled: false,
    });
    expect(created.TableDescription?.TableId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.TableDescription?.CreationDateTime).toBeInstanceOf(Date);
    expect(created.TableDescription!.CreationDateTime!.getTime() / 1000).toBeGreaterThanOrEqual(Math.floor(before));
    expect(created.TableDescription?.StreamSpecification).toBeUndefined();
    expect(created.TableDescription?.BillingModeSummary).toBeUndefined();

    await emu.dynamodb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'Fred' }, sk: { N: '1' } } }));
    const described = await emu.dynamodb.send(new DescribeTableCommand({ TableName: name }));
    expect(described.Table).toMatchObject({ TableName: name, ItemCount: 1, TableSizeBytes: 4 + 2 + 2 + 2 });
    expect(described.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('reports on-demand billing in BillingModeSummary with zero throughput', async () => {
    const name = uniqueTableName();
    const out = await emu.dynamodb.send(new CreateTableCommand(base(name)));
    expect(out.TableDescription?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(out.TableDescription?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
    expect(out.TableDescription?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
  });

  it('creates the stream with the table and describes it', async () => {
    const name = uniqueTableName();
    const out = await emu.dynamodb.send(new CreateTableCommand({ ...base(name), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    const description = out.TableDescription!;
    expect(description.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(description.LatestStreamLabel).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(description.LatestStreamArn).toBe(`${description.TableArn}/stream/${description.LatestStreamLabel}`);
    const stream = await emu.streams.send(new DescribeStreamCommand({ StreamArn: description.LatestStreamArn }));
    expect(stream.StreamDescription).toMatchObject({ TableName: name, StreamViewType: 'NEW_IMAGE', StreamStatus: 'ENABLED' });
  });

  it.each<[string, Partial<CreateTableCommandInput>, string]>([
    ['a short name', { TableName: 'ab' }, "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"],
    ['a bad name', { TableName: 'has space' }, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+'],
    ['a RANGE-first schema', { KeySchema: [{ AttributeName: 'id', KeyType: 'RANGE' }] }, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type'],
    [
      'an undefined key attribute',
      { AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] },
      'Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]',
    ],
    [
      'an extra attribute definition',
      { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'x', AttributeType: 'N' }] },
      'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    ],
    ['provisioned without throughput', { BillingMode: 'PROVISIONED' }, 'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED'],
    [
      'on-demand with throughput',
      { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    ],
    ['a stream without a view type', { StreamSpecification: { StreamEnabled: true } }, 'StreamViewType is required when StreamEnabled is true'],
  ])('refuses %s with a ValidationException', async (_, patch, message) => {
    const input = { ...base(uniqueTableName()), ...patch };
    const error = await emu.dynamodb.send(new CreateTableCommand(input)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain(message);
  });

  it('refuses an existing name with ResourceInUseException', async () => {
    const name = await createTestTable(emu.dynamodb);
    await expect(emu.dynamodb.send(new CreateTableCommand(base(name)))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: `Table already exists: ${name}`,
    });
  });

  it('answers an unknown table with ResourceNotFoundException', async () => {
    await expect(emu.dynamodb.send(new DescribeTableCommand({ TableName: 'no-such-table' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found: Table: no-such-table not found',
    });
    await expect(emu.dynamodb.send(new PutItemCommand({ TableName: 'no-such-table', Item: { id: { S: 'a' } } }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
    });
  });
});

describe('wire types', () => {
  beforeAll(async () => {
    await createTestTable(emu.dynamodb, { name: 'wire-types' });
  });

  async function post(operation: string, body: unknown) {
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, type: ((await res.json()) as { __type: string }).__type };
  }

  it.each<[string, unknown]>([
    ['DescribeTable', { TableName: 5 }],
    ['ListTables', { Limit: '5' }],
    ['PutItem', { TableName: 'wire-types', Item: { pk: { S: 5 } } }],
    ['PutItem', { TableName: 'wire-types', Item: 'not a map' }],
  ])('answers %s with a wrongly typed member with SerializationException', async (operation, body) => {
    expect(await post(operation, body)).toEqual({ status: 400, type: 'com.amazonaws.dynamodb.v20120810#SerializationException' });
  });

  it('answers an operation it does not implement with UnknownOperationException', async () => {
    expect(await post('RestoreTableFromBackup', {})).toEqual({ status: 400, type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException' });
  });
});

describe('ListTables', () => {
  it('pages through table names in order with Limit and ExclusiveStartTableName', async () => {
    const local = await startTestEmulator();
    try {
      const names = ['tbl-c', 'tbl-a', 'tbl-e', 'tbl-b', 'tbl-d'];
      for (const name of names) await local.dynamodb.send(new CreateTableCommand(base(name)));
      const first = await local.dynamodb.send(new ListTablesCommand({ Limit: 2 }));
      expect(first).toMatchObject({ TableNames: ['tbl-a', 'tbl-b'], LastEvaluatedTableName: 'tbl-b' });
      const second = await local.dynamodb.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: 'tbl-b' }));
      expect(second).toMatchObject({ TableNames: ['tbl-c', 'tbl-d'], LastEvaluatedTableName: 'tbl-d' });
      const last = await local.dynamodb.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: 'tbl-d' }));
      expect(last.TableNames).toEqual(['tbl-e']);
      expect(last.LastEvaluatedTableName).toBeUndefined();
      const all = await local.dynamodb.send(new ListTablesCommand({}));
      expect(all.TableNames).toEqual(['tbl-a', 'tbl-b', 'tbl-c', 'tbl-d', 'tbl-e']);
      await expect(local.dynamodb.send(new ListTablesCommand({ Limit: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      await local.stop();
    }
  });
});

describe('DeleteTable', () => {
  it('removes the table and disables its stream, which stays readable', async () => {
    const name = await createTestTable(emu.dynamodb, { stream: 'KEYS_ONLY' });
    const arn = (await emu.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table!.LatestStreamArn!;
    const deleted = await emu.dynamodb.send(new DeleteTableCommand({ TableName: name }));
    expect(deleted.TableDescription).toMatchObject({ TableName: name, TableStatus: 'DELETING' });
    await expect(emu.dynamodb.send(new DescribeTableCommand({ TableName: name }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const stream = await emu.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(['DISABLING', 'DISABLED']).toContain(stream.StreamDescription?.StreamStatus);
    await expect(emu.dynamodb.send(new DeleteTableCommand({ TableName: name }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('UpdateTable', () => {
  it('enables a stream, refuses a second one, disables it, and re-enabling makes a new stream', async () => {
    const name = await createTestTable(emu.dynamodb);
    const enabled = await emu.dynamodb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
    const firstArn = enabled.TableDescription!.LatestStreamArn!;
    expect(enabled.TableDescription?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });

    await expect(
      emu.dynamodb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });

    const disabled = await emu.dynamodb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    expect(disabled.TableDescription?.StreamSpecification).toBeUndefined();
    expect(disabled.TableDescription?.LatestStreamArn).toBe(firstArn);
    await expect(emu.dynamodb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }))).rejects.toMatchObject({
      name: 'ValidationException',
    });

    emu.clock.advance(5); // labels are millisecond timestamps: make sure the new one differs
    const again = await emu.dynamodb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    expect(again.TableDescription?.LatestStreamArn).not.toBe(firstArn);
    const streams = await emu.streams.send(new ListStreamsCommand({ TableName: name }));
    expect(streams.Streams?.map((s) => s.StreamArn).sort()).toEqual([firstArn, again.TableDescription!.LatestStreamArn].sort());
  });

  it('switches billing mode', async () => {
    const name = await createTestTable(emu.dynamodb);
    const out = await emu.dynamodb.send(
      new UpdateTableCommand({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } }),
    );
    expect(out.TableDescription?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
    expect(out.TableDescription?.BillingModeSummary?.BillingMode).toBe('PROVISIONED');
  });

  it('refuses an update that changes nothing', async () => {
    const name = await createTestTable(emu.dynamodb);
    await expect(emu.dynamodb.send(new UpdateTableCommand({ TableName: name }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('UpdateTimeToLive / DescribeTimeToLive', () => {
  it('enables, describes and disables TTL, refusing repeats', async () => {
    const name = await createTestTable(emu.dynamodb);
    expect((await emu.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    const out = await emu.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
    expect(out.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: 'expiresAt' });
    expect((await emu.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
    await expect(
      emu.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
    await emu.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: false, AttributeName: 'expiresAt' } }));
    expect((await emu.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });
});
