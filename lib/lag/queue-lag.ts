import { QUEUE_GROWTH_MIN_MESSAGES, QUEUE_GROWTH_MIN_SAMPLES, QUEUE_GROWTH_MIN_SPAN_MS } from './thresholds';

/** One observation of a queue's depth (`lib/queues/depth.ts`) at epoch ms `t`. */
export interface DepthSample {
  t: number;
  depth: number;
}

/** Depth change per minute between the first and last sample, null with fewer than two or no time between them. */
export function growthPerMinute(samples: readonly DepthSample[]): number | null {
  if (samples.length < 2) return null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const span = last.t - first.t;
  if (span <= 0) return null;
  return ((last.depth - first.depth) / span) * 60_000;
}

/**
 * Whether the backlog grows steadily: the trailing run of samples in which depth never fell spans
 * enough samples and time, and rose by enough messages.
 */
export function isBacklogGrowing(samples: readonly DepthSample[]): boolean {
  if (samples.length < QUEUE_GROWTH_MIN_SAMPLES) return false;
  let start = samples.length - 1;
  while (start > 0 && samples[start - 1].depth <= samples[start].depth) start--;
  const run = samples.slice(start);
  if (run.length < QUEUE_GROWTH_MIN_SAMPLES) return false;
  const first = run[0];
  const last = run[run.length - 1];
  return last.t - first.t >= QUEUE_GROWTH_MIN_SPAN_MS && last.depth - first.depth >= QUEUE_GROWTH_MIN_MESSAGES;
}

/**
 * Messages that arrived in a DLQ within `windowMs` before `now`: the sum of the depth increases
 * between consecutive samples. A redrive or purge lowers the depth and adds nothing. Null when
 * fewer than two samples fall in the window.
 */
export function newDeadLetters(samples: readonly DepthSample[], now: number, windowMs: number): number | null {
  const inWindow = samples.filter((s) => s.t >= now - windowMs);
  // The sample just before the window is the baseline of the first increase inside it.
  const before = samples.filter((s) => s.t < now - windowMs).at(-1);
  const series = before ? [before, ...inWindow] : inWindow;
  if (series.length < 2) return null;
  let added = 0;
  for (let i = 1; i < series.length; i++) added += Math.max(0, series[i].depth - series[i - 1].depth);
  return added;
}
