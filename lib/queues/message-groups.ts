import type { QueueMessage } from '../types/queues';

/** The messages of one FIFO message group as a browse saw them, in the queue's order. */
export interface MessageGroup {
  groupId: string;
  messageIds: string[];
  /** The first message of the group: SQS delivers none of the others while it is in the queue. */
  headId: string;
  oldestSentAt?: number;
  /** The highest ApproximateReceiveCount among them: how often the group's consumer failed on them. */
  maxReceiveCount?: number;
}

/** SequenceNumber order (a decimal string of up to 128 bits), messages without one last. */
function bySequence(a: QueueMessage, b: QueueMessage): number {
  const sa = a.systemAttributes.SequenceNumber;
  const sb = b.systemAttributes.SequenceNumber;
  if (sa === undefined || sb === undefined) return sa === undefined ? (sb === undefined ? 0 : 1) : -1;
  return sa.length - sb.length || (sa < sb ? -1 : sa > sb ? 1 : 0);
}

/**
 * Browsed messages of a FIFO queue by MessageGroupId, each group in the queue's order (its
 * SequenceNumber), the groups with the most messages first. Messages without a group id (a
 * standard queue) give no group.
 */
export function groupMessages(messages: readonly QueueMessage[]): MessageGroup[] {
  const byGroup = new Map<string, QueueMessage[]>();
  for (const m of messages) {
    const g = m.systemAttributes.MessageGroupId;
    if (g === undefined) continue;
    byGroup.set(g, [...(byGroup.get(g) ?? []), m]);
  }
  return [...byGroup.entries()]
    .map(([groupId, list]) => {
      const ordered = [...list].sort(bySequence);
      const sent = ordered.map((m) => m.sentAt).filter((t): t is number => t !== undefined);
      const counts = ordered.map((m) => m.receiveCount).filter((c): c is number => c !== undefined);
      return {
        groupId,
        messageIds: ordered.map((m) => m.messageId),
        headId: ordered[0].messageId,
        oldestSentAt: sent.length > 0 ? Math.min(...sent) : undefined,
        maxReceiveCount: counts.length > 0 ? Math.max(...counts) : undefined,
      };
    })
    .sort((a, b) => b.messageIds.length - a.messageIds.length || a.groupId.localeCompare(b.groupId));
}
