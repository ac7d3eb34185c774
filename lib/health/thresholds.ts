import { z } from 'zod';
import { DATA_LOSS_CRITICAL_MS, DLQ_RECENT_WINDOW_MS, ITERATOR_AGE_LAGGING_MS, QUEUE_OLDEST_AGE_LAGGING_SECONDS } from '@/lib/lag/thresholds';

/**
 * Every threshold of the health engine, in one place. Defaults here; `eddy.config.json`'s
 * `health` object overrides any of them (README, "Health and alerts").
 */
export const healthThresholdsSchema = z.strictObject({
  /**
   * Seconds between evaluations: the sampler's watched pace (10 s), so each evaluation sees a new
   * sample, and a finding that holds opens within 10–20 s of the rule first holding.
   */
  evaluateEverySeconds: z.number().min(1).max(600).default(10),
  /** A finding opens once it held for this many consecutive evaluations. */
  openAfterEvaluations: z.number().int().min(1).max(20).default(2),
  /** A finding closes only after it has been clear for this long (s). */
  closeAfterClearSeconds: z.number().min(0).max(86_400).default(120),
  /** A DLQ that received a message within this window (min) is open. */
  dlqNewWindowMinutes: z.number().min(1).max(24 * 60).default(DLQ_RECENT_WINDOW_MS / 60_000),
  /** The age of a queue's oldest message (s) above which its consumer does not keep up. */
  oldestMessageAgeSeconds: z.number().min(1).default(QUEUE_OLDEST_AGE_LAGGING_SECONDS),
  /**
   * "Backlog growing" needs at least this many messages waiting: a queue of a handful of retried
   * messages trends up and down within seconds (the demo's fragile orders do), and a warning on it
   * would only teach people to ignore the colour.
   */
  backlogGrowingMinDepth: z.number().int().min(0).default(50),
  /**
   * A queue with no message in flight over this long (s) while its backlog grows is stalled. 30 s:
   * four samples at the watched 10 s pace, so a stall is named within a minute (the goal:
   * 30 s + two evaluations); a consumer that is merely slow keeps messages in flight, and Lambda's
   * poller holds a batch in flight through its batching window. With no page watching, the rule
   * still needs three samples: two minutes at the unwatched 60 s pace.
   */
  stalledAfterSeconds: z.number().min(10).max(3_600).default(30),
  /** Errors / Invocations over the metrics window at or above this share is a failing function. */
  errorRate: z.number().min(0).max(1).default(0.1),
  /** …counted only with at least this many invocations in the window (no verdict on 1 of 2). */
  errorRateMinInvocations: z.number().int().min(1).default(5),
  /** The window (min) Errors and Invocations are summed over. */
  errorRateWindowMinutes: z.number().min(1).max(60).default(5),
  /** A stream consumer's IteratorAge (ms) at or above this is behind. */
  iteratorAgeMs: z.number().min(0).default(ITERATOR_AGE_LAGGING_MS),
  /** The stream data-loss clock (time before unread records are trimmed, ms) below this is critical. */
  dataLossClockMs: z.number().min(0).default(DATA_LOSS_CRITICAL_MS),
});

export type HealthThresholds = z.infer<typeof healthThresholdsSchema>;

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = healthThresholdsSchema.parse({});
