import type { SeriesPoint } from '@/lib/types/flow';

/**
 * One point per period from `start` (aligned down to the period) to `end` (exclusive), with the
 * datapoint's value where there is one and null where there is none, so a chart draws a gap
 * instead of a fall to zero. Datapoints outside the range are dropped; two in one slot keep the last.
 */
export function fillGaps(points: readonly { t: number; value: number }[], range: { start: number; end: number; periodMs: number }): SeriesPoint[] {
  const { periodMs } = range;
  if (periodMs <= 0) throw new RangeError('periodMs must be positive');
  const first = Math.floor(range.start / periodMs) * periodMs;
  const bySlot = new Map<number, number>();
  for (const p of points) {
    if (p.t < first || p.t >= range.end || !Number.isFinite(p.value)) continue;
    bySlot.set(Math.floor(p.t / periodMs) * periodMs, p.value);
  }
  const out: SeriesPoint[] = [];
  for (let t = first; t < range.end; t += periodMs) out.push({ t, value: bySlot.get(t) ?? null });
  return out;
}

/** The newest non-null value of a series, or null. */
export function latestValue(series: readonly SeriesPoint[]): number | null {
  for (let i = series.length - 1; i >= 0; i--) {
    const v = series[i].value;
    if (v !== null) return v;
  }
  return null;
}
