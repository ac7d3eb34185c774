import 'server-only';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type AttributeValue as SdkAttributeValue,
  type _Record as SdkRecord,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeMap, AttributeValue, StreamEvent, StreamEventName } from '@/lib/types/streams';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';
import { service } from '../services';

/** A stream's description with every shard (DescribeStream followed through its pages). */
export interface StreamDescription {
  arn: string;
  label: string;
  status: string;
  viewType: string;
  tableName: string;
  keyNames: string[];
  shards: { shardId: string; parentShardId?: string; startingSequenceNumber: string; endingSequenceNumber?: string }[];
}

/** A record as read, before the tail gives it a cursor. */
export type ReadEvent = Omit<StreamEvent, 'cursor'>;

export interface RecordsPage {
  events: ReadEvent[];
  /** Absent: the shard is closed and read to its end (reference §4.4). */
  nextIterator?: string;
}

/** The DynamoDB Streams verbs Eddy uses; the live readers take this so tests can give their own client. */
export interface StreamsApi {
  describeStream(streamArn: string): Promise<StreamDescription>;
  getShardIterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string>;
  /** `shardId` is stamped on each event: an iterator is opaque, so the caller says what it reads. */
  getRecords(iterator: string, shardId: string, limit?: number): Promise<RecordsPage>;
}

const encoder = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function toAttributeValue(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: encoder(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(encoder) };
  if (value.M !== undefined) return { M: toAttributeMap(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toAttributeValue) };
  if (value.NULL !== undefined) return { NULL: true };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  return { NULL: true };
}

function toAttributeMap(map: Record<string, SdkAttributeValue>): AttributeMap {
  const out: AttributeMap = {};
  for (const name of Object.keys(map)) out[name] = toAttributeValue(map[name]);
  return out;
}

function toReadEvent(record: SdkRecord, shardId: string): ReadEvent {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  const event: ReadEvent = {
    eventID: record.eventID ?? '',
    eventName: (record.eventName ?? 'MODIFY') as StreamEventName,
    shardId,
    sequenceNumber: d.SequenceNumber ?? '0',
    // A field the record lacks is unknown, never 1970 or 0 bytes.
    approximateCreationTime: created instanceof Date ? created.getTime() : created === undefined ? undefined : Number(created) * 1000,
    sizeBytes: d.SizeBytes === undefined ? undefined : Number(d.SizeBytes),
    viewType: d.StreamViewType ?? 'KEYS_ONLY',
    keys: toAttributeMap(d.Keys ?? {}),
    ttlDelete: record.eventName === 'REMOVE' && record.userIdentity?.PrincipalId === 'dynamodb.amazonaws.com' && record.userIdentity?.Type === 'Service',
  };
  if (d.NewImage) event.newImage = toAttributeMap(d.NewImage);
  if (d.OldImage) event.oldImage = toAttributeMap(d.OldImage);
  return event;
}

/** The Streams adapter over one SDK client. SDK errors leave it as AppError, AWS's name in `detail`. */
export function createStreamsApi(client: DynamoDBStreamsClient): StreamsApi {
  return {
    async describeStream(streamArn: string): Promise<StreamDescription> {
      let start: string | undefined;
      let description: StreamDescription | undefined;
      try {
        do {
          const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start, Limit: 100 }));
          const s = out.StreamDescription ?? {};
          description ??= {
            arn: s.StreamArn ?? streamArn,
            label: s.StreamLabel ?? '',
            status: s.StreamStatus ?? 'UNKNOWN',
            viewType: s.StreamViewType ?? 'KEYS_ONLY',
            tableName: s.TableName ?? '',
            keyNames: (s.KeySchema ?? []).sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0)).map((k) => k.AttributeName ?? ''),
            shards: [],
          };
          for (const shard of s.Shards ?? []) {
            description.shards.push({
              shardId: shard.ShardId ?? '',
              parentShardId: shard.ParentShardId,
              startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber ?? '0',
              endingSequenceNumber: shard.SequenceNumberRange?.EndingSequenceNumber,
            });
          }
          // Only an absent LastEvaluatedShardId ends the list (reference §4.1/4.2).
          start = s.LastEvaluatedShardId;
        } while (start);
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
      return description as StreamDescription;
    },

    async getShardIterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string> {
      try {
        const out = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }));
        if (!out.ShardIterator) throw new Error('GetShardIterator answered without an iterator');
        return out.ShardIterator;
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
    },

    async getRecords(iterator: string, shardId: string, limit = 1000): Promise<RecordsPage> {
      try {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
        return { events: (out.Records ?? []).map((r) => toReadEvent(r, shardId)), nextIterator: out.NextShardIterator ?? undefined };
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
    },
  };
}

/** The adapter over the configured client (`AWS_ENDPOINT_URL[_DYNAMODB_STREAMS]`, region, profile). */
export function getStreamsApi(): StreamsApi {
  return service('streamsApi', () => createStreamsApi(getClients().streams));
}
