/** A day: dead letters expiring sooner than this are flagged. */
export const EXPIRY_WARNING_SECONDS = 86_400;

export interface DeadLetterExpiry {
  /** When the message is deleted by the DLQ's retention (epoch ms). */
  expiresAt: number;
  secondsLeft: number;
  /** Expires within a day. */
  soon: boolean;
  /**
   * FIFO: the enqueue time resets when the message moves to the DLQ, so the retention counts
   * from the move, which a receive does not report; `expiresAt` is then the earliest it can be.
   */
  atLeast: boolean;
}

/**
 * The expiry clock of a dead letter. A standard queue's dead letter keeps its original
 * `SentTimestamp` (reference §5.8), so it expires by the DLQ's retention counted from when it
 * was first sent — not from when it reached the DLQ. Undefined when the sent time is unknown.
 */
export function deadLetterExpiry(input: { sentAt: number | undefined; retentionSeconds: number; fifo: boolean; now: number }): DeadLetterExpiry | undefined {
  // Without a SentTimestamp the clock is unknown: never counted from 1970 ("expired").
  if (input.sentAt === undefined || !(input.sentAt > 0)) return undefined;
  const expiresAt = input.sentAt + input.retentionSeconds * 1000;
  const secondsLeft = Math.max(0, (expiresAt - input.now) / 1000);
  return { expiresAt, secondsLeft, soon: !input.fifo && secondsLeft < EXPIRY_WARNING_SECONDS, atLeast: input.fifo };
}

/**
 * Why a DLQ's retention is risky, or undefined: a standard DLQ whose retention is not longer
 * than a source's drops messages that spent their life in the source soon after they arrive.
 */
export function retentionWarning(dlq: { retentionSeconds: number; fifo: boolean }, sources: { name: string; retentionSeconds: number }[]): string | undefined {
  if (dlq.fifo) return undefined;
  const shorter = sources.filter((s) => dlq.retentionSeconds <= s.retentionSeconds).map((s) => s.name);
  if (shorter.length === 0) return undefined;
  return `This DLQ keeps messages no longer than ${shorter.join(', ')} does: a dead letter keeps its original sent time, so one that waited long in the source expires soon after it arrives here. Make the DLQ's retention longer than its sources'.`;
}
