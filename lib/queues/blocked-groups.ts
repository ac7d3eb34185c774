import type { QueueMessage } from '../types/queues';
import { groupMessages } from './message-groups';

/**
 * Which FIFO message groups of a source queue are (or were) held, from what Eddy can know without
 * receiving from the source (issue 17, "do no harm"): a receive of the source counts toward its
 * maxReceiveCount and could itself dead-letter a message, and SQS exposes no per-group in-flight
 * state. Every verdict says its evidence; what the evidence does not settle is "unknown", with why.
 */

/** A DLQ group's past in its source: held behind its head from the head's first receive until the head was dead-lettered. */
export interface HeldHistory {
  groupId: string;
  /** The source queue the group's dead letters came from (DeadLetterQueueSourceArn or the DLQ's only source). */
  source?: string;
  headId: string;
  /**
   * The head's ApproximateFirstReceiveTimestamp: its first delivery in the source (the count and
   * the first receive carry over the move to the DLQ, reference §5.8). From then on the rest of the
   * group waited (a FIFO group delivers nothing behind a message until it is gone, §5.7).
   */
  heldFrom?: number;
  /**
   * The latest the head can have been dead-lettered: SQS records no move time, so this is the
   * browse that found it in the DLQ.
   */
  heldUntilAtMost: number;
  /** Why `heldFrom` is unknown, when it is. */
  unknownReason?: string;
}

/**
 * Rule 1 — every group in a FIFO DLQ was held in its source: its head was received there (failing)
 * until it was dead-lettered. Per group and source, the head in queue order.
 */
export function heldHistory(messages: readonly QueueMessage[], browsedAt: number): HeldHistory[] {
  return groupsBySource(messages).map(({ groupId, source, ordered }) => {
    const head = ordered[0];
    const raw = head.systemAttributes.ApproximateFirstReceiveTimestamp;
    const heldFrom = raw !== undefined && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    return {
      groupId,
      source,
      headId: head.messageId,
      heldFrom,
      heldUntilAtMost: browsedAt,
      unknownReason: heldFrom === undefined ? 'The SQS endpoint returned no ApproximateFirstReceiveTimestamp for the group’s head.' : undefined,
    };
  });
}

/** What putting a group's dead letters back does to its order. */
export type ReorderVerdict =
  /** Certain: a picked message goes back ahead of an earlier message of its group that stays in the DLQ. */
  | { kind: 'overtakes'; groupId: string; picked: string[]; leftBehind: string[] }
  /**
   * Not knowable: a redriven message joins the end of its group, after every message of the group
   * sent since it that was not dead-lettered — delivered already, or still waiting in the source.
   * SQS lists neither, so whether there were any is unknown.
   */
  | { kind: 'end-of-group'; groupId: string; source?: string; since?: number; picked: string[] };

/**
 * Rule 2 — the order a redrive gives a group. A redrive of a group's dead letters keeps their order
 * among themselves, but they go to the end of the group in the destination. Given the picked ids:
 * a group where a picked message has an earlier, unpicked message of the same group and source in
 * the DLQ is re-ordered for certain; any other picked group may be re-ordered behind messages of
 * the group sent after its head that succeeded (unknown whether there were any).
 */
export function reorderVerdicts(messages: readonly QueueMessage[], picked: ReadonlySet<string>): ReorderVerdict[] {
  const verdicts: ReorderVerdict[] = [];
  for (const { groupId, source, ordered } of groupsBySource(messages)) {
    const pickedHere = ordered.filter((m) => picked.has(m.messageId));
    if (pickedHere.length === 0) continue;
    const lastPicked = ordered.map((m) => picked.has(m.messageId)).lastIndexOf(true);
    const leftBehind = ordered.slice(0, lastPicked).filter((m) => !picked.has(m.messageId));
    if (leftBehind.length > 0) {
      verdicts.push({ kind: 'overtakes', groupId, picked: pickedHere.map((m) => m.messageId), leftBehind: leftBehind.map((m) => m.messageId) });
    } else {
      const sent = pickedHere.map((m) => m.sentAt).filter((t): t is number => t !== undefined);
      verdicts.push({ kind: 'end-of-group', groupId, source, since: sent.length > 0 ? Math.min(...sent) : undefined, picked: pickedHere.map((m) => m.messageId) });
    }
  }
  return verdicts;
}

/** What Eddy knows of a source queue now, without receiving from it. */
export interface SourceNow {
  name: string;
  /** ApproximateNumberOfMessagesNotVisible at `sampledAt`; undefined when not read. */
  inFlight?: number;
  sampledAt?: number;
  maxReceiveCount?: number;
}

/** The consumer's recent failures (the redrive checks: DLQ arrivals, the mappings' last results). */
export interface ConsumerEvidence {
  /** undefined when Eddy could not tell. */
  failing: boolean | undefined;
  reasons: string[];
  unknown: string[];
}

