import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../testing';
import { createTestTable, startDynamoWithRecorder } from './test-support';

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

const put = (table: string, item: Record<string, AttributeValue>) => client.send(new PutItemCommand({ TableName: table, Item: item }));
const events = () => env.capture.changes.map(({ change }) => change.eventName);

describe('stream capture', () => {
  it('reports INSERT, MODIFY and REMOVE with keys and both images', async () => {
    const table = await createTestTable(client, { stream: 'NEW_AND_OLD_IMAGES' });
    const arn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
    await put(table, { pk: { S: 'a' }, v: { N: '1' } });
    await put(table, { pk: { S: 'a' }, v: { N: '2' } });
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
    expect(env.capture.changes).toEqual([
      // Stored items are shared with the stream (immutable), with the sizes the write already knew.
      {
        streamArn: arn,
        change: { eventName: 'INSERT', keys: { pk: { S: 'a' } }, oldImage: undefined, newImage: { pk: { S: 'a' }, v: { N: '1' } }, immutable: true, newImageSize: 6 },
      },
      {
        streamArn: arn,
        change: {
          eventName: 'MODIFY',
          keys: { pk: { S: 'a' } },
          oldImage: { pk: { S: 'a' }, v: { N: '1' } },
          newImage: { pk: { S: 'a' }, v: { N: '2' } },
          immutable: true,
          oldImageSize: 6,
          newImageSize: 6,
        },
      },
      { streamArn: arn, change: { eventName: 'REMOVE', keys: { pk: { S: 'a' } }, oldImage: { pk: { S: 'a' }, v: { N: '2' } }, newImage: undefined, immutable: true } },
    ]);
    expect(env.capture.changes.every(({ change }) => change.userIdentity === undefined)).toBe(true);
  });

  it('never changes an image it reported: later writes build new items (the stream shares them)', async () => {
    const table = await createTestTable(client, { stream: 'NEW_AND_OLD_IMAGES' });
    await put(table, { pk: { S: 'n' }, tags: { L: [{ S: 'a' }] }, m: { M: { x: { N: '1' } } } });
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'n' } },
        UpdateExpression: 'SET tags[1] = :b, m.x = :two, m.y = :two',
        ExpressionAttributeValues: { ':b': { S: 'b' }, ':two': { N: '2' } },
      }),
    );
    await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'n' } }, UpdateExpression: 'SET m.x = :three', ExpressionAttributeValues: { ':three': { N: '3' } } }));
    const [insert, first, second] = env.capture.changes.map(({ change }) => change);
    expect(insert.newImage).toEqual({ pk: { S: 'n' }, tags: { L: [{ S: 'a' }] }, m: { M: { x: { N: '1' } } } });
    expect(first.oldImage).toEqual(insert.newImage);
    expect(first.newImage).toEqual({ pk: { S: 'n' }, tags: { L: [{ S: 'a' }, { S: 'b' }] }, m: { M: { x: { N: '2' }, y: { N: '2' } } } });
    expect(second.oldImage).toEqual(first.newImage);
    expect(second.newImage?.m).toEqual({ M: { x: { N: '3' }, y: { N: '2' } } });
  });

  it('reports nothing for writes that leave the item identical', async () => {
    const table = await createTestTable(client, { stream: 'KEYS_ONLY' });
    await put(table, { pk: { S: 'same' }, n: { N: '1' }, tags: { SS: ['a', 'b'] }, m: { M: { x: { N: '10' } } } });
    env.capture.changes.length = 0;
    // Same values, written differently: numbers by value, sets in another order, maps reordered.
    await put(table, { pk: { S: 'same' }, m: { M: { x: { N: '1E+1' } } }, tags: { SS: ['b', 'a'] }, n: { N: '1.0' } });
    await client.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'same' } }, UpdateExpression: 'SET n = :one ADD tags :a', ExpressionAttributeValues: { ':one': { N: '1' }, ':a': { SS: ['a'] } } }),
    );
    await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'same' } }, UpdateExpression: 'REMOVE absent' }));
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'never-existed' } } }));
    await expect(
      client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'same' }, n: { N: '5' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(env.capture.changes).toEqual([]);
  });

  it('reports an UpdateItem that creates the item as an INSERT', async () => {
    const table = await createTestTable(client, { stream: 'NEW_IMAGE' });
    await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'new' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }));
    await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'new' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: 'y' } } }));
    expect(events()).toEqual(['INSERT', 'MODIFY']);
    expect(env.capture.changes[1].change.oldImage).toEqual({ pk: { S: 'new' }, v: { S: 'x' } });
  });

  it('reports one record per changed item of a BatchWriteItem', async () => {
    const table = await createTestTable(client, { stream: 'NEW_AND_OLD_IMAGES' });
    await put(table, { pk: { S: 'Fred' }, age: { N: '30' } });
    await put(table, { pk: { S: 'Gone' } });
    env.capture.changes.length = 0;
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [
            { PutRequest: { Item: { pk: { S: 'Fred' }, age: { N: '30' } } } }, // unchanged: no record
            { PutRequest: { Item: { pk: { S: 'Alice' } } } },
            { DeleteRequest: { Key: { pk: { S: 'Gone' } } } },
            { DeleteRequest: { Key: { pk: { S: 'Nobody' } } } }, // missing: no record
          ],
        },
      }),
    );
    expect(env.capture.changes.map(({ change }) => `${change.eventName} ${JSON.stringify(change.keys.pk)}`)).toEqual(['INSERT {"S":"Alice"}', 'REMOVE {"S":"Gone"}']);
  });

  it('stops reporting once the stream is disabled, and reports to the new stream after re-enabling', async () => {
    const table = await createTestTable(client, { stream: 'KEYS_ONLY' });
    const first = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
    await client.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    expect(env.capture.disabled).toContain(first);
    await put(table, { pk: { S: 'quiet' } });
    expect(env.capture.changes).toEqual([]);
    const second = (await client.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } })))
      .TableDescription!.LatestStreamArn!;
    expect(second).not.toBe(first);
    await put(table, { pk: { S: 'loud' } });
    expect(env.capture.changes.map((c) => c.streamArn)).toEqual([second]);
  });

  it('does not call the stream for a table without one', async () => {
    const table = await createTestTable(client);
    await put(table, { pk: { S: 'x' } });
    expect(env.capture.changes).toEqual([]);
  });
});

