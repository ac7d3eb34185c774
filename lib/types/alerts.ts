import { z } from 'zod';

/** What a webhook receives: one transition, or a digest of many (README, "Health and alerts"). */
export interface AlertMessage {
  status: 'open' | 'resolved' | 'digest';
  rule?: string;
  severity?: 'critical' | 'warning';
  resource?: { kind: string; name: string };
  summary: string;
  since?: string;
  url: string;
  /** What Slack and Teams incoming webhooks display. */
  text?: string;
  /** A digest's transitions. */
  findings?: Omit<AlertMessage, 'text'>[];
}

export const alertDeliverySchema = z.object({
  id: z.number(),
  /** The webhook's origin only: its path may hold a secret. */
  webhook: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  messageStatus: z.enum(['open', 'resolved', 'digest']),
  summary: z.string(),
  attempts: z.number(),
  lastError: z.string().optional(),
  queuedAt: z.string(),
  doneAt: z.string().optional(),
});
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

/** The /alerts page: the engine's open findings, its recent transitions, the webhook deliveries. */
export interface AlertsOverview {
  /** ISO time of the engine's last evaluation; null before the first. */
  evaluatedAt: string | null;
  evaluations: number;
  /** The last evaluation's failure (an observation that could not be read), if it failed. */
  lastError: { at: string; message: string } | null;
  /** Why the last evaluation could not see everything (so no finding resolved on it); empty when it could. */
  incompleteBecause?: string[];
  /** Seconds between evaluations, evaluations to open, seconds clear to close. */
  cadence: { everySeconds: number; openAfter: number; closeAfterSeconds: number };
  open: import('./flow').Finding[];
  transitions: { status: 'open' | 'resolved'; at: string; since: string; rule: string; severity: 'critical' | 'warning'; title: string; resource: { kind: string; name: string; href: string } }[];
  /** How many webhook URLs are configured (EDDY_ALERT_WEBHOOK_URL). */
  webhooks: number;
  deliveries: AlertDelivery[];
}
