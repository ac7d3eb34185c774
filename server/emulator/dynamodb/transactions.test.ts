import { GetItemCommand, PutItemCommand, TransactGetItemsCommand, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestTable, startDynamoWithRecorder } from './test-support';

let env: Awaited<ReturnType<typeof startDynamoWithRecorder>>;
let client: DynamoDBClient;
let table: string;
beforeAll(async () => {
  env = await startDynamoWithRecorder();
  client = env.client;
  table = await createTestTable(client, { stream: 'NEW_AND_OLD_IMAGES' });
});
afterAll(async () => {
  await env.stop();
});
beforeEach(() => {
  env.capture.changes.length = 0;
});

const get = async (pk: string) => (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }))).Item;

describe('TransactWriteItems', () => {
  it('applies puts, updates, deletes and checks together, one stream record per changed item', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'stock' }, n: { N: '5' } } }));
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'old' } } }));
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'guard' }, open: { BOOL: true } } }));
    env.capture.changes.length = 0;
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: { S: 'order' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: table, Key: { pk: { S: 'stock' } }, UpdateExpression: 'SET n = n - :one', ConditionExpression: 'n >= :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
          { Delete: { TableName: table, Key: { pk: { S: 'old' } } } },
          { ConditionCheck: { TableName: table, Key: { pk: { S: 'guard' } }, ConditionExpression: '#o = :t', ExpressionAttributeNames: { '#o': 'open' }, ExpressionAttributeValues: { ':t': { BOOL: true } } } },
        ],
      }),
    );
    expect(await get('order')).toEqual({ pk: { S: 'order' } });
    expect((await get('stock'))?.n).toEqual({ N: '4' });
    expect(await get('old')).toBeUndefined();
    expect(env.capture.changes.map(({ change }) => change.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
  });

  it('cancels everything when one condition fails, naming the reasons', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'taken' } } }));
    env.capture.changes.length = 0;
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: 'would-be-new' } } } },
            { Put: { TableName: table, Item: { pk: { S: 'taken' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    });
    expect(await get('would-be-new')).toBeUndefined();
    expect(env.capture.changes).toEqual([]);
  });

  it('refuses two actions on one item', async () => {
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'same' } } } }, { Delete: { TableName: table, Key: { pk: { S: 'same' } } } }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' });
  });

  it('works through the DocumentClient', async () => {
    const doc = DynamoDBDocumentClient.from(client);
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: 'doc-tx', tags: new Set(['a']) } } }] }));
    expect(await get('doc-tx')).toEqual({ pk: { S: 'doc-tx' }, tags: { SS: ['a'] } });
  });
});

describe('TransactGetItems', () => {
  it('answers in request order, with an empty response for a missing item', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'g1' }, a: { S: 'x' }, b: { S: 'y' } } }));
    const out = await client.send(
      new TransactGetItemsCommand({
        TransactItems: [{ Get: { TableName: table, Key: { pk: { S: 'nope' } } } }, { Get: { TableName: table, Key: { pk: { S: 'g1' } }, ProjectionExpression: 'b' } }],
      }),
    );
    expect(out.Responses).toEqual([{}, { Item: { b: { S: 'y' } } }]);
  });
});
