import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_TRANSITION_MS } from './index-schema';
import { startDynamoWithRecorder, uniqueTableName } from './test-support';

let env: Awaited<ReturnType<typeof startDynamoWithRecorder>>;
let client: DynamoDBClient;
beforeAll(async () => {
  env = await startDynamoWithRecorder();
  client = env.client;
});
afterAll(async () => {
  await env.stop();
});
beforeEach(() => {
  env.capture.changes.length = 0;
});

/** The reference's orders table: GSI byStatus (status, createdAt) INCLUDE total; LSI byCreated (pk, createdAt) KEYS_ONLY. */
function ordersTable(name: string, overrides: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byStatus',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'byCreated',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
    ...overrides,
  };
}

function order(pk: string, sk: string, fields: { status?: string; createdAt?: number; total?: number; note?: string }): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = { pk: { S: pk }, sk: { S: sk } };
  if (fields.status !== undefined) item.status = { S: fields.status };
  if (fields.createdAt !== undefined) item.createdAt = { N: String(fields.createdAt) };
  if (fields.total !== undefined) item.total = { N: String(fields.total) };
  if (fields.note !== undefined) item.note = { S: fields.note };
  return item;
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    const error = e as Error;
    return { name: error.name, message: error.message };
  }
  throw new Error('expected the call to fail');
}

async function seedOrders(name: string): Promise<void> {
  await client.send(new CreateTableCommand(ordersTable(name)));
  const items = [
    order('c1', 'o1', { status: 'OPEN', createdAt: 30, total: 10, note: 'a' }),
    order('c1', 'o2', { status: 'SHIPPED', createdAt: 10, total: 20, note: 'b' }),
    order('c2', 'o3', { status: 'OPEN', createdAt: 20, total: 30, note: 'c' }),
    order('c2', 'o4', { status: 'OPEN', createdAt: 40, total: 40 }),
    order('c3', 'o5', { note: 'no status: not in byStatus, not in byCreated' }),
  ];
  for (const Item of items) await client.send(new PutItemCommand({ TableName: name, Item }));
}

