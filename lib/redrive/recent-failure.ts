import { queueDepth } from '../queues/depth';
import type { QueueSample } from '../types/queues';

/** How far back "the consumer failed recently" looks (issue 17: the last 5 minutes). */
export const RECENT_FAILURE_WINDOW_MS = 5 * 60_000;

/** What Eddy's samples of a DLQ say about new dead letters in the window. */
export type DlqArrivals =
  | { measured: true; arrived: number; lastAt?: number }
  /** The sampler has not watched the DLQ across the window: unknown, never 0. */
  | { measured: false; reason: string };

/**
 * New dead letters in the last `windowMs`, from the sampler's depth history of the DLQ: the sum of
 * the rises of its depth (visible + in flight + delayed) between consecutive samples in the window.
 * A rise means messages arrived faster than they left; arrivals hidden by simultaneous redrives are
 * not seen, so this is a lower bound. Needs a sample at or before the window's start and one in it.
 */
export function dlqArrivals(samples: readonly QueueSample[], now: number, windowMs = RECENT_FAILURE_WINDOW_MS): DlqArrivals {
  const from = now - windowMs;
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  let startIndex = -1;
  sorted.forEach((s, i) => {
    if (s.at <= from) startIndex = i;
  });
  const inWindow = sorted.slice(Math.max(0, startIndex));
  if (inWindow.length < 2 || inWindow[inWindow.length - 1].at <= from) {
    return { measured: false, reason: `Eddy has not sampled this DLQ over the last ${Math.round(windowMs / 60_000)} minutes yet.` };
  }
  let arrived = 0;
  let lastAt: number | undefined;
  for (let i = 1; i < inWindow.length; i++) {
    const rise = queueDepth(inWindow[i]) - queueDepth(inWindow[i - 1]);
    if (rise > 0) {
      arrived += rise;
      lastAt = inWindow[i].at;
    }
  }
  // A window not covered from its start: what happened before the first sample is unknown.
  if (startIndex < 0 && arrived === 0) return { measured: false, reason: `Eddy has sampled this DLQ only since ${new Date(sorted[0].at).toISOString()}.` };
  return { measured: true, arrived, lastAt };
}

/** A mapping's LastProcessingResult that says its last invocation failed (`PROBLEM: Function call failed`). */
export function mappingFailing(lastProcessingResult: string | undefined): boolean {
  return lastProcessingResult !== undefined && /^PROBLEM/i.test(lastProcessingResult.trim());
}
