/**
 * What Eddy knows of a dead letter before it goes back (issue 17): whether the item it describes
 * has changed or gone since the message was sent, or whether the DLQ holds it twice.
 */
export type DeadLetterClass = 'stale' | 'gone' | 'duplicate' | 'current' | 'unknown';

export const DEAD_LETTER_CLASSES: readonly DeadLetterClass[] = ['stale', 'gone', 'duplicate', 'current', 'unknown'];

/** One dead letter's verdict, with the reason in words. */
export interface DeadLetterVerdict {
  messageId: string;
  /** The one class it is counted in: gone before stale before duplicate before current/unknown. */
  class: DeadLetterClass;
  /** Why, in words ("orders orderId=o-1 was modified at 10:02:11, after the message was sent"). */
  reason: string;
  /** The item it names, as text (`orders orderId=o-1`); absent when none could be correlated. */
  item?: string;
  /** Set when another message of the DLQ carries the same body, deduplication id or item version: the one kept. */
  duplicateOf?: string;
  /** Why it is a duplicate of `duplicateOf` ("same body", "same deduplication id", "same item and version"). */
  duplicateBy?: string;
  /** Attributes whose current value differs from the one the message carries. */
  changed?: string[];
  sentAt?: number;
  groupId?: string;
  preview: string;
}

/** A DLQ classified: every verdict, the counts, and where the evidence came from. */
export interface DeadLetterClassification {
  dlqName: string;
  verdicts: DeadLetterVerdict[];
  counts: Record<DeadLetterClass, number>;
  /** How many messages were read of `approximateTotal`; the rest are not classified. */
  scanned: number;
  /** The DLQ's ApproximateNumberOfMessages; undefined when SQS did not return it. */
  approximateTotal?: number;
  /** AWS calls this classification made, by action (ReceiveMessage, GetRecords, GetItem, …). */
  calls: Record<string, number>;
  /** What limited the evidence (a trimmed stream, a denied GetItem), in words. */
  notes: string[];
  readAt: number;
}

/** A message Eddy sent to `destination` but could not delete from the DLQ: redriving it again would duplicate it. */
export interface SentPair {
  dlqName: string;
  messageId: string;
  destination: string;
  newMessageId: string;
  at: string;
}

/** The skip options of a redrive: left in the DLQ, and listed. */
export interface RedriveSkip {
  /** "Skip stale and deleted items". */
  staleAndGone?: boolean;
  /** "Skip duplicates" (the earliest of each set still goes). */
  duplicates?: boolean;
}

/** What a redrive warns about before it runs. */
export interface RedriveChecks {
  dlqName: string;
  /** The consumer failed in the last 5 minutes; undefined when Eddy could not tell (see `unknown`). */
  consumerFailing: boolean | undefined;
  /** Why it is taken as failing, in words. */
  reasons: string[];
  /** What could not be checked, in words. */
  unknown: string[];
  /** Dead letters sent by an earlier redrive whose delete failed: a redrive skips them unless told to insist. */
  sentPairs: SentPair[];
}