describe('CreateTable with indexes and DescribeTable', () => {
  it('describes each GSI and LSI with AWS fields, live counts and sizes', async () => {
    const name = uniqueTableName('orders');
    const created = await client.send(new CreateTableCommand(ordersTable(name)));
    const gsi = created.TableDescription!.GlobalSecondaryIndexes![0];
    expect(gsi).toMatchObject({
      IndexName: 'byStatus',
      IndexStatus: 'ACTIVE',
      ItemCount: 0,
      IndexSizeBytes: 0,
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    });
    expect(gsi.IndexArn).toBe(`${created.TableDescription!.TableArn}/index/byStatus`);
    expect(gsi.Backfilling).toBeUndefined();
    const lsi = created.TableDescription!.LocalSecondaryIndexes![0];
    expect(Object.keys(lsi).sort()).toEqual(['IndexArn', 'IndexName', 'IndexSizeBytes', 'ItemCount', 'KeySchema', 'Projection']);

    await client.send(new PutItemCommand({ TableName: name, Item: order('c1', 'o1', { status: 'OPEN', createdAt: 1, total: 5, note: 'xyz' }) }));
    await client.send(new PutItemCommand({ TableName: name, Item: order('c1', 'o2', { note: 'sparse' }) }));
    const described = (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(described.ItemCount).toBe(2);
    const [byStatus] = described.GlobalSecondaryIndexes!;
    expect(byStatus.ItemCount).toBe(1);
    // pk c1 (2+2) + sk o1 (2+2) + status OPEN (6+4) + createdAt 1 (9+2) + total 5 (5+2): note is not projected.
    expect(byStatus.IndexSizeBytes).toBe(4 + 4 + 10 + 11 + 7);
    const [byCreated] = described.LocalSecondaryIndexes!;
    expect(byCreated.ItemCount).toBe(1);
    expect(byCreated.IndexSizeBytes).toBe(4 + 4 + 11);
  });

  it('gives provisioned GSIs their own throughput', async () => {
    const name = uniqueTableName();
    const input = ordersTable(name, { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    input.GlobalSecondaryIndexes![0].ProvisionedThroughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 2 };
    const created = await client.send(new CreateTableCommand(input));
    expect(created.TableDescription!.GlobalSecondaryIndexes![0].ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 1, WriteCapacityUnits: 2 });
  });

  it('refuses bad index definitions with the messages DynamoDB uses', async () => {
    const cases: [Partial<CreateTableCommandInput> | ((input: CreateTableCommandInput) => void), string][] = [
      [
        { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }] },
        'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk, createdAt], AttributeDefinitions: [pk, sk, status]',
      ],
      [
        (input) => input.AttributeDefinitions!.push({ AttributeName: 'extra', AttributeType: 'S' }),
        'One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, status, createdAt, extra], keys used: [pk, sk, createdAt, status]',
      ],
      [{ LocalSecondaryIndexes: [] }, 'One or more parameter values were invalid: List of LocalSecondaryIndexes is empty'],
      [
        (input) => {
          input.GlobalSecondaryIndexes = [];
          input.AttributeDefinitions = input.AttributeDefinitions!.filter((d) => d.AttributeName !== 'status');
        },
        'One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty',
      ],
      [
        (input) => (input.LocalSecondaryIndexes![0].KeySchema = [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'createdAt', KeyType: 'RANGE' }]),
        'One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: byCreated. index hash key: status, table hash key: pk',
      ],
      [
        (input) => (input.LocalSecondaryIndexes![0].IndexName = 'byStatus'),
        'One or more parameter values were invalid: Duplicate index name: byStatus',
      ],
      [
        (input) => (input.GlobalSecondaryIndexes![0].ProvisionedThroughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }),
        'One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: byStatus when BillingMode is PAY_PER_REQUEST',
      ],
      [
        (input) => (input.LocalSecondaryIndexes![0].Projection = { ProjectionType: 'KEYS_ONLY', NonKeyAttributes: ['total'] }),
        'One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified',
      ],
      [
        (input) => (input.GlobalSecondaryIndexes![0].Projection = {}),
        'One or more parameter values were invalid: Unknown ProjectionType: null',
      ],
      [
        (input) => (input.GlobalSecondaryIndexes![0].IndexName = 'ab'),
        "1 validation error detected: Value 'ab' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ],
    ];
    for (const [change, message] of cases) {
      const input = ordersTable(uniqueTableName());
      if (typeof change === 'function') change(input);
      else Object.assign(input, change);
      expect(await errorOf(client.send(new CreateTableCommand(input))), message).toEqual({ name: 'ValidationException', message });
    }
    const hashOnly: CreateTableCommandInput = {
      TableName: uniqueTableName(),
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'createdAt', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      LocalSecondaryIndexes: [{ IndexName: 'byCreated', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'createdAt', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
    };
    expect((await errorOf(client.send(new CreateTableCommand(hashOnly)))).message).toBe(
      'One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex',
    );
  });
});

