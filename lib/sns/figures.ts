import type { TopicCounts, TopicFigures } from '../types/topics';

/** A datapoint: epoch ms and value (CloudWatch one-minute Sum). */
export interface CountPoint {
  t: number;
  value: number;
}

/** The `AWS/SNS` metrics a topic's figures are made of, by the names CloudWatch uses. */
export const TOPIC_METRICS = {
  published: 'NumberOfMessagesPublished',
  delivered: 'NumberOfNotificationsDelivered',
  failed: 'NumberOfNotificationsFailed',
  filteredOut: 'NumberOfNotificationsFilteredOut',
} as const satisfies Record<keyof TopicCounts, string>;

export type TopicMetricKey = keyof typeof TOPIC_METRICS;

const MINUTE_MS = 60_000;

/** The sum of the datapoints that start within the last `minutes` before `now`; null when there is none. */
function sumSince(points: readonly CountPoint[] | undefined, now: number, minutes: number): number | null {
  const from = now - minutes * MINUTE_MS;
  const inWindow = (points ?? []).filter((p) => p.t >= from && p.t <= now);
  return inWindow.length === 0 ? null : inWindow.reduce((sum, p) => sum + p.value, 0);
}

/**
 * A topic's figures from its one-minute sums: published per second over the last 5 minutes, and
 * counts over the last 10 and 60. SNS emits no datapoint for a minute without activity, so a
 * missing datapoint is "not measured" (`null`, shown as "—"), never a zero.
 */
export function topicFigures(points: Partial<Record<TopicMetricKey, readonly CountPoint[]>>, now: number): TopicFigures {
  const counts = (minutes: number): TopicCounts => ({
    published: sumSince(points.published, now, minutes),
    delivered: sumSince(points.delivered, now, minutes),
    failed: sumSince(points.failed, now, minutes),
    filteredOut: sumSince(points.filteredOut, now, minutes),
  });
  const published5 = sumSince(points.published, now, 5);
  const newest = Math.max(...Object.values(points).flatMap((list) => (list ?? []).map((p) => p.t)), -Infinity);
  return {
    publishedPerSecond: published5 === null ? null : published5 / 300,
    recent: counts(10),
    hour: counts(60),
    at: Number.isFinite(newest) ? new Date(newest).toISOString() : null,
  };
}

/** A figure with no datapoint yet: what a topic shows before (or without) CloudWatch. */
export const UNMEASURED_FIGURES: TopicFigures = {
  publishedPerSecond: null,
  recent: { published: null, delivered: null, failed: null, filteredOut: null },
  hour: { published: null, delivered: null, failed: null, filteredOut: null },
  at: null,
};
