import { z } from 'zod';
import type { TraceLogs } from './logs';
import type { QueueMessage } from './queues';
import type { StreamEvent } from './streams';

/**
 * A DynamoDB key value in wire form: keys are always scalars (S, N or B; reference §3.1).
 * Binary keys are carried as base64 text, numbers as their digits.
 */
export type KeyValue = { S: string } | { N: string } | { B: string };
export type KeyAttributeType = 'S' | 'N' | 'B';

/** A table's key as correlation needs it: the attributes, their types, and the names a message may use. */
export interface TableKeySpec {
  table: string;
  hash: { name: string; type: KeyAttributeType };
  range?: { name: string; type: KeyAttributeType };
  /** Other names messages use for a key attribute (`order_id` for `orderId`), from `eddy.config.json`. */
  aliases?: Record<string, string[]>;
  /** `key_schema`: from DescribeTable; `config`: a correlation key declared in `eddy.config.json`. */
  source: 'key_schema' | 'config';
}

/** A reference from a message to one item of a table. */
export interface ItemRef {
  table: string;
  /** The key attributes found, by their real attribute names. */
  key: Record<string, KeyValue>;
  /** Where it was found: `body.order.orderId`, `attribute orderId`. */
  foundAt: string;
  /** True when the table has a sort key that the message does not carry: matched on the partition key alone. */
  partial: boolean;
  source: TableKeySpec['source'];
}

/** What could be read of a Lambda on-failure record (reference §6.1), and what could not. */
export interface OnFailureRecord {
  /** `dynamodb` (`DDBStreamBatchInfo`), `kinesis` (`KinesisBatchInfo`) or `unknown` when neither is there. */
  source: 'dynamodb' | 'kinesis' | 'unknown';
  version?: string;
  requestId?: string;
  functionArn?: string;
  functionName?: string;
  condition?: string;
  approximateInvokeCount?: number;
  functionError?: string;
  statusCode?: number;
  executedVersion?: string;
  /** When Lambda gave up (ISO). */
  timestamp?: string;
  streamArn?: string;
  /** The table named in a DynamoDB stream ARN. */
  table?: string;
  shardId?: string;
  startSequenceNumber?: string;
  endSequenceNumber?: string;
  batchSize?: number;
  firstArrival?: string;
  lastArrival?: string;
}

/**
 * The parser's verdict on a message body: `not_failure_record` for anything that is not one,
 * else the fields it could read, `problems` in words, and whether the stream range can be resolved.
 */
export type FailureRecordParse =
  | { kind: 'not_failure_record'; reason: string }
  | { kind: 'failure_record'; record: OnFailureRecord; problems: string[]; resolvable: boolean; salvaged: boolean };

/** Why two dead letters are "the same failure". */
export interface ErrorSignature {
  /** Equal keys mean similar failures. */
  key: string;
  /** The signature in words, ids and numbers replaced by placeholders. */
  label: string;
  /** `body`/`attribute`: an error field; `failure_record`: Lambda's condition and function; `logs`: the consumer's error log line; `none`: no error recorded. */
  source: 'body' | 'attribute' | 'failure_record' | 'logs' | 'none';
  /** The field the error came from (`errorMessage`, `body.error.reason`). */
  field?: string;
}

/** A stream record as a trace shows it: a live event (`StreamEvent`) without the tail's cursor. */
export type TraceStreamEvent = Omit<StreamEvent, 'cursor'>;

/** How a part of a trace was read, or why it could not be. */
export interface ReadNote {
  status: 'complete' | 'partial' | 'trimmed' | 'gone' | 'busy' | 'unavailable' | 'capped' | 'not_applicable';
  message: string;
}

/** The stream records of a failure record's range, as far as they could be read. */
export interface ResolvedRange {
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  events: TraceStreamEvent[];
  /** Where the records came from: the live tail's buffer, a bounded read of the shard, or both. */
  via: 'ring' | 'shard' | 'none';
  note: ReadNote;
  getRecordsCalls: number;
}

/** An item's stream history as far as it could be found. */
export interface ItemHistory {
  ref: ItemRef;
  events: TraceStreamEvent[];
  note: ReadNote;
  /** Key names of the table in schema order, for display. */
  keyNames: string[];
  getRecordsCalls: number;
}

export type TimelineKind =
  | 'stream_insert'
  | 'stream_modify'
  | 'stream_remove'
  | 'failed_record'
  | 'gave_up'
  | 'sent'
  | 'first_receive'
  | 'receives'
  | 'dlq_move'
  | 'redrive'
  | 'redriven_before'
  | 'browsed';

