import type { Gap } from './access';
import type { Finding } from './flow';

/** One SNS subscription as Eddy discovered it (ListSubscriptions + GetSubscriptionAttributes). */
export interface SubscriptionSummary {
  arn: string;
  topicArn: string;
  /** `sqs`, `lambda`, `https`, `email`, … */
  protocol: string;
  endpoint: string;
  /** The queue or function name the endpoint ARN names; the endpoint itself for other protocols. */
  endpointName: string;
  /** `PendingConfirmation` until confirmed (an `sqs` subscription is confirmed at once). */
  pending: boolean;
  /** Raw delivery: the bare message, no SNS envelope. */
  raw: boolean;
  /** The filter policy as set (JSON text), undefined when every message passes. */
  filterPolicy?: string;
  filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  /** The subscription's dead-letter queue (its RedrivePolicy), undefined without one. */
  deadLetterTargetArn?: string;
  /** Whether GetSubscriptionAttributes answered: without it raw/filter/DLQ are unknown, not absent. */
  attributesKnown: boolean;
}

export interface TopicSummary {
  name: string;
  arn: string;
  fifo: boolean;
  subscriptions: SubscriptionSummary[];
}

/** `AWS/SNS` counts over a window; each `null` when CloudWatch has no datapoint of it there (or was not read). */
export interface TopicCounts {
  published: number | null;
  delivered: number | null;
  failed: number | null;
  filteredOut: number | null;
}

/** A topic's `AWS/SNS` figures (CloudWatch, one-minute sums, per `TopicName`). */
export interface TopicFigures {
  /** NumberOfMessagesPublished per second over the last 5 minutes; null without a datapoint there. */
  publishedPerSecond: number | null;
  /** The last 10 minutes. */
  recent: TopicCounts;
  /** The last 60 minutes: what the findings judge "for a long time" by. */
  hour: TopicCounts;
  /** ISO time of the newest datapoint; null when there is none. */
  at: string | null;
}

/** What `/topics` shows. */
export interface TopicsOverview {
  topics: (TopicSummary & { figures: TopicFigures })[];
  /** The health engine's open findings about the topics, each with `since`. */
  findings: Finding[];
  /** ISO time of the engine's last evaluation; null before the first (no all-clear yet). */
  healthEvaluatedAt: string | null;
  /** ISO time the topics and subscriptions were discovered. */
  discoveredAt: string;
  /** Why figures are missing (CloudWatch unread), when they are. */
  warnings: string[];
  gaps: Gap[];
}
