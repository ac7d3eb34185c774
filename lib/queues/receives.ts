import type { QueueMessage } from '../types/queues';

/** What a message's receive count is made of. */
export type Counted = Pick<QueueMessage, 'receiveCount' | 'ownReceiveCount'>;

/**
 * A message's receives split between this Eddy process and everyone else (the consumers), when
 * Eddy knows its own share: SQS has no peek, so ApproximateReceiveCount counts Eddy's browsing
 * too. Undefined when Eddy cannot know (sent before it started) or the two do not add up (a
 * server that restarts a dead letter's count in the DLQ, below what Eddy received): never a guess.
 */
export function splitReceives(m: Counted): { own: number; others: number } | undefined {
  if (m.receiveCount === undefined || m.ownReceiveCount === undefined || m.ownReceiveCount > m.receiveCount) return undefined;
  return { own: m.ownReceiveCount, others: m.receiveCount - m.ownReceiveCount };
}

/**
 * The receives that say how often the consumers got the message: those not made by Eddy where it
 * knows its share, else ApproximateReceiveCount as SQS gives it. Undefined when SQS gave none.
 */
export function consumerReceives(m: Counted): number | undefined {
  return splitReceives(m)?.others ?? m.receiveCount;
}

/**
 * Words for a receive count: `own` ("1 by Eddy") beside the count when Eddy knows its share, and a
 * `title` that says what the count includes. Undefined when SQS gave no count (shown as unknown).
 */
export function describeReceives(m: Counted): { own?: string; title: string } | undefined {
  if (m.receiveCount === undefined) return undefined;
  const split = splitReceives(m);
  const all = `SQS counts every receive, Eddy’s own browsing included (it has no peek)`;
  if (!split) {
    return {
      title: `${all}. How many of these ${m.receiveCount} were Eddy’s is not known: the message was sent before this Eddy process started, or too many messages ago for it to remember.`,
    };
  }
  return {
    own: `${split.own} by Eddy`,
    title: `${all}: ${split.own} of these ${m.receiveCount} were this Eddy’s (its browses, scans and lookups, this one included), ${split.others} another reader’s (the consumer’s).`,
  };
}
