import type { OldestAge } from './figures';
import type { Gap } from './access';
import type { DrainForecast } from '../queues/forecast';

/** An SQS queue with the attributes Eddy shows, all numbers already parsed. */
export interface QueueSummary {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  /**
   * ApproximateNumberOfMessages, …NotVisible and …Delayed; each undefined when the endpoint did not
   * return it (see `countsUnknownReason`) — unknown, never 0. `queueDepth` sums them, or is unknown.
   */
  visible?: number;
  inFlight?: number;
  delayed?: number;
  /** Why a count above is unknown, in words, when one is. */
  countsUnknownReason?: string;
  retentionSeconds: number;
  visibilityTimeoutSeconds: number;
  /** When SQS created the queue (ISO); undefined when the server did not say. */
  createdAt?: string;
  /** Where this queue's dead letters go; `maxReceiveCount` undefined when the policy does not state it. */
  redrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount?: number };
}

/** A queue with its place in the DLQ wiring. */
export interface QueueWithRole extends QueueSummary {
  role: 'source' | 'dlq' | 'plain';
  /** For a DLQ: the names of the queues that send to it. */
  sourceNames: string[];
}

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

/** One message move task (a "Redrive all"), as ListMessageMoveTasks reports it. */
export interface MoveTask {
  status: MoveTaskStatus;
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  /** ApproximateNumberOfMessagesMoved; undefined when SQS did not say (not counted, not none). */
  moved?: number;
  /** SQS counts the messages to move once the task is selected to start: undefined until then. */
  toMove?: number;
  failureReason?: string;
  /** ISO; undefined when SQS did not return StartedTimestamp (unknown, never 1970). */
  startedAt?: string;
  /** Only a RUNNING task carries one. */
  taskHandle?: string;
}

/**
 * One sampler observation of a queue (epoch ms). Only measured counts make a sample: a refresh
 * that got no count for a queue adds none to its history.
 */
export interface QueueSample {
  at: number;
  visible: number;
  inFlight: number;
  delayed: number;
}

/** A row of `/queues`: the queue, its recent depth and where the backlog is heading. */
export interface QueueRow extends QueueWithRole {
  /** Recent depth samples, oldest first, for the sparkline: only where the depth changes, and the ends. */
  history: QueueSample[];
  forecast: DrainForecast;
  /** CloudWatch's ApproximateAgeOfOldestMessage (s), when CloudWatch answers. */
  ageOfOldestSeconds?: number;
  /** The CloudWatch minute (epoch ms) `ageOfOldestSeconds` covers. */
  ageOfOldestMinute?: number;
  /** The age Eddy vouches for: empty by its own sample, CloudWatch's labelled minute, or bounded by its samples. */
  oldestAge?: OldestAge;
  /** Lambda functions whose on-failure destination is this queue. */
  failureDestinationOf: string[];
}

/** `/api/queues`: every queue and how fresh the figures are. */
export interface QueueListing {
  queues: QueueRow[];
  /** When the attributes were fetched (ISO). */
  sampledAt: string;
  /** SQS calls made to answer this request (0 when served from the sampler's cache). */
  sqsCalls: number;
  /** What could not be read (CloudWatch ages, Lambda destinations), with what it costs. */
  gaps?: Gap[];
}

/**
 * What `/queues` paints first: the sampler's figures when they are current and cover every
 * queue, else the names alone (ListQueues, sorted; `listedAt`, epoch ms) while the figures are
 * read. Names only, not URLs: 1,000 queues cost the page a few kilobytes, and the type follows
 * from the name (`.fifo`).
 */
export type QueuesFirstPaint = { kind: 'figures'; listing: QueueListing } | { kind: 'names'; names: string[]; listedAt: number };

/** One CloudWatch or sampler time series: epoch ms and values, oldest first. */
export interface Series {
  at: number[];
  values: number[];
}

/** `/api/queues/<name>`: the queue page's figures. */
export interface QueueDetail {
  queue: QueueRow;
  /** The full attribute map GetQueueAttributes(All) returned, for the settings table. */
  attributes: Record<string, string>;
  /** For a source: its DLQ's name; for a DLQ: its sources' names with their retention. */
  deadLetterQueue?: { name: string; maxReceiveCount?: number };
  sources: {
    name: string;
    retentionSeconds: number;
    /** Its ApproximateNumberOfMessagesNotVisible at `sampledAt` (epoch ms): FIFO groups held behind an in-flight message. */
    inFlight?: number;
    sampledAt?: number;
    /** Its RedrivePolicy's maxReceiveCount. */
    maxReceiveCount?: number;
  }[];
  /** The charts' range in minutes (`?minutes=`, as on the function page) and CloudWatch's period for it. */
  range: { minutes: number; start: number; end: number; periodSeconds: number };
  /** CloudWatch series over `range` when CloudWatch answers, else undefined and the charts use `queue.history`. */
  metrics?: {
    ageOfOldest: Series;
    sent: Series;
    received: Series;
    deleted: Series;
    /** Of `received`, the messages Eddy itself received (browsing, traces, scans), counted by Eddy per minute. */
    receivedByEddy?: Series;
    /** Depth parts (Maximum per period): the depth chart over ranges longer than Eddy's samples reach. */
    visible: Series;
    inFlight: Series;
    delayed: Series;
  };
  metricsError?: string;
  /** Why this queue is browsed only on request (it has a RedrivePolicy), if so. */
  browseWarning?: string;
  /** Whether StartMessageMoveTask applies (some RedrivePolicy names this queue). */
  canMoveTask: boolean;
  retentionWarning?: string;
}

