import { z } from 'zod';

/** The header the browser sends the operator token in (EDDY_OPERATOR_TOKEN), read by the server's mutation policy. */
export const OPERATOR_TOKEN_HEADER = 'x-eddy-operator-token';

/** An SQS queue name: up to 80 of `[A-Za-z0-9_-]`, FIFO names ending in `.fifo` (reference §5.1). */
export const queueNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, 'must be an SQS queue name');

/**
 * `/api/queues`: `fresh=1` refreshes now; `since` (epoch ms) asks for figures from a refresh
 * begun no earlier (the names `/queues` painted first were listed then).
 */
export const queueListQuerySchema = z.object({
  fresh: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  since: z.coerce.number().int().positive().optional(),
});

export const browseQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  override: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
});

export const redriveSelectedSchema = z.object({
  messageIds: z.array(z.string().min(1).max(200)).min(1, 'pick at least one message').max(1_000),
  destinationName: queueNameSchema.optional(),
  /** Send again even messages whose earlier copy was sent but not deleted (Eddy skips them otherwise). */
  insist: z.boolean().optional(),
});
export type RedriveSelectedRequest = z.infer<typeof redriveSelectedSchema>;

/** The skip options of a redrive (issue 17): left in the DLQ and listed. */
export const redriveSkipSchema = z.object({ staleAndGone: z.boolean().optional(), duplicates: z.boolean().optional() });

export const startRedriveSchema = z.object({
  destinationName: queueNameSchema.optional(),
  maxPerSecond: z.number().int().min(1).max(500).optional(),
  canary: z.object({ count: z.number().int().min(1).max(100), watchSeconds: z.number().int().min(5).max(3_600) }).optional(),
  dryRun: z.boolean().optional(),
  /** With a skip, "Redrive all" goes message by message (a move task cannot skip). */
  skip: redriveSkipSchema.optional(),
});
export type StartRedriveRequest = z.infer<typeof startRedriveSchema>;

export const purgeSchema = z.object({ confirmName: z.string() });

/** "Edit and resend": the edited body (SQS's 256 KiB at most) and an optional destination. */
export const resendSchema = z.object({
  body: z.string().min(1, 'the body is empty').max(262_144),
  destinationName: queueNameSchema.optional(),
});