/**
 * Rule 3 — groups of the source held now, in two parts with their own evidence: behind a message in
 * flight (counted: between 1 and one per message in flight) and behind a failing head waiting for
 * its next receive (not countable: only whether the consumer failed recently says if there may be any).
 */
export type HeldNow =
  | { state: 'unknown'; source: string; why: string }
  | {
      state: 'read';
      source: string;
      /** When the in-flight count was read. */
      at: number;
      /** Groups held behind a message in flight: none, or 1 to `inFlight`. */
      inFlight: { atLeast: number; atMost: number };
      /**
       * Groups held behind a failing head out of flight: `possible` when the consumer failed in the
       * last 5 minutes, `no-sign` when it did not by Eddy's evidence, `unknown` when that could not be read.
       */
      behindFailingHead: { state: 'possible'; evidence: string } | { state: 'no-sign'; evidence: string } | { state: 'unknown'; why: string };
      /** What only a receive could say, and why Eddy does not make it. */
      which: string;
    };

const WHICH_UNKNOWN = 'Which groups, SQS tells only a receive of the source, and a receive counts toward its maxReceiveCount (it could dead-letter the very head that holds a group).';

/**
 * Rule 3 — held now. Each message in flight holds its group (§5.7: nothing behind it is delivered
 * while it is in flight), so `inFlight` messages in flight hold between 1 and `inFlight` groups.
 * A head the consumer failed on holds its group out of flight too, while it waits for its next
 * receive, until it is dead-lettered: possible when the consumer failed in the last 5 minutes.
 */
export function heldNow(source: SourceNow, consumer: ConsumerEvidence | undefined): HeldNow {
  if (source.inFlight === undefined || source.sampledAt === undefined) {
    return { state: 'unknown', source: source.name, why: `Eddy has not read ${source.name}’s ApproximateNumberOfMessagesNotVisible.` };
  }
  const until = source.maxReceiveCount !== undefined ? ` after ${source.maxReceiveCount} receive${source.maxReceiveCount === 1 ? '' : 's'}` : '';
  const behindFailingHead: Extract<HeldNow, { state: 'read' }>['behindFailingHead'] =
    consumer?.failing === true
      ? { state: 'possible', evidence: `The consumer failed in the last 5 minutes (${consumer.reasons.join(' ')}): a group whose head fails stays held until that head is dead-lettered${until}.` }
      : consumer?.failing === false
        ? { state: 'no-sign', evidence: 'No sign of a failing consumer in the last 5 minutes (no new dead letters by Eddy’s samples, no mapping reporting a failure).' }
        : { state: 'unknown', why: `Whether the consumer failed in the last 5 minutes is unknown (${consumer ? consumer.unknown.join(' ') : 'not checked yet'}).` };
  return {
    state: 'read',
    source: source.name,
    at: source.sampledAt,
    inFlight: { atLeast: Math.min(1, source.inFlight), atMost: source.inFlight },
    behindFailingHead,
    which: WHICH_UNKNOWN,
  };
}

/** A group of a browsed FIFO source: its head has been received before (failing) or not. */
export interface SourceGroupHead {
  groupId: string;
  headId: string;
  /** Receives of the head before this browse (its ApproximateReceiveCount minus the browse's own). */
  earlierReceives?: number;
  maxReceiveCount?: number;
  /** The head was received before and not deleted: the consumer failed on it (or Eddy browsed it before). */
  failing: boolean;
}

/**
 * Rule 4 — a browse of a FIFO source itself (only when the user insisted, it counts toward
 * maxReceiveCount): every group it returned was not held behind an in-flight message at that
 * moment (a receive skips such groups), and a head received before is one its consumer failed on.
 */
export function sourceGroupHeads(messages: readonly QueueMessage[], maxReceiveCount: number | undefined): SourceGroupHead[] {
  return groupMessages(messages).map((g) => {
    const head = messages.find((m) => m.messageId === g.headId);
    const earlier = head?.receiveCount !== undefined ? head.receiveCount - 1 : undefined;
    return { groupId: g.groupId, headId: g.headId, earlierReceives: earlier, maxReceiveCount, failing: earlier !== undefined && earlier > 0 };
  });
}

interface SourcedGroup {
  groupId: string;
  source?: string;
  ordered: QueueMessage[];
}

/** Browsed messages by (source, MessageGroupId), each in queue order: a group's order is per source queue. */
function groupsBySource(messages: readonly QueueMessage[]): SourcedGroup[] {
  const bySource = new Map<string, QueueMessage[]>();
  for (const m of messages) {
    if (m.systemAttributes.MessageGroupId === undefined) continue;
    const key = m.sourceQueue ?? '';
    bySource.set(key, [...(bySource.get(key) ?? []), m]);
  }
  const out: SourcedGroup[] = [];
  for (const [source, list] of bySource) {
    const byId = new Map(list.map((m) => [m.messageId, m]));
    for (const g of groupMessages(list)) {
      out.push({ groupId: g.groupId, source: source || undefined, ordered: g.messageIds.map((id) => byId.get(id) as QueueMessage) });
    }
  }
  return out;
}
