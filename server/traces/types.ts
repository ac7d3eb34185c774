import type { TraceStreamEvent } from '@/lib/types/traces';

/**
 * The DynamoDB Streams verbs a trace needs. The live adapter's `StreamsApi` (server/aws/streams.ts) has
 * this shape, so the live adapter is passed in as it is; tests pass one over an emulator client.
 */
export interface TraceShardApi {
  describeStream(streamArn: string): Promise<{ tableName: string; keyNames: string[]; shards: { shardId: string; parentShardId?: string; startingSequenceNumber: string; endingSequenceNumber?: string }[] }>;
  getShardIterator(streamArn: string, shardId: string, type: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER', sequenceNumber?: string): Promise<string>;
  getRecords(iterator: string, shardId: string, limit?: number): Promise<{ events: TraceStreamEvent[]; nextIterator?: string }>;
}

/**
 * What Eddy's live tail offers a trace on one stream: the events its ring buffer holds.
 * Reads of a shard go through the shard's read scheduler, which the tail's reader shares.
 */
export interface ShardAccess {
  /** The events the tail holds for this stream, oldest first; empty without a tail. */
  held(): TraceStreamEvent[];
}