/** A message as the DLQ page shows it: every field decoded, nothing hidden. */
export interface QueueMessage {
  messageId: string;
  /** The body, cut to `PAGE_BODY_CHARS` in a page (`bodyTruncated`); whole from the single-message read. */
  body: string;
  bodyBytes: number;
  bodyTruncated?: boolean;
  /** Message attributes; binary values as base64. */
  attributes: { name: string; dataType: string; value: string; binary: boolean }[];
  /** System attributes as SQS returned them. */
  systemAttributes: Record<string, string>;
  /** ApproximateReceiveCount; undefined when the endpoint did not return it (see `unknownReason`). */
  receiveCount?: number;
  /**
   * How many of `receiveCount` this Eddy process made itself (its browses, scans and lookups, the
   * receive that read this copy included): SQS counts every receive. Undefined when Eddy cannot
   * know — the message was sent before this process started, or too many messages ago.
   */
  ownReceiveCount?: number;
  /** SentTimestamp (epoch ms); undefined when the endpoint did not return it. */
  sentAt?: number;
  /**
   * The queue the message was dead-lettered from, by name: its DeadLetterQueueSourceArn, else the
   * DLQ's only source queue (ListDeadLetterSourceQueues), then `sourceQueueInferred` is set.
   */
  sourceQueue?: string;
  sourceQueueInferred?: boolean;
  /** How an inferred source was found: the DLQ's only source queue, or the SNS subscription whose RedrivePolicy names the DLQ. */
  sourceQueueVia?: 'only-source' | 'subscription';
  /** Why a system attribute above is unknown, in words, when one is. */
  unknownReason?: string;
  /** Set when the message was put back by Eddy's "redrive selected" before. */
  redrivenFrom?: string;
  /** Set when its shape differs from the table's recent successful traffic (schema drift), in words. */
  shapeNote?: string;
}

/** `/api/queues/<name>/messages`: a browse of a queue with a short lease. */
export interface MessagePage {
  messages: QueueMessage[];
  /** The lease each message was hidden for at most, in seconds. */
  leaseSeconds: number;
  /** Whether more messages were visible than returned (the cap was reached). */
  more: boolean;
  maxReceiveCount?: number;
  /** The queue's depth at browse time; undefined when SQS did not return its counts. */
  approximateTotal?: number;
  sqsCalls: number;
}

/** The outcome of putting one selected message back. */
export interface SelectedOutcome {
  messageId: string;
  /**
   * `sent_not_deleted`: the copy went out but the DLQ's delete failed, so it is in both queues;
   * `already_sent`: an earlier such redrive is remembered, so it was not sent again;
   * `skipped`: left in the DLQ by a skip option (stale, deleted item, duplicate).
   */
  status: 'redriven' | 'not_found' | 'failed' | 'sent_not_deleted' | 'already_sent' | 'skipped';
  destination?: string;
  newMessageId?: string;
  message?: string;
}

/** A dry run of "Redrive all": how many messages would go where. */
export interface RedrivePlan {
  dlqName: string;
  /** The DLQ's ApproximateNumberOfMessages; undefined when SQS did not return it. */
  total?: number;
  /** Each destination's share of `total` (undefined with it). */
  destinations: { queueName: string; count?: number }[];
  /** How many messages were looked at to split `total` between destinations. */
  sampled: number;
  note?: string;
}

/** A redrive started by Eddy: a move task, possibly behind a canary. */
export interface RedriveJob {
  id: string;
  dlqName: string;
  destinationName?: string;
  maxPerSecond?: number;
  phase: 'canary' | 'watching' | 'moving' | 'completed' | 'stopped' | 'failed' | 'cancelled';
  canary?: { sent: number; returned: number; watchSeconds: number; watchUntil?: string };
  task?: MoveTask;
  /**
   * A redrive that skips messages (stale, deleted items, duplicates) goes message by message, send
   * then delete, since a move task cannot skip: its own counters, and the messages left in the DLQ.
   */
  perMessage?: {
    moved: number;
    toMove: number;
    sentNotDeleted: number;
    failed: number;
    skipped: { messageId: string; class: string; reason: string }[];
  };
  message?: string;
  startedAt: string;
}

/** What mutations are allowed, for the buttons. */
export interface MutationPolicy {
  readOnly: boolean;
  /** Why, in words, when read-only. */
  reason?: string;
  tokenRequired: boolean;
}
