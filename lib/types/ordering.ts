import { z } from 'zod';
import { attributeMapSchema, streamEventNameSchema } from './streams';

export const orderingGapSchema = z.object({
  kind: z.enum(['insert_without_remove', 'change_after_remove', 'remove_before_insert', 'image_mismatch', 'sequence_regressed']),
  message: z.string(),
});

/** One item's changes among the events the live tail holds, in order, gaps flagged (lib/streams/ordering.ts). */
export const itemOrderSchema = z.object({
  keys: attributeMapSchema,
  steps: z.array(
    z.object({
      eventID: z.string(),
      eventName: streamEventNameSchema,
      sequenceNumber: z.string(),
      shardId: z.string(),
      /** Undefined when the record did not carry its creation time. */
      approximateCreationTime: z.number().optional(),
      gaps: z.array(orderingGapSchema),
    }),
  ),
});
export type ItemOrder = z.infer<typeof itemOrderSchema>;

/** `/api/streams/<table>/ordering`: the per-item order check over the events the tail holds. */
export const orderingReportSchema = z.object({
  table: z.string(),
  /** Events checked (what the live tail's ring holds now). */
  events: z.number(),
  /** Items with two or more changes among them: the only ones whose order can be checked. */
  itemsChecked: z.number(),
  itemsWithGaps: z.number(),
  /** The items with gaps, most recent first, at most `ITEMS_SHOWN`. */
  items: z.array(itemOrderSchema),
  /** Where the figures come from, in words. */
  source: z.string(),
});
export type OrderingReport = z.infer<typeof orderingReportSchema>;
