import { z } from 'zod';

/**
 * A DynamoDB AttributeValue in its wire JSON form (reference §3.1): numbers are strings, binary is
 * base64, exactly one key per value. Eddy keeps events in this form end to end so nothing is lost.
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: AttributeMap }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };
export type AttributeMap = Record<string, AttributeValue>;

export const attributeMapSchema = z.record(z.string(), z.unknown()) as unknown as z.ZodType<AttributeMap>;

export const streamEventNameSchema = z.enum(['INSERT', 'MODIFY', 'REMOVE']);
export type StreamEventName = z.infer<typeof streamEventNameSchema>;

/** One decoded stream record as Eddy fans it out. */
export const streamEventSchema = z.object({
  /** The tail's own position counter, what SSE `id:` and Last-Event-ID carry. */
  cursor: z.number(),
  eventID: z.string(),
  eventName: streamEventNameSchema,
  shardId: z.string(),
  sequenceNumber: z.string(),
  /** Epoch ms (AWS rounds to the second); undefined when the record did not carry ApproximateCreationDateTime (unknown, never 1970). */
  approximateCreationTime: z.number().optional(),
  /** The record's SizeBytes; undefined when the record did not carry it. */
  sizeBytes: z.number().optional(),
  viewType: z.string(),
  keys: attributeMapSchema,
  newImage: attributeMapSchema.optional(),
  oldImage: attributeMapSchema.optional(),
  /** A REMOVE made by DynamoDB's TTL process (userIdentity dynamodb.amazonaws.com). */
  ttlDelete: z.boolean(),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;

/** Every state a shard reader can be in; the UI shows `message` beside it. */
export const readerStateSchema = z.enum([
  'starting',
  'waiting_parent',
  'reading',
  'idle',
  'throttled',
  'paused',
  'renewing',
  'trimmed_gap',
  'closed',
  'stream_disabled',
  'table_gone',
  'unreachable',
  'stopped',
  'error',
]);
export type ReaderState = z.infer<typeof readerStateSchema>;

/** How Eddy reads one shard (server/live/read-scheduler.ts): its budget, and whether it slowed down. */
export const shardReadStatusSchema = z.object({
  state: z.enum(['normal', 'slowed']),
  message: z.string(),
  /** Eddy's GetRecords calls per second on the shard over the last 10 s. */
  readsPerSecond: z.number(),
  /** The most Eddy allows itself now (halved while the shard was recently throttled). */
  budgetPerSecond: z.number(),
  /** LimitExceededException answers Eddy got on this shard. */
  throttles: z.number(),
});
export type ShardReadStatus = z.infer<typeof shardReadStatusSchema>;

export const shardInfoSchema = z.object({
  shardId: z.string(),
  parentShardId: z.string().optional(),
  startingSequenceNumber: z.string(),
  endingSequenceNumber: z.string().optional(),
  open: z.boolean(),
  /** This shard's reader in Eddy's tail, when one runs. */
  reader: z.object({ state: readerStateSchema, message: z.string(), eventsPerSecond: z.number(), lastSequenceNumber: z.string().optional() }).optional(),
  /** Eddy's reads of this shard, when it has read it. */
  reads: shardReadStatusSchema.optional(),
});
export type ShardInfo = z.infer<typeof shardInfoSchema>;

export const tailStateSchema = z.enum(['starting', 'running', 'stream_disabled', 'no_stream', 'table_gone', 'unreachable', 'stopped']);
export type TailState = z.infer<typeof tailStateSchema>;

/** What the live view shows above the list: the tail and every shard's reader. */
export const tailStatusSchema = z.object({
  table: z.string(),
  state: tailStateSchema,
  message: z.string(),
  streamArn: z.string().optional(),
  viewType: z.string().optional(),
  streamStatus: z.string().optional(),
  keyNames: z.array(z.string()),
  shards: z.array(shardInfoSchema),
  eventsPerSecond: z.number(),
  lastEventAt: z.number().optional(),
  /** Epoch ms at which this tail started: events before it are only in the older-range read. */
  startedAt: z.number(),
  heldEvents: z.number(),
  /** Set while Eddy slowed its reads of a shard of this stream (throttled): said on the page. */
  readsSlowed: z.string().optional(),
});
export type TailStatus = z.infer<typeof tailStatusSchema>;

/** A row of `/streams`. */
export const streamSummarySchema = z.object({
  table: z.string(),
  streamArn: z.string(),
  label: z.string(),
  viewType: z.string(),
  status: z.string(),
  openShards: z.number(),
  closedShards: z.number(),
  eventsPerMinute: z.number(),
  lastEventAt: z.number().optional(),
  /** Epoch ms since when Eddy has been counting this stream's events. */
  watchingSince: z.number(),
  tailState: tailStateSchema,
  tailMessage: z.string(),
});
export type StreamSummary = z.infer<typeof streamSummarySchema>;
export const streamSummariesSchema = z.array(streamSummarySchema);

/** What the flow graph reads from a running tail. */
export interface StreamActivity {
  eventsPerSecond: number;
  /** The seconds `eventsPerSecond` was counted over (up to 10; 0 before the tail reads). */
  measuredSeconds?: number;
  perShard: { shardId: string; eventsPerSecond: number }[];
  lastEventAt?: number;
}

/** One page of the older-range read. */
export const historyPageSchema = z.object({
  events: z.array(streamEventSchema),
  /** Opaque: pass back as `after` for the next page; absent at the head of every shard. */
  next: z.string().optional(),
  /** Where the page came from: the tail's ring buffer or a bounded read of the shards. */
  source: z.enum(['ring', 'shards']),
  message: z.string(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** The SSE message that says the per-connection cap cut events in the last window. */
export const capNoticeSchema = z.object({ shown: z.number(), matched: z.number(), windowMs: z.number() });
export type CapNotice = z.infer<typeof capNoticeSchema>;