describe('writes on a table with indexes', () => {
  it('keeps a sparse GSI in step with puts, updates and deletes, and writes one stream record per change', async () => {
    const name = uniqueTableName('orders');
    await seedOrders(name);
    expect(env.capture.changes).toHaveLength(5);
    const statuses = async () => {
      const out = await client.send(new ScanCommand({ TableName: name, IndexName: 'byStatus' }));
      return out.Items!.map((i) => `${i.sk.S}:${i.status.S}`).sort();
    };
    expect(await statuses()).toEqual(['o1:OPEN', 'o2:SHIPPED', 'o3:OPEN', 'o4:OPEN']);
    await client.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: 'c1' }, sk: { S: 'o1' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'SHIPPED' } },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: 'c2' }, sk: { S: 'o4' } },
        UpdateExpression: 'REMOVE #s',
        ExpressionAttributeNames: { '#s': 'status' },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'c2' }, sk: { S: 'o3' } } }));
    await client.send(new PutItemCommand({ TableName: name, Item: order('c3', 'o5', { status: 'OPEN', createdAt: 50 }) }));
    expect(await statuses()).toEqual(['o1:SHIPPED', 'o2:SHIPPED', 'o5:OPEN']);
    // Index maintenance adds no stream records: one per item change only.
    expect(env.capture.changes.map((c) => c.change.eventName)).toEqual(['INSERT', 'INSERT', 'INSERT', 'INSERT', 'INSERT', 'MODIFY', 'MODIFY', 'REMOVE', 'MODIFY']);
    const described = (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(described.GlobalSecondaryIndexes![0].ItemCount).toBe(3);
  });

  it('rejects an index key of the wrong type or empty, and writes nothing', async () => {
    const name = uniqueTableName('orders');
    await client.send(new CreateTableCommand(ordersTable(name)));
    const wrongType = { ...order('c1', 'o1', {}), status: { N: '1' } };
    expect(await errorOf(client.send(new PutItemCommand({ TableName: name, Item: wrongType })))).toEqual({
      name: 'ValidationException',
      message: 'One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus',
    });
    const empty = { ...order('c1', 'o1', { createdAt: 1 }), status: { S: '' } };
    expect((await errorOf(client.send(new PutItemCommand({ TableName: name, Item: empty })))).message).toBe(
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byStatus, IndexKey: status',
    );
    expect((await client.send(new DescribeTableCommand({ TableName: name }))).Table!.ItemCount).toBe(0);
    expect(env.capture.changes).toHaveLength(0);
  });

  it('charges each index its write units with ReturnConsumedCapacity INDEXES', async () => {
    const name = uniqueTableName('orders');
    await client.send(new CreateTableCommand(ordersTable(name)));
    const out = await client.send(
      new PutItemCommand({ TableName: name, Item: order('c1', 'o1', { status: 'OPEN', createdAt: 1 }), ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(out.ConsumedCapacity).toEqual({
      TableName: name,
      CapacityUnits: 3,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 1 } },
      LocalSecondaryIndexes: { byCreated: { CapacityUnits: 1 } },
    });
  });
});

