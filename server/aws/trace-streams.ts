import 'server-only';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type AttributeValue as SdkAttributeValue,
  type _Record as SdkRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { TraceStreamEvent } from '@/lib/types/traces';
import { toAppErrorFromAws } from './errors';
import type { TraceShardApi } from './trace-range';

// TODO(issue 6 merged): replace with `createStreamsApi` from ./streams, which has this shape.

function toWire(value: SdkAttributeValue): unknown {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toWireMap(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toWire) };
  return value;
}

function toWireMap(map: Record<string, SdkAttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, toWire(v)]));
}

function toEvent(record: SdkRecord, shardId: string): TraceStreamEvent {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? '',
    eventName: (record.eventName ?? 'MODIFY') as TraceStreamEvent['eventName'],
    shardId,
    sequenceNumber: d.SequenceNumber ?? '0',
    approximateCreationTime: created instanceof Date ? created.getTime() : Number(created ?? 0) * 1000,
    sizeBytes: Number(d.SizeBytes ?? 0),
    viewType: d.StreamViewType ?? 'KEYS_ONLY',
    keys: toWireMap(d.Keys ?? {}),
    ...(d.NewImage ? { newImage: toWireMap(d.NewImage) } : {}),
    ...(d.OldImage ? { oldImage: toWireMap(d.OldImage) } : {}),
    ttlDelete: record.eventName === 'REMOVE' && record.userIdentity?.PrincipalId === 'dynamodb.amazonaws.com',
  };
}

/** The Streams verbs a trace uses, over one SDK client; errors leave as AppError with AWS's name in `detail`. */
export function createTraceShardApi(client: DynamoDBStreamsClient): TraceShardApi {
  return {
    async describeStream(streamArn) {
      const shards: Awaited<ReturnType<TraceShardApi['describeStream']>>['shards'] = [];
      let tableName = '';
      let keyNames: string[] = [];
      let start: string | undefined;
      try {
        do {
          const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start, Limit: 100 }));
          const s = out.StreamDescription ?? {};
          tableName = s.TableName ?? tableName;
          keyNames = (s.KeySchema ?? []).sort((a) => (a.KeyType === 'HASH' ? -1 : 1)).map((k) => k.AttributeName ?? '');
          for (const shard of s.Shards ?? []) {
            shards.push({
              shardId: shard.ShardId ?? '',
              parentShardId: shard.ParentShardId,
              startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber ?? '0',
              endingSequenceNumber: shard.SequenceNumberRange?.EndingSequenceNumber,
            });
          }
          start = s.LastEvaluatedShardId;
        } while (start);
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
      return { tableName, keyNames, shards };
    },
    async getShardIterator(streamArn, shardId, type, sequenceNumber) {
      try {
        const out = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }));
        if (!out.ShardIterator) throw new Error('GetShardIterator answered without an iterator');
        return out.ShardIterator;
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
    },
    async getRecords(iterator, shardId, limit = 1000) {
      try {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
        return { events: (out.Records ?? []).map((r) => toEvent(r, shardId)), nextIterator: out.NextShardIterator ?? undefined };
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
    },
  };
}
