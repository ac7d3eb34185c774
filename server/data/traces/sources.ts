import 'server-only';
import type { QueueMessage } from '@/lib/types/queues';
import { getStreamsApi } from '../../aws/streams';
import { getLiveRegistry } from '../../live';
import { browseLeased } from '../../redrive/lease';
import { NO_TAIL, type ShardAccess, type TraceShardApi } from '../../traces/range';
import { ShardRecordCache } from '../../traces/shard-cache';
import { service } from '../../services';

// What a trace reads: the streams through the live tail's read schedulers, and queues with a short lease.

/** The Streams adapter has the shape the trace reader needs. */
export function streamsApi(): TraceShardApi {
  return getStreamsApi();
}

/** The process's one trace reader (server/services.ts). */
export function shardCache(): ShardRecordCache {
  // The live registry configures the shards' read schedulers (EDDY_SHARD_READS_PER_SECOND): a
  // trace may be the process's first read of a shard.
  getLiveRegistry();
  return service('traceShardCache', () => new ShardRecordCache(streamsApi()));
}

/**
 * What Eddy's live tail of a table offers a trace of this stream: the events its ring holds. (The
 * shard reads themselves share the tail's per-shard read schedulers.) No tail, or a tail of
 * another stream: nothing.
 */
export function shardAccessFor(table: string, streamArn: string): ShardAccess {
  const tail = getLiveRegistry().peek(table);
  if (!tail || tail.currentStreamArn !== streamArn) return NO_TAIL;
  return { held: () => tail.ring.all() };
}

/**
 * Up to `limit` messages of a queue, received with the browse's short lease and released at once
 * (DESIGN.md §5), stopping early when `enough` says so. Under the queue's lock like every browse:
 * a trace beside a browse of the same DLQ would otherwise hide from it what it was looking for.
 */
export async function browseForTrace(url: string, limit: number, enough: (got: QueueMessage[]) => boolean = () => false): Promise<QueueMessage[]> {
  const { lease } = await browseLeased(url, limit, enough);
  return lease.messages.map(({ receiptHandle: _h, raw: _r, ...message }) => message);
}