/** One step of a message's life on the trace's timeline. */
export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  /**
   * Epoch ms; with `when: 'after'` a lower bound (SQS does not report when a message moved), with
   * `before` an upper one. Undefined when the source gave no time (a stream record without its
   * creation time): such entries come last, their time shown as unknown.
   */
  at?: number;
  when: 'exact' | 'approximate' | 'after' | 'before';
  title: string;
  detail?: string;
  /** The stream event this entry shows, to open its images and diff. */
  eventID?: string;
  tone: 'neutral' | 'good' | 'bad' | 'warn';
}

/** Another message with the same error signature. */
export interface SimilarFailure {
  queue: string;
  messageId: string;
  sentAt?: number;
  receiveCount?: number;
  /** How many of `receiveCount` this Eddy process made, where it knows (QueueMessage.ownReceiveCount). */
  ownReceiveCount?: number;
  preview: string;
}

/** How a copy is tied to its SNS publish: `exact` by the SNS MessageId its envelope carries; `inferred` for a raw copy, by item, message and time. */
export type CopyLink = 'exact' | 'inferred';

/** One subscription's copy of an SNS publish, found in a queue Eddy read. */
export interface PublishCopy {
  queue: string;
  messageId: string;
  delivery: 'envelope' | 'raw';
  sentAt?: number;
  /** The subscription's queue the copy was delivered or going to, when known. */
  subscriptionQueue?: string;
  link: CopyLink;
  /** Why it belongs to this publish, in words. */
  why: string;
}

/** One SNS publish and the copies of it that were found (lib/sns/publish-copies.ts). */
export interface PublishGroup {
  /** The SNS MessageId when a copy is enveloped, else `raw:<first copy's SQS message id>`. */
  id: string;
  snsMessageId?: string;
  topicArn: string;
  /** When it was published: an envelope's Timestamp (`publishedAtExact`), else its first raw copy's SentTimestamp. */
  publishedAt?: number;
  publishedAtExact: boolean;
  copies: PublishCopy[];
}

/** `GET /api/traces/<queue>/<messageId>`: everything a trace page shows. */
export interface Trace {
  queue: { name: string; arn: string; role: 'dlq' | 'failure_destination' | 'source' | 'plain'; maxReceiveCount?: number; sourceQueue?: string; fifo: boolean };
  message: QueueMessage;
  /** The parsed body: JSON pretty-printed, else text. */
  bodyKind: 'json' | 'text';
  failureRecord?: Extract<FailureRecordParse, { kind: 'failure_record' }>;
  resolved?: ResolvedRange;
  items: ItemHistory[];
  /** Why no item could be linked, when none was. */
  correlationNote?: string;
  signature: ErrorSignature;
  /** The consumer function's error lines for this message, when its logs could be read. */
  logs?: TraceLogs;
  /** Why no log lines are shown, when there are none to show. */
  logsNote?: string;
  similar: { queues: string[]; messages: SimilarFailure[]; scanned: number; note?: string };
  timeline: TimelineEntry[];
  /** Lines that say what could not be resolved and why; empty when everything was. */
  gaps: string[];
  /** The queue the "Redrive this message" action sends to, when one is known. */
  redriveTarget?: string;
  /** For a copy of an SNS publish: the publish, with every copy of it found in the dead-letter and failure queues. */
  publish?: PublishGroup;
  readAt: number;
}

/** One dead letter that references a searched item. */
export interface ItemSearchMessage {
  queue: string;
  messageId: string;
  sentAt?: number;
  receiveCount?: number;
  foundAt: string;
  signature: string;
  preview: string;
}

/** `GET /api/traces?q=`: an item's history and every DLQ or failure-queue message that references it. */
export interface ItemSearchResult {
  query: string;
  /** The items the query resolved to (one per table whose key matched the query's name, or every table for a bare value). */
  items: ItemHistory[];
  messages: ItemSearchMessage[];
  /** The SNS publishes among those messages: each publish's copies linked, exactly or by inference. */
  publishes: PublishGroup[];
  queuesScanned: string[];
  notes: string[];
}

/** `?q=` of the search: "orderId = 42", "orders.orderId = ord-1", or a bare key value. */
export const itemQuerySchema = z.string().trim().min(1, 'Type a key, e.g. orderId = ord-1-ab12, or just its value.').max(1024, 'A key is at most 1024 characters.');

/** Route params of `/api/traces/<queue>/<messageId>`. */
export const traceParamsSchema = z.object({
  queue: z.string().regex(/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, 'not an SQS queue name'),
  messageId: z.string().min(1).max(128),
});

/** The optional `eddy.config.json` part traces read: declared correlation keys. */
export const correlationConfigSchema = z.object({
  correlationKeys: z
    .array(
      z.object({
        table: z.string().min(1),
        /** The key attribute of the table (defaults to its partition key). */
        attribute: z.string().min(1).optional(),
        /** Names a message uses for it, e.g. `order_id`, `x-order-id`. */
        names: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
});
export type CorrelationConfig = z.infer<typeof correlationConfigSchema>;
