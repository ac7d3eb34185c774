import { z } from 'zod';

export const demoActions = ['fix-bug', 'spike', 'stall-notifier', 'ship-schema-change', 'reset'] as const;
export type DemoAction = (typeof demoActions)[number];

/** The demo system's state, as its control API reports it. */
export const demoStatusSchema = z.object({
  bugFixed: z.boolean(),
  /** ISO time the traffic spike ends; null when there is none. */
  spikeUntil: z.string().nullable(),
  notifierStalled: z.boolean(),
  /** The producer writes part of its orders with `total` as a string; absent from an older demo. */
  schemaChangeShipped: z.boolean().optional(),
  rate: z.number(),
  counters: z.record(z.string(), z.number()),
  startedAt: z.string(),
});
export type DemoStatus = z.infer<typeof demoStatusSchema>;

/** A switch's body: `{"on": false}` undoes it; none turns it on. */
export const demoToggleSchema = z.object({ on: z.boolean().optional() }).strict();
export type DemoToggle = z.infer<typeof demoToggleSchema>;
