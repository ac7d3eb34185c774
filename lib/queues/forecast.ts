/** One depth observation of a queue: when (epoch ms) and how many messages waited. */
export interface DepthPoint {
  at: number;
  depth: number;
}

/**
 * Where a queue's backlog is heading, from its recent depth trend:
 * - `empty`: nothing waits;
 * - `draining`: shrinking, empty in `secondsToEmpty` at the current pace;
 * - `growing`: gaining `perMinute` messages a minute;
 * - `steady`: neither (a consumer keeping pace with its producer);
 * - `unknown`: too few samples to tell — or (`noCounts`) the latest reading came without the
 *   queue's counts, so the samples, which stopped there, do not speak of the queue now.
 */
export type DrainForecast =
  | { kind: 'empty' }
  | { kind: 'draining'; perMinute: number; secondsToEmpty: number }
  | { kind: 'growing'; perMinute: number }
  | { kind: 'steady'; perMinute: number }
  | { kind: 'unknown'; noCounts?: true };

/** The forecast of a queue whose latest reading came without its counts. */
export const NO_COUNTS_FORECAST: DrainForecast = { kind: 'unknown', noCounts: true };

/** The trend is read over this much recent history: long enough to smooth bursts, short enough to follow a fix. */
export const FORECAST_WINDOW_MS = 5 * 60_000;
/** Fewer than this many seconds of history says nothing about a trend. */
const MIN_SPAN_MS = 15_000;
/**
 * A queue holds steady when its trend would move it by fewer than 10 messages, or under 10 % of
 * its depth, over the window: a small queue jittering between 2 and 6 is not "growing".
 */
const STEADY_CHANGE = 10;
const STEADY_FRACTION = 0.1;

/** The least-squares slope of depth over time, in messages per minute. */
function slopePerMinute(points: DepthPoint[]): number {
  const n = points.length;
  const t0 = points[0].at;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const x = (p.at - t0) / 60_000;
    sx += x;
    sy += p.depth;
    sxx += x * x;
    sxy += x * p.depth;
  }
  const denominator = n * sxx - sx * sx;
  return denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
}

/**
 * The drain forecast of a queue from its depth samples (any order). Uses the samples of the last
 * `FORECAST_WINDOW_MS` before the newest one; the current depth is the newest sample's.
 */
export function forecastDrain(samples: readonly DepthPoint[]): DrainForecast {
  if (samples.length === 0) return { kind: 'unknown' };
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const latest = sorted[sorted.length - 1];
  if (latest.depth === 0) return { kind: 'empty' };
  const recent = sorted.filter((p) => p.at >= latest.at - FORECAST_WINDOW_MS);
  if (recent.length < 2 || latest.at - recent[0].at < MIN_SPAN_MS) return { kind: 'unknown' };
  const perMinute = slopePerMinute(recent);
  const windowMinutes = FORECAST_WINDOW_MS / 60_000;
  if (Math.abs(perMinute) * windowMinutes < Math.max(STEADY_CHANGE, latest.depth * STEADY_FRACTION)) return { kind: 'steady', perMinute };
  if (perMinute > 0) return { kind: 'growing', perMinute };
  return { kind: 'draining', perMinute, secondsToEmpty: (latest.depth / -perMinute) * 60 };
}

function roundRate(perMinute: number): string {
  const abs = Math.abs(perMinute);
  return abs >= 10 ? String(Math.round(abs)) : abs.toFixed(1).replace(/\.0$/, '');
}

function roughDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400 * 2) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** The forecast in a few words: "drains in 7 min", "growing 120/min", "steady", "empty". */
export function describeForecast(forecast: DrainForecast): string {
  switch (forecast.kind) {
    case 'empty':
      return 'empty';
    case 'draining':
      return `drains in ${roughDuration(forecast.secondsToEmpty)}`;
    case 'growing':
      return `growing ${roundRate(forecast.perMinute)}/min`;
    case 'steady':
      return 'steady';
    case 'unknown':
      return forecast.noCounts ? 'unknown: SQS gave no counts' : 'gathering samples';
  }
}
