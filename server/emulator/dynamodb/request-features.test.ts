import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestTable, startDynamoWithRecorder } from './test-support';

let env: Awaited<ReturnType<typeof startDynamoWithRecorder>>;
let client: DynamoDBClient;
let table: string; // pk (S), stream on
let ranged: string; // pk (S) + sk (N)
beforeAll(async () => {
  env = await startDynamoWithRecorder();
  client = env.client;
  table = await createTestTable(client, { stream: 'NEW_AND_OLD_IMAGES' });
  ranged = await createTestTable(client, { sortKeyType: 'N' });
});
afterAll(async () => {
  await env.stop();
});
beforeEach(() => {
  env.capture.changes.length = 0;
});

/** An item of exactly `bytes` bytes by DynamoDB's size rule: pk 'a' (3 bytes) + d (1) + the string. */
const sized = (pk: string, bytes: number) => ({ pk: { S: pk }, d: { S: 'x'.repeat(bytes - 3 - pk.length) } });

describe('ReturnConsumedCapacity', () => {
  it('is absent unless asked for, and refuses an unknown mode with the enum message', async () => {
    const out = await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'plain' } } }));
    expect(out.ConsumedCapacity).toBeUndefined();
    await expect(
      client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'plain' } }, ReturnConsumedCapacity: 'ALL' as never })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
    });
  });

  it('charges writes in 1 KB units of the larger of the old and new item', async () => {
    const put = (bytes: number) => client.send(new PutItemCommand({ TableName: table, Item: sized('w', bytes), ReturnConsumedCapacity: 'TOTAL' }));
    expect((await put(1024)).ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
    expect((await put(1025)).ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 2 });
    expect((await put(2100)).ConsumedCapacity?.CapacityUnits).toBe(3);
    // Replacing a 3-unit item with a tiny one still costs the larger size.
    expect((await put(10)).ConsumedCapacity?.CapacityUnits).toBe(3);
    const update = await client.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'missing-u' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'v' } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(update.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const del = await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'never-there' } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(del.ConsumedCapacity?.CapacityUnits).toBe(1);
  });

  it('charges GetItem in 4 KB units, half for eventually consistent reads, a missing item as 0 bytes', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: sized('r', 4097) }));
    const get = (pk: string, ConsistentRead: boolean) =>
      client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead, ReturnConsumedCapacity: 'TOTAL' }));
    expect((await get('r', true)).ConsumedCapacity?.CapacityUnits).toBe(2);
    expect((await get('r', false)).ConsumedCapacity?.CapacityUnits).toBe(1);
    expect((await get('nobody', true)).ConsumedCapacity?.CapacityUnits).toBe(1);
    expect((await get('nobody', false)).ConsumedCapacity?.CapacityUnits).toBe(0.5);
  });

  it('charges Query and Scan for every item read, filtered or not, rounded once over the page', async () => {
    for (let sk = 0; sk < 3; sk++) {
      await client.send(new PutItemCommand({ TableName: ranged, Item: { pk: { S: 'q' }, sk: { N: String(sk) }, d: { S: 'x'.repeat(3000) } } }));
    }
    const query = await client.send(
      new QueryCommand({
        TableName: ranged,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'sk = :none',
        ExpressionAttributeValues: { ':p': { S: 'q' }, ':none': { N: '99' } },
        ReturnConsumedCapacity: 'TOTAL',
        ConsistentRead: true,
      }),
    );
    expect(query.Count).toBe(0);
    expect(query.ConsumedCapacity).toEqual({ TableName: ranged, CapacityUnits: 3 }); // ~9 KB read
    const empty = await client.send(
      new QueryCommand({ TableName: ranged, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'nothing' } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(empty.ConsumedCapacity).toEqual({ TableName: ranged, CapacityUnits: 0.5, Table: { CapacityUnits: 0.5 } });
    const scan = await client.send(new ScanCommand({ TableName: ranged, ReturnConsumedCapacity: 'TOTAL' }));
    expect(scan.ConsumedCapacity).toEqual({ TableName: ranged, CapacityUnits: 1.5 });
  });

  it('lists batch capacity per table, each item rounded separately', async () => {
    const write = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [{ PutRequest: { Item: { pk: { S: 'b1' } } } }, { PutRequest: { Item: sized('b2', 1500) } }, { DeleteRequest: { Key: { pk: { S: 'gone' } } } }],
          [ranged]: [{ PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '1' } } } }],
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(write.ConsumedCapacity).toEqual([
      { TableName: table, CapacityUnits: 4 },
      { TableName: ranged, CapacityUnits: 1 },
    ]);
    const read = await client.send(
      new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ pk: { S: 'b1' } }, { pk: { S: 'b2' } }, { pk: { S: 'none' } }] } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(read.ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 1.5 }]);
  });

  it('doubles transactions and names their read or write units', async () => {
    const write = await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: table, Item: sized('t1', 1500) } }, { Put: { TableName: table, Item: { pk: { S: 't2' } } } }],
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(write.ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 6, WriteCapacityUnits: 6, Table: { CapacityUnits: 6, WriteCapacityUnits: 6 } }]);
    const read = await client.send(
      new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: 't1' } } } }], ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(read.ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 2, ReadCapacityUnits: 2 }]);
  });
});

