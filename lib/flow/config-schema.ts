import { z } from 'zod';
import type { ResourceRef } from '@/lib/types/flow';
import { correlationConfigSchema } from '@/lib/types/traces';
import { healthThresholdsSchema } from '@/lib/health/thresholds';
import { environmentsSchema } from '@/lib/environments/schema';

/** `queue:fulfillment`, `table:orders` (its stream), `function:notifier`, `consumer:shipping-worker`. */
const refSchema = z
  .string()
  .trim()
  .regex(/^(table|queue|function|consumer):[^\s:][^\s]*$/, 'must be "<table|queue|function|consumer>:<name>", e.g. "queue:fulfillment"');

const consumerSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(256),
  description: z.string().max(1000).optional(),
  /** What the worker consumes: queues or tables' streams. */
  reads: z.array(refSchema).default([]),
  /** What it sends to or writes. */
  writes: z.array(refSchema).default([]),
});

const edgeSchema = z.strictObject({
  from: refSchema,
  to: refSchema,
  label: z.string().max(100).optional(),
});

/**
 * `eddy.config.json`: consumers that are not Lambda functions (containers, EC2 workers), edges
 * AWS configuration cannot show, and the correlation keys traces use to link messages to items.
 * Everything is optional.
 */
export const eddyConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  consumers: z.array(consumerSchema).default([]),
  edges: z.array(edgeSchema).default([]),
  correlationKeys: correlationConfigSchema.shape.correlationKeys,
  /** The health engine's thresholds (lib/health/thresholds.ts); each optional, defaults there. */
  health: healthThresholdsSchema.optional(),
  /** Several accounts and regions (lib/environments/schema.ts); read at start by server/environments.ts. */
  environments: environmentsSchema.optional(),
});

export type EddyConfig = z.infer<typeof eddyConfigSchema>;

export const EMPTY_EDDY_CONFIG: EddyConfig = { consumers: [], edges: [], correlationKeys: [] };

/** Parses a `kind:name` reference already validated by the schema. */
export function parseRef(ref: string): ResourceRef {
  const at = ref.indexOf(':');
  return { kind: ref.slice(0, at) as ResourceRef['kind'], name: ref.slice(at + 1) };
}

/**
 * Parses the file's text: the config, or the empty config and one readable line per problem.
 * Never throws, so a typo in the file shows up on the home page instead of breaking it.
 */
export function parseEddyConfig(text: string): { config: EddyConfig; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { config: EMPTY_EDDY_CONFIG, errors: [`not valid JSON: ${(error as Error).message}`] };
  }
  const result = eddyConfigSchema.safeParse(json);
  if (result.success) return { config: result.data, errors: [] };
  return {
    config: EMPTY_EDDY_CONFIG,
    errors: result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'file'}: ${issue.message}`),
  };
}
