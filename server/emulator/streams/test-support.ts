import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type GetRecordsCommandOutput,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { TestEmulator } from '../testing';
import type { ItemChange, StreamTableInfo, StreamViewType } from './capture';

let tableCounter = 0;

/** A table description for `createStream`, with a name unique within the test run. */
export function tableInfo(prefix = 't', hashKey = 'id'): StreamTableInfo {
  const tableName = `${prefix}-${++tableCounter}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    tableName,
    tableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}`,
    keySchema: [{ AttributeName: hashKey, KeyType: 'HASH' }],
    region: 'us-east-1',
    accountId: '000000000000',
  };
}

/** Creates a stream behind the wire, as DynamoDB's CreateTable does. */
export function newStream(emu: TestEmulator, viewType: StreamViewType = 'NEW_AND_OLD_IMAGES', prefix = 't'): string {
  return emu.services.streams.createStream(tableInfo(prefix), viewType).streamArn;
}

/** Captures an INSERT of `{id, v}` (both images, as DynamoDB passes them). */
export function insert(emu: TestEmulator, streamArn: string, id: string, extra: ItemChange['newImage'] = {}): void {
  const keys = { id: { S: id } };
  emu.services.streams.capture(streamArn, { eventName: 'INSERT', keys, newImage: { ...keys, ...extra } });
}

export async function shardsOf(client: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  return out.StreamDescription?.Shards ?? [];
}

export async function iteratorFor(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  type: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' = 'TRIM_HORIZON',
  sequenceNumber?: string,
): Promise<string> {
  const out = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }));
  return out.ShardIterator as string;
}

/** Follows an iterator chain until it ends (closed shard) or a page comes back empty (open shard). */
export async function drain(client: DynamoDBStreamsClient, iterator: string): Promise<{ records: _Record[]; closed: boolean }> {
  const records: _Record[] = [];
  let next: string | undefined = iterator;
  while (next) {
    const page: GetRecordsCommandOutput = await client.send(new GetRecordsCommand({ ShardIterator: next }));
    records.push(...(page.Records ?? []));
    next = page.NextShardIterator;
    if (next && (page.Records ?? []).length === 0) return { records, closed: false };
  }
  return { records, closed: true };
}

/** Every record of every shard of the stream, read from TRIM_HORIZON. */
export async function readAll(client: DynamoDBStreamsClient, streamArn: string): Promise<_Record[]> {
  const all: _Record[] = [];
  for (const shard of await shardsOf(client, streamArn)) {
    all.push(...(await drain(client, await iteratorFor(client, streamArn, shard.ShardId as string))).records);
  }
  return all;
}

/** POSTs a raw Streams request, to see the exact wire form the SDK would hide. */
export async function rawStreams(emu: TestEmulator, operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(emu.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261127/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
