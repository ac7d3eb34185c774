import { z } from 'zod';

/** One kind of drift in a table's item shape (lib/streams/schema.ts). */
export const schemaDriftSchema = z.object({
  kind: z.enum(['type_changed', 'attribute_missing', 'new_version']),
  attribute: z.string(),
  /** Epoch ms of the first image that showed it (the record's ApproximateCreationDateTime). */
  since: z.number(),
  lastSeen: z.number(),
  /** Images that showed it. */
  count: z.number(),
  message: z.string(),
});
export type SchemaDrift = z.infer<typeof schemaDriftSchema>;

export const schemaAttributeSchema = z.object({
  name: z.string(),
  /** Images that carried it. */
  count: z.number(),
  /** Share of the learned images that carried it (0–1). */
  share: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** `drifted`: the type first appeared after the attribute was established (a type change). */
  types: z.array(z.object({ type: z.string(), count: z.number(), firstSeen: z.number(), lastSeen: z.number(), drifted: z.boolean() })),
});
export type SchemaAttribute = z.infer<typeof schemaAttributeSchema>;

/** What Eddy learned of a table's item shape from the new images its live tail decoded. */
export const tableSchemaSchema = z.object({
  table: z.string(),
  /** New images learned from (INSERT and MODIFY records). */
  images: z.number(),
  firstSeen: z.number().optional(),
  lastSeen: z.number().optional(),
  attributes: z.array(schemaAttributeSchema),
  /** Attributes beyond the tracked limit, not shown. */
  attributesNotTracked: z.number().optional(),
  version: z
    .object({
      attribute: z.string(),
      /** Too many distinct values to be a schema version (an optimistic-locking counter): new values are not drift. */
      counter: z.boolean(),
      values: z.array(z.object({ value: z.string(), count: z.number(), firstSeen: z.number(), lastSeen: z.number() })),
    })
    .optional(),
  drift: z.array(schemaDriftSchema),
  /** Where the figures come from and what they cannot see, in words. */
  source: z.string(),
});
export type TableSchema = z.infer<typeof tableSchemaSchema>;
