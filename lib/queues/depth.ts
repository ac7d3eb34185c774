import type { DepthSample } from '@/lib/lag/queue-lag';
import type { QueueSample } from '@/lib/types/queues';
import type { DepthPoint } from './forecast';

/** The three counts SQS reports for a queue (ApproximateNumberOfMessages, …NotVisible, …Delayed). */
export interface DepthParts {
  visible: number;
  inFlight: number;
  delayed: number;
}

/**
 * A queue's depth, the one definition every page, forecast, tile and health rule reads: every
 * message the queue holds — visible, in flight (received, not yet deleted) and delayed. In-flight
 * messages count because a consumer that fails puts them back; leaving them out made a stuck
 * consumer look like a drained queue. Screens show the three parts beside the sum.
 * A part SQS did not return makes the depth unknown (undefined): a sum that took it as 0 would
 * show a smaller backlog than the queue holds.
 */
export function queueDepth(parts: DepthParts): number;
export function queueDepth(parts: Partial<DepthParts>): number | undefined;
export function queueDepth(parts: Partial<DepthParts>): number | undefined {
  if (parts.visible === undefined || parts.inFlight === undefined || parts.delayed === undefined) return undefined;
  return parts.visible + parts.inFlight + parts.delayed;
}

/** The three parts when all are known (a sample can be taken), else undefined. */
export function knownDepthParts(parts: Partial<DepthParts>): DepthParts | undefined {
  if (parts.visible === undefined || parts.inFlight === undefined || parts.delayed === undefined) return undefined;
  return { visible: parts.visible, inFlight: parts.inFlight, delayed: parts.delayed };
}

/** Orders by depth, deepest first; an unknown depth after every known one. */
export function compareDepthDescending(a: Partial<DepthParts>, b: Partial<DepthParts>): number {
  const da = queueDepth(a);
  const db = queueDepth(b);
  if (da === undefined || db === undefined) return da === db ? 0 : da === undefined ? 1 : -1;
  return db - da;
}

/** A sampler history as depth points (`at`, `depth`) for the drain forecast and net-change charts. */
export function depthPoints(history: readonly QueueSample[]): DepthPoint[] {
  return history.map((s) => ({ at: s.at, depth: queueDepth(s) }));
}

/** A sampler history as depth samples (`t`, `depth`) for the lag and dead-letter rules. */
export function depthSamples(history: readonly QueueSample[]): DepthSample[] {
  return history.map((s) => ({ t: s.at, depth: queueDepth(s) }));
}

/**
 * A history for a depth sparkline: a sample whose depth equals both its neighbours' lies on the
 * line between them and is dropped, so a steady queue sends its first and last sample only (the
 * list of 1,000 queues carried every sample of every row, growing by ~70 KB per refresh).
 */
export function sparklineSamples(history: readonly QueueSample[]): QueueSample[] {
  return history.filter((s, i) => i === 0 || i === history.length - 1 || queueDepth(s) !== queueDepth(history[i - 1]) || queueDepth(s) !== queueDepth(history[i + 1]));
}