describe('Query and Scan with IndexName', () => {
  let name: string;
  beforeAll(async () => {
    name = uniqueTableName('orders');
    await seedOrders(name);
  });

  it('queries a GSI by its own keys, in index sort order, returning projected attributes and both keys', async () => {
    const out = await client.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s AND createdAt > :t',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'OPEN' }, ':t': { N: '15' } },
      }),
    );
    expect(out.Items!.map((i) => i.sk.S)).toEqual(['o3', 'o1', 'o4']);
    expect(Object.keys(out.Items![0]).sort()).toEqual(['createdAt', 'pk', 'sk', 'status', 'total']);
    const backward = await client.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'OPEN' } },
        ScanIndexForward: false,
      }),
    );
    expect(backward.Items!.map((i) => i.sk.S)).toEqual(['o4', 'o1', 'o3']);
  });

  it('pages an index query with LastEvaluatedKey holding the table key and the index key', async () => {
    const seen: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    const keys: string[][] = [];
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: name,
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'OPEN' } },
          Limit: 1,
          ExclusiveStartKey: start,
        }),
      );
      seen.push(...page.Items!.map((i) => i.sk.S!));
      start = page.LastEvaluatedKey;
      if (start) keys.push(Object.keys(start).sort());
    } while (start);
    expect(seen).toEqual(['o3', 'o1', 'o4']);
    expect(keys[0]).toEqual(['createdAt', 'pk', 'sk', 'status']);
    expect(
      (
        await errorOf(
          client.send(
            new QueryCommand({
              TableName: name,
              IndexName: 'byStatus',
              KeyConditionExpression: '#s = :s',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': { S: 'OPEN' } },
              ExclusiveStartKey: { pk: { S: 'c1' }, sk: { S: 'o1' } },
            }),
          ),
        )
      ).message,
    ).toBe('The provided starting key is invalid: The provided key element does not match the schema');
  });

  it('reads an LSI consistently, and fetches unprojected attributes from the table when asked', async () => {
    const keysOnly = await client.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byCreated',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'c1' } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(keysOnly.Items!.map((i) => [i.sk.S, Object.keys(i).sort().join(',')])).toEqual([
      ['o2', 'createdAt,pk,sk'],
      ['o1', 'createdAt,pk,sk'],
    ]);
    expect(keysOnly.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 1, Table: { CapacityUnits: 0 }, LocalSecondaryIndexes: { byCreated: { CapacityUnits: 1 } } });
    const all = await client.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byCreated',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'c1' } },
        Select: 'ALL_ATTRIBUTES',
      }),
    );
    expect(all.Items!.map((i) => i.note?.S)).toEqual(['b', 'a']);
  });

  it('refuses what AWS refuses on index reads', async () => {
    const base = {
      TableName: name,
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: 'OPEN' } },
    };
    const cases: [Promise<unknown>, string][] = [
      [client.send(new QueryCommand({ ...base, IndexName: 'nope' })), 'The table does not have the specified index: nope'],
      [client.send(new QueryCommand({ ...base, IndexName: 'byStatus', ConsistentRead: true })), 'Consistent reads are not supported on global secondary indexes'],
      [client.send(new ScanCommand({ TableName: name, IndexName: 'byStatus', ConsistentRead: true })), 'Consistent reads are not supported on global secondary indexes'],
      [
        client.send(new QueryCommand({ ...base, IndexName: 'byStatus', Select: 'ALL_ATTRIBUTES' })),
        'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL',
      ],
      [client.send(new QueryCommand({ ...base, Select: 'ALL_PROJECTED_ATTRIBUTES' })), 'One or more parameter values were invalid: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName'],
      [
        client.send(new QueryCommand({ TableName: name, IndexName: 'byStatus', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'c1' } } })),
        'Query condition missed key schema element: status',
      ],
    ];
    for (const [call, message] of cases) expect(await errorOf(call)).toEqual({ name: 'ValidationException', message });
  });

  it('scans an index in pages, skipping items the sparse index does not hold', async () => {
    const seen: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: name, IndexName: 'byCreated', Limit: 2, ExclusiveStartKey: start }));
      seen.push(...page.Items!.map((i) => i.sk.S!));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen.sort()).toEqual(['o1', 'o2', 'o3', 'o4']);
  });
});

