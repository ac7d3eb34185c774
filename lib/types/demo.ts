import { z } from 'zod';

export const demoActions = ['fix-bug', 'spike', 'stall-notifier', 'break-subscription', 'reset'] as const;
export type DemoAction = (typeof demoActions)[number];

/** The demo system's state, as its control API reports it. */
export const demoStatusSchema = z.object({
  bugFixed: z.boolean(),
  /** ISO time the traffic spike ends; null when there is none. */
  spikeUntil: z.string().nullable(),
  notifierStalled: z.boolean(),
  /** `notifications` refuses `order-events` deliveries (absent from a demo that predates the switch). */
  subscriptionBroken: z.boolean().optional(),
  rate: z.number(),
  counters: z.record(z.string(), z.number()),
  startedAt: z.string(),
});
export type DemoStatus = z.infer<typeof demoStatusSchema>;