describe('TTL', () => {
  it('deletes expired items after the clock moves, as REMOVEs by the DynamoDB service', async () => {
    const table = await createTestTable(client, { stream: 'NEW_AND_OLD_IMAGES' });
    await client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
    const now = Math.floor(env.clock.now() / 1000);
    await put(table, { pk: { S: 'soon' }, expiresAt: { N: String(now + 60) } });
    await put(table, { pk: { S: 'later' }, expiresAt: { N: String(now + 3600) } });
    await put(table, { pk: { S: 'text' }, expiresAt: { S: String(now - 60) } }); // not a number: never expires
    await put(table, { pk: { S: 'ancient' }, expiresAt: { N: String(now - 6 * 365 * 24 * 3600) } }); // > 5 years old: ignored, as on AWS
    await put(table, { pk: { S: 'none' } });
    env.capture.changes.length = 0;

    env.clock.advance(120_000);
    const exists = async (pk: string) => (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }))).Item !== undefined;
    expect(await exists('soon')).toBe(false);
    expect(await exists('later')).toBe(true);
    expect(await exists('text')).toBe(true);
    expect(await exists('ancient')).toBe(true);
    expect(await exists('none')).toBe(true);
    expect(env.capture.changes).toHaveLength(1);
    expect(env.capture.changes[0].change).toMatchObject({
      eventName: 'REMOVE',
      keys: { pk: { S: 'soon' } },
      oldImage: { pk: { S: 'soon' }, expiresAt: { N: String(now + 60) } },
      userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' },
    });
  });

  it('expires nothing once TTL is disabled, and picks up existing items when enabled', async () => {
    const table = await createTestTable(client);
    const now = Math.floor(env.clock.now() / 1000);
    await put(table, { pk: { S: 'old' }, ttl: { N: String(now + 10) } });
    env.clock.advance(20_000);
    expect((await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'old' } } }))).Item).toBeDefined();
    await client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }));
    env.clock.advance(1);
    expect((await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'old' } } }))).Item).toBeUndefined();
  });
});

describe('through DynamoDB Streams (GetRecords)', () => {
  it('shows a PutItem and a TTL delete to a stream reader', async () => {
    const emu = await startTestEmulator();
    try {
      const table = await createTestTable(emu.dynamodb, { stream: 'NEW_AND_OLD_IMAGES' });
      const arn = (await emu.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
      await emu.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }));
      const now = Math.floor(emu.clock.now() / 1000);
      await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'test' }, ttl: { N: String(now + 30) } } }));
      await emu.control('POST', '/_eddy/clock', { advanceMs: 60_000 });

      const shards = (await emu.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!;
      const iterator = await emu.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const page = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
      expect(page.Records?.map((r) => r.eventName)).toEqual(['INSERT', 'REMOVE']);
      const [insert, remove] = page.Records!;
      expect(insert.dynamodb?.Keys).toEqual({ pk: { S: 'test' } });
      expect(insert.dynamodb?.NewImage).toEqual({ pk: { S: 'test' }, ttl: { N: String(now + 30) } });
      expect(insert.userIdentity).toBeUndefined();
      expect(remove.dynamodb?.OldImage).toEqual({ pk: { S: 'test' }, ttl: { N: String(now + 30) } });
      expect(remove.userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
    } finally {
      await emu.stop();
    }
  });
});