describe('UpdateTable GlobalSecondaryIndexUpdates', () => {
  it('creates a GSI online: CREATING and backfilling, unreadable, then ACTIVE with the existing items', async () => {
    const name = uniqueTableName('orders');
    await seedOrders(name);
    const updated = await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'note', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byNote', KeySchema: [{ AttributeName: 'note', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
      }),
    );
    expect(updated.TableDescription!.TableStatus).toBe('UPDATING');
    const creating = updated.TableDescription!.GlobalSecondaryIndexes!.find((i) => i.IndexName === 'byNote')!;
    expect(creating).toMatchObject({ IndexStatus: 'CREATING', Backfilling: true });
    const query = () =>
      client.send(new QueryCommand({ TableName: name, IndexName: 'byNote', KeyConditionExpression: 'note = :n', ExpressionAttributeValues: { ':n': { S: 'b' } } }));
    expect((await errorOf(query())).message).toBe('Cannot read from backfilling global secondary index: byNote');
    expect(
      await errorOf(
        client.send(
          new UpdateTableCommand({
            TableName: name,
            GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byStatus' } }],
          }),
        ),
      ),
    ).toEqual({ name: 'LimitExceededException', message: 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table' });

    env.clock.advance(INDEX_TRANSITION_MS);
    const described = (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(described.TableStatus).toBe('ACTIVE');
    const active = described.GlobalSecondaryIndexes!.find((i) => i.IndexName === 'byNote')!;
    expect(active.IndexStatus).toBe('ACTIVE');
    expect(active.Backfilling).toBeUndefined();
    expect(active.ItemCount).toBe(4);
    expect(described.AttributeDefinitions!.map((d) => d.AttributeName)).toContain('note');
    const found = await query();
    expect(found.Items).toEqual([order('c1', 'o2', { status: 'SHIPPED', createdAt: 10, total: 20, note: 'b' })]);
  });

  it('deletes a GSI: DELETING, unreadable, then gone with its now unused attribute definitions', async () => {
    const name = uniqueTableName('orders');
    await seedOrders(name);
    const updated = await client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byStatus' } }] }));
    expect(updated.TableDescription!.GlobalSecondaryIndexes![0].IndexStatus).toBe('DELETING');
    expect((await errorOf(client.send(new ScanCommand({ TableName: name, IndexName: 'byStatus' })))).message).toBe('The table does not have the specified index: byStatus');
    env.clock.advance(INDEX_TRANSITION_MS);
    const described = (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(described.GlobalSecondaryIndexes).toBeUndefined();
    expect(described.AttributeDefinitions!.map((d) => d.AttributeName)).toEqual(['pk', 'sk', 'createdAt']);
  });

  it('validates updates as AWS does and changes nothing when one is invalid', async () => {
    const name = uniqueTableName('orders');
    await seedOrders(name);
    const create = (indexName: string, attribute = 'note', type: 'S' | 'N' = 'S') => ({
      Create: { IndexName: indexName, KeySchema: [{ AttributeName: attribute, KeyType: 'HASH' as const }], Projection: { ProjectionType: 'KEYS_ONLY' as const } },
      definition: { AttributeName: attribute, AttributeType: type },
    });
    const cases: [UpdateTableCommand, { name: string; message: string }][] = [
      [
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: [create('first').definition],
          GlobalSecondaryIndexUpdates: [{ Create: create('first').Create }, { Create: create('second').Create }],
        }),
        { name: 'LimitExceededException', message: 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table' },
      ],
      [
        new UpdateTableCommand({ TableName: name, AttributeDefinitions: [create('byCreated').definition], GlobalSecondaryIndexUpdates: [{ Create: create('byCreated').Create }] }),
        { name: 'ValidationException', message: 'One or more parameter values were invalid: Index with name: byCreated already exists' },
      ],
      [
        new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Create: create('byNote').Create }] }),
        {
          name: 'ValidationException',
          message: 'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [note], AttributeDefinitions: []',
        },
      ],
      [
        new UpdateTableCommand({ TableName: name, AttributeDefinitions: [create('x', 'createdAt', 'S').definition], GlobalSecondaryIndexUpdates: [{ Create: create('byX', 'createdAt').Create }] }),
        {
          name: 'ValidationException',
          message:
            'One or more parameter values were invalid: Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: Schema:[SchemaElement: key{createdAt:N}] New schema: Schema:[SchemaElement: key{createdAt:S}]',
        },
      ],
      [new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'missing' } }] }), { name: 'ResourceNotFoundException', message: 'Requested resource not found: Index: missing not found' }],
      [
        new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{}] }),
        {
          name: 'ValidationException',
          message: 'One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null',
        },
      ],
    ];
    for (const [command, expected] of cases) expect(await errorOf(client.send(command))).toEqual(expected);
    const described = (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(described.TableStatus).toBe('ACTIVE');
    expect(described.GlobalSecondaryIndexes!.map((i) => i.IndexName)).toEqual(['byStatus']);
  });
});
