import { z } from 'zod';

export const demoActions = ['fix-bug', 'spike', 'stall-notifier', 'ship-schema-change', 'break-subscription', 'reset'] as const;
export type DemoAction = (typeof demoActions)[number];

/**
 * The banner's switches, in banner order. Each is a control action that switches it on when
 * posted without a body (or `{"on": true}`) and off again with `{"on": false}`; the status's
 * `switches` map says which are on. A new switch adds its action above and a line here.
 */
export const demoSwitches: readonly { action: Exclude<DemoAction, 'reset'>; label: string }[] = [
  { action: 'fix-bug', label: 'Fix the fulfillment bug' },
  { action: 'spike', label: 'Traffic spike' },
  { action: 'stall-notifier', label: 'Stall the notifier' },
  { action: 'ship-schema-change', label: 'Ship a schema change' },
  { action: 'break-subscription', label: 'Break a subscription' },
];

/** The body of `POST /api/demo/<action>`: `{"on": false}` switches a switch off; default on. */
export const demoActionBodySchema = z.object({ on: z.boolean().optional() }).strict();
export type DemoActionBody = z.infer<typeof demoActionBodySchema>;

/** The demo system's state, as its control API reports it. */
export const demoStatusSchema = z.object({
  /** Which switches are on, keyed by action; a switch the demo does not report is off. */
  switches: z.record(z.string(), z.boolean()).default({}),
  bugFixed: z.boolean(),
  /** ISO time the traffic spike ends; null when there is none. */
  spikeUntil: z.string().nullable(),
  notifierStalled: z.boolean(),
  /** The producer writes part of its orders with `total` as a string; absent from an older demo. */
  schemaChangeShipped: z.boolean().optional(),
  /** `notifications` refuses `order-events` deliveries (absent from a demo that predates the switch). */
  subscriptionBroken: z.boolean().optional(),
  rate: z.number(),
  counters: z.record(z.string(), z.number()),
  startedAt: z.string(),
});
export type DemoStatus = z.infer<typeof demoStatusSchema>;