describe('ReturnValuesOnConditionCheckFailure', () => {
  it('puts the current item on the ConditionalCheckFailedException of Put, Update and Delete', async () => {
    const item = { pk: { S: 'cc' }, n: { N: '1' } };
    await client.send(new PutItemCommand({ TableName: table, Item: item }));
    const failures = [
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'cc' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'cc' } },
        UpdateExpression: 'SET n = :two',
        ConditionExpression: 'n = :two',
        ExpressionAttributeValues: { ':two': { N: '2' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
      new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'cc' } }, ConditionExpression: 'attribute_not_exists(n)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    ];
    for (const command of failures) {
      const error = await client.send(command as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect((error as ConditionalCheckFailedException).Item).toEqual(item);
    }
    const without = await client
      .send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'cc' } }, ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((e: ConditionalCheckFailedException) => e);
    expect((without as ConditionalCheckFailedException).Item).toBeUndefined();
    const missing = await client
      .send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'no-cc' } }, ConditionExpression: 'attribute_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
      .catch((e: ConditionalCheckFailedException) => e);
    expect(missing).toBeInstanceOf(ConditionalCheckFailedException);
    expect((missing as ConditionalCheckFailedException).Item).toBeUndefined();
  });

  it('gives each cancelled transaction action its reason, with the item where asked', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'held' }, v: { N: '7' } } }));
    env.capture.changes.length = 0;
    const error = (await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: 'fresh' } } } },
            { Put: { TableName: table, Item: { pk: { S: 'held' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
            { ConditionCheck: { TableName: table, Key: { pk: { S: 'held' + '2' } }, ConditionExpression: 'attribute_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          ],
        }),
      )
      .catch((e: unknown) => e)) as TransactionCanceledException;
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]');
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'held' }, v: { N: '7' } } },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(env.capture.changes).toHaveLength(0);
  });
});

describe('ClientRequestToken', () => {
  const increment = (token: string, by = '1') =>
    new TransactWriteItemsCommand({
      ClientRequestToken: token,
      TransactItems: [{ Update: { TableName: table, Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD n :by', ExpressionAttributeValues: { ':by': { N: by } } } }],
    });
  const counter = async () => (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'counter' } } }))).Item?.n?.N;

  it('applies a repeated transaction once within 10 minutes, and again after', async () => {
    await client.send(increment('token-a'));
    await client.send(increment('token-a'));
    expect(await counter()).toBe('1');
    expect(env.capture.changes).toHaveLength(1);
    env.deps.clock.advance(9 * 60_000);
    await client.send(increment('token-a'));
    expect(await counter()).toBe('1');
    env.deps.clock.advance(2 * 60_000);
    await client.send(increment('token-a'));
    expect(await counter()).toBe('2');
  });

  it('refuses a different request with a token in use', async () => {
    await client.send(increment('token-b'));
    await expect(client.send(increment('token-b', '5'))).rejects.toMatchObject({
      name: 'IdempotentParameterMismatchException',
      message: 'The request uses the same client token as a previous, but non-identical request.',
    });
  });

  it('replays a cancellation, and a repeat reports read units instead of writes', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'locked' } } }));
    const cancelled = new TransactWriteItemsCommand({
      ClientRequestToken: 'token-c',
      TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'locked' } }, ConditionExpression: 'attribute_not_exists(pk)' } }],
    });
    await expect(client.send(cancelled)).rejects.toBeInstanceOf(TransactionCanceledException);
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'locked' } } }));
    await expect(client.send(cancelled)).rejects.toBeInstanceOf(TransactionCanceledException);

    const put = () =>
      client.send(
        new TransactWriteItemsCommand({ ClientRequestToken: 'token-d', TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'once' } } } }], ReturnConsumedCapacity: 'TOTAL' }),
      );
    expect((await put()).ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 2, WriteCapacityUnits: 2 }]);
    expect((await put()).ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 1, ReadCapacityUnits: 1 }]);
  });
});
