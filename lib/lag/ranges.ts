import { z } from 'zod';

/** The chart ranges offered, in minutes. */
export const LAG_RANGES_MINUTES = [15, 60, 180, 1440] as const;
export type LagRangeMinutes = (typeof LAG_RANGES_MINUTES)[number];

/** `?minutes=` in a URL: one of the offered ranges, default an hour. */
export const lagRangeSchema = z.coerce
  .number()
  .refine((n): n is LagRangeMinutes => (LAG_RANGES_MINUTES as readonly number[]).includes(n), { message: `must be one of ${LAG_RANGES_MINUTES.join(', ')}` })
  .catch(60) as unknown as z.ZodType<LagRangeMinutes>;

/**
 * The CloudWatch window of a chart over the last `minutes`: up to 3 h at one-minute resolution,
 * beyond that 5-minute periods keep a chart under 300 points; it ends at the next period boundary.
 */
export function metricRange(minutes: number, now = Date.now()): { start: number; end: number; periodSeconds: number; periodMs: number } {
  const periodSeconds = minutes > 180 ? 300 : 60;
  const periodMs = periodSeconds * 1000;
  const end = Math.ceil(now / periodMs) * periodMs;
  return { start: end - minutes * 60_000, end, periodSeconds, periodMs };
}

export function lagRangeLabel(minutes: LagRangeMinutes): string {
  return minutes < 60 ? `${minutes} min` : minutes < 1440 ? `${minutes / 60} h` : '24 h';
}
