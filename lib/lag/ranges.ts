import { z } from 'zod';

/** The chart ranges offered, in minutes. */
export const LAG_RANGES_MINUTES = [15, 60, 180, 1440] as const;
export type LagRangeMinutes = (typeof LAG_RANGES_MINUTES)[number];

/** `?minutes=` in a URL: one of the offered ranges, default an hour. */
export const lagRangeSchema = z.coerce
  .number()
  .refine((n): n is LagRangeMinutes => (LAG_RANGES_MINUTES as readonly number[]).includes(n), { message: `must be one of ${LAG_RANGES_MINUTES.join(', ')}` })
  .catch(60) as unknown as z.ZodType<LagRangeMinutes>;

export function lagRangeLabel(minutes: LagRangeMinutes): string {
  return minutes < 60 ? `${minutes} min` : minutes < 1440 ? `${minutes / 60} h` : '24 h';
}
