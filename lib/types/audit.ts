import { z } from 'zod';

/** One line of the append-only audit log: who did what to which queues, and how it ended. */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  queues: z.array(z.string()),
  /** For actions on chosen messages ("redrive selected"): their ids and those of the copies sent. */
  messageIds: z.array(z.string()).optional(),
  outcome: z.enum(['started', 'succeeded', 'failed', 'refused', 'cancelled']),
  detail: z.string().optional(),
  /** With sign-in: the signed-in user who acted (or was refused), and their role. */
  identity: z.object({ email: z.string(), role: z.enum(['viewer', 'operator']) }).optional(),
  /** The environment (eddy.config.json `environments`) acted in; absent in entries written before, which belong to the default one. */
  environment: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * The audit actions Eddy records, named as the user chose them: a canary is the first step of
 * "redrive all" and is recorded as `redrive-all` (its detail says "canary"). Logs written before
 * hold `canary`; `AuditLog.read` reads those as `redrive-all`.
 */
export type AuditAction = 'redrive-all' | 'redrive-selected' | 'cancel-redrive' | 'purge' | 'edit-resend';
