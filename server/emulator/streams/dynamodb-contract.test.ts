import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';
import { iteratorFor, readAll, shardsOf } from './test-support';

/**
 * The contract between the two halves of the emulator, driven only through the SDK: writes with
 * `@aws-sdk/client-dynamodb`, records read back with `@aws-sdk/client-dynamodb-streams`.
 */
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ readerLimit: false });
});
afterAll(async () => {
  await emu.stop();
});

let tables = 0;
async function createTable(viewType: StreamViewType = 'NEW_AND_OLD_IMAGES'): Promise<{ TableName: string; streamArn: string }> {
  const TableName = `contract-${++tables}`;
  const created = await emu.dynamodb.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }),
  );
  const streamArn = created.TableDescription?.LatestStreamArn as string;
  expect(streamArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}/stream/${created.TableDescription?.LatestStreamLabel}`);
  return { TableName, streamArn };
}

const events = async (streamArn: string) => (await readAll(emu.streams, streamArn)).map((r) => `${r.eventName} ${r.dynamodb?.Keys?.id.S}`);

describe('DynamoDB writes as stream records', () => {
  it('turns put, update and delete into INSERT, MODIFY and REMOVE with the images of the view type', async () => {
    const { TableName, streamArn } = await createTable('NEW_AND_OLD_IMAGES');
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'a' }, n: { N: '1' } } }));
    await emu.dynamodb.send(new UpdateItemCommand({ TableName, Key: { id: { S: 'a' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } }));
    await emu.dynamodb.send(new DeleteItemCommand({ TableName, Key: { id: { S: 'a' } } }));
    const [insert, modify, remove] = await readAll(emu.streams, streamArn);
    expect(insert).toMatchObject({ eventName: 'INSERT', dynamodb: { Keys: { id: { S: 'a' } }, NewImage: { id: { S: 'a' }, n: { N: '1' } } } });
    expect(insert.dynamodb?.OldImage).toBeUndefined();
    expect(modify).toMatchObject({ eventName: 'MODIFY', dynamodb: { OldImage: { n: { N: '1' } }, NewImage: { n: { N: '2' } } } });
    expect(remove).toMatchObject({ eventName: 'REMOVE', dynamodb: { OldImage: { id: { S: 'a' }, n: { N: '2' } } } });
    expect(remove.dynamodb?.NewImage).toBeUndefined();
    expect(remove.userIdentity).toBeUndefined();
  });

  it('emits nothing for writes that change nothing (§0.13)', async () => {
    const { TableName, streamArn } = await createTable('KEYS_ONLY');
    const item = { id: { S: 'fred' }, age: { N: '35' } };
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: item }));
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: item }));
    await emu.dynamodb.send(new UpdateItemCommand({ TableName, Key: { id: { S: 'fred' } }, UpdateExpression: 'SET age = :a', ExpressionAttributeValues: { ':a': { N: '35' } } }));
    await emu.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: item } }, { PutRequest: { Item: { id: { S: 'joe' } } } }] } }));
    await emu.dynamodb.send(new DeleteItemCommand({ TableName, Key: { id: { S: 'nobody' } } }));
    expect(await events(streamArn)).toEqual(['INSERT fred', 'INSERT joe']);
  });

  it('keeps only what KEYS_ONLY allows even though DynamoDB passes both images', async () => {
    const { TableName, streamArn } = await createTable('KEYS_ONLY');
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'Fred' } } }));
    const [record] = await readAll(emu.streams, streamArn);
    expect(record.dynamodb).toMatchObject({ Keys: { id: { S: 'Fred' } }, SizeBytes: 6, StreamViewType: 'KEYS_ONLY' });
    expect(record.dynamodb?.NewImage).toBeUndefined();
  });

  it('marks TTL deletions with the DynamoDB service identity', async () => {
    const { TableName, streamArn } = await createTable('OLD_IMAGE');
    await emu.dynamodb.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
    const expiresAt = Math.floor(emu.clock.now() / 1000) + 60;
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'ttl' }, expiresAt: { N: String(expiresAt) } } }));
    await emu.control('POST', '/_eddy/clock', { advanceMs: 5 * 60_000 });
    const records = await readAll(emu.streams, streamArn);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'REMOVE']);
    expect(records[1].userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
  });
});

describe('stream lifecycle through the table', () => {
  it('reports the stream in DescribeTable and ListStreams', async () => {
    const { TableName, streamArn } = await createTable();
    const table = await emu.dynamodb.send(new DescribeTableCommand({ TableName }));
    expect(table.Table?.LatestStreamArn).toBe(streamArn);
    const listed = await emu.streams.send(new ListStreamsCommand({ TableName }));
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([streamArn]);
  });

  it('disabling the stream closes its shard and keeps the records readable; re-enabling makes a new stream', async () => {
    const { TableName, streamArn } = await createTable();
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'before' } } }));
    await emu.dynamodb.send(new UpdateTableCommand({ TableName, StreamSpecification: { StreamEnabled: false } }));
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'while-disabled' } } }));

    const described = await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(['DISABLING', 'DISABLED']).toContain(described.StreamDescription?.StreamStatus);
    const [shard] = described.StreamDescription?.Shards ?? [];
    expect(shard.SequenceNumberRange?.EndingSequenceNumber).toEqual(expect.any(String));
    const page = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, shard.ShardId as string) }));
    expect(page.Records?.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['before']);
    expect(page.NextShardIterator).toBeUndefined();

    await emu.dynamodb.send(new UpdateTableCommand({ TableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    const table = await emu.dynamodb.send(new DescribeTableCommand({ TableName }));
    const newArn = table.Table?.LatestStreamArn as string;
    expect(newArn).not.toBe(streamArn);
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'after' } } }));
    expect(await events(newArn)).toEqual(['INSERT after']);
    const listed = await emu.streams.send(new ListStreamsCommand({ TableName }));
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([streamArn, newArn]);
  });

  it('deleting the table leaves its stream readable', async () => {
    const { TableName, streamArn } = await createTable();
    await emu.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'kept' } } }));
    await emu.dynamodb.send(new DeleteTableCommand({ TableName }));
    const [shard] = await shardsOf(emu.streams, streamArn);
    expect(shard.SequenceNumberRange?.EndingSequenceNumber).toEqual(expect.any(String));
    expect(await events(streamArn)).toEqual(['INSERT kept']);
  });
});
