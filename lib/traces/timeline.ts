import type { OnFailureRecord, TimelineEntry, TraceStreamEvent } from '../types/traces';

/** What is known of a message's life, each fact optional: a trace shows what it has. */
export interface TimelineFacts {
  queue: { name: string; role: 'dlq' | 'failure_destination' | 'source' | 'plain'; maxReceiveCount?: number; fifo: boolean };
  message: {
    /** The traced message's id, to pick the audit entries that name it. */
    messageId?: string;
    /** Undefined when the endpoint did not say. */
    sentAt?: number;
    /** ApproximateFirstReceiveTimestamp (epoch ms), when SQS gave it. */
    firstReceiveAt?: number;
    /** Undefined when the endpoint did not say. */
    receiveCount?: number;
    /** How many of those receives this Eddy process made (QueueMessage.ownReceiveCount), where it knows. */
    ownReceiveCount?: number;
    /** The source queue it was dead-lettered from (DeadLetterQueueSourceArn). */
    sourceQueue?: string;
    redrivenFrom?: string;
  };
  /** The source queue's maxReceiveCount, for a DLQ message. */
  sourceMaxReceiveCount?: number;
  failure?: OnFailureRecord;
  /** The failed records of an on-failure record, resolved. */
  failedEvents?: TraceStreamEvent[];
  /** The linked items' stream histories, with the item named in words (`orders orderId=ord-1`). */
  itemEvents?: { item: string; event: TraceStreamEvent }[];
  /** Redrives from the audit log that touched this queue. */
  redrives?: { at: number; action: string; actor: string; outcome: string; detail?: string; queues: string[]; messageIds?: string[] }[];
  /** When Eddy received it for this trace. */
  readAt: number;
}

/** Same-time entries keep their causal order: the write before the failure before the message. */
const RANK: Record<TimelineEntry['kind'], number> = {
  stream_insert: 0,
  stream_modify: 1,
  stream_remove: 2,
  failed_record: 3,
  gave_up: 4,
  sent: 5,
  first_receive: 6,
  receives: 7,
  dlq_move: 8,
  redriven_before: 9,
  redrive: 10,
  browsed: 11,
};

const streamKind = (name: TraceStreamEvent['eventName']) => (name === 'INSERT' ? 'stream_insert' : name === 'MODIFY' ? 'stream_modify' : 'stream_remove');
const parseTime = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/**
 * Lays the facts of a message's life out in time order. Times SQS does not report — when a
 * message moved to its DLQ — are placed after the last fact that must precede them and marked
 * `after`; receive counts are stated against `maxReceiveCount` when it is known.
 */
export function buildTimeline(facts: TimelineFacts): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const { message, queue } = facts;

  // A failed record is shown once, as the failure, even when it is also in its item's history.
  const failedIds = new Set((facts.failedEvents ?? []).map((e) => e.eventID));
  for (const { item, event } of facts.itemEvents ?? []) {
    if (failedIds.has(event.eventID)) continue;
    out.push({
      id: `item-${event.eventID}`,
      kind: streamKind(event.eventName),
      at: event.approximateCreationTime,
      when: 'approximate',
      title: `${event.eventName} of ${item}${event.ttlDelete ? ' (TTL expiry)' : ''}`,
      detail: `Stream record ${event.sequenceNumber} on ${event.shardId}`,
      eventID: event.eventID,
      tone: event.eventName === 'REMOVE' ? 'warn' : 'neutral',
    });
  }

  const failure = facts.failure;
  if (failure) {
    const failed = facts.failedEvents ?? [];
    for (const event of failed) {
      out.push({
        id: `failed-${event.eventID}`,
        kind: 'failed_record',
        at: event.approximateCreationTime,
        when: 'approximate',
        title: `${event.eventName} record that ${failure.functionName ?? 'the function'} failed on (${Object.entries(event.keys).map(([k, v]) => `${k}=${scalar(v)}`).join(' ')})`,
        detail: `Sequence ${event.sequenceNumber} on ${event.shardId}`,
        eventID: event.eventID,
        tone: 'bad',
      });
    }
    const first = parseTime(failure.firstArrival);
    if (failed.length === 0 && first !== undefined) {
      out.push({
        id: 'failed-range',
        kind: 'failed_record',
        at: first,
        when: 'approximate',
        title: `${failure.batchSize ?? '?'} stream record(s) written that ${failure.functionName ?? 'the function'} later failed on`,
        detail: failure.startSequenceNumber ? `Sequence ${failure.startSequenceNumber} – ${failure.endSequenceNumber ?? '?'} on ${failure.shardId ?? '?'}` : undefined,
        tone: 'bad',
      });
    }
    const gaveUp = parseTime(failure.timestamp);
    if (gaveUp !== undefined) {
      const tries = failure.approximateInvokeCount !== undefined ? ` after ${failure.approximateInvokeCount} invocation(s)` : '';
      out.push({
        id: 'gave-up',
        kind: 'gave_up',
        at: gaveUp,
        when: 'exact',
        title: `Lambda gave up: ${failure.condition ?? 'unknown condition'}${tries}`,
        detail: [failure.functionName, failure.functionError && `function error ${failure.functionError}`, failure.statusCode !== undefined && `status ${failure.statusCode}`].filter(Boolean).join(' · ') || undefined,
        tone: 'bad',
      });
    }
  }

  if (message.sentAt !== undefined && message.sentAt > 0) {
    const to = queue.role === 'dlq' && message.sourceQueue ? message.sourceQueue : queue.name;
    out.push({
      id: 'sent',
      kind: 'sent',
      at: message.sentAt,
      when: 'exact',
      title: failure ? `On-failure record sent to ${queue.name}` : `Sent to ${to}`,
      detail: queue.role === 'dlq' && !queue.fifo ? 'A dead letter keeps its original SentTimestamp.' : undefined,
      tone: 'neutral',
    });
  }
  if (message.firstReceiveAt && message.firstReceiveAt > 0) {
    out.push({ id: 'first-receive', kind: 'first_receive', at: message.firstReceiveAt, when: 'exact', title: 'First received', tone: 'neutral' });
  }

  // SQS reports no time for the receives after the first or for the move: both come after these.
  // Without either time (an endpoint that sends neither), all Eddy knows is that they came before
  // it read the message — never "after 1970".
  const knownTimes = [message.sentAt, message.firstReceiveAt].filter((t): t is number => t !== undefined && t > 0);
  const lastKnown = knownTimes.length > 0 ? Math.max(...knownTimes) : facts.readAt;
  const afterKnown: TimelineEntry['when'] = knownTimes.length > 0 ? 'after' : 'before';
  if (queue.role === 'dlq') {
    const max = facts.sourceMaxReceiveCount;
    const from = message.sourceQueue ?? 'its source queue';
    out.push({
      id: 'dlq-move',
      kind: 'dlq_move',
      at: lastKnown,
      when: afterKnown,
      title: `Moved from ${from} to ${queue.name}`,
      detail:
        max !== undefined
          ? `On the receive after the ${ordinal(max)} (maxReceiveCount ${max}); SQS does not report when.`
          : 'SQS moves a message when its receive count passes the source’s maxReceiveCount; it does not report when.',
      tone: 'bad',
    });
  }
  const max = queue.role === 'dlq' ? facts.sourceMaxReceiveCount : queue.maxReceiveCount;
  const count = message.receiveCount;
  if (count === undefined) {
    out.push({ id: 'receives', kind: 'receives', at: lastKnown, when: afterKnown, title: 'Receive count unknown', detail: 'The endpoint did not return ApproximateReceiveCount.', tone: 'neutral' });
  } else {
    const own = message.ownReceiveCount !== undefined && message.ownReceiveCount <= count ? message.ownReceiveCount : undefined;
    const ownNote = own === undefined ? undefined : `${own} of the ${count} by Eddy itself: its browsing is a receive too`;
    out.push({
      id: 'receives',
      kind: 'receives',
      at: lastKnown,
      when: afterKnown,
      title: `Received ${count} time(s)${max !== undefined ? ` · maxReceiveCount ${max}` : ''}`,
      detail:
        queue.role === 'dlq' && max !== undefined
          ? `${Math.min(count, max)} from ${message.sourceQueue ?? 'the source'} before the move, ${Math.max(0, count - max)} from ${queue.name} since (${ownNote ?? 'Eddy’s browsing counts too'}).`
          : queue.role !== 'dlq' && max !== undefined && count >= max
            ? `At maxReceiveCount: the next receive moves it to the dead-letter queue.${ownNote ? ` ${ownNote[0].toUpperCase()}${ownNote.slice(1)}.` : ''}`
            : ownNote && `${ownNote[0].toUpperCase()}${ownNote.slice(1)}.`,
      tone: max !== undefined && count >= max ? 'warn' : 'neutral',
    });
  }

  if (message.redrivenFrom) {
    out.push({
      id: 'redriven-before',
      kind: 'redriven_before',
      at: message.sentAt ?? lastKnown,
      when: message.sentAt === undefined ? afterKnown : 'exact',
      title: `Redriven before from ${message.redrivenFrom}`,
      detail: 'It carries eddy-redriven-from: it was put back by “Redrive selected” and failed again.',
      tone: 'warn',
    });
  }
  for (const [i, r] of (facts.redrives ?? []).entries()) {
    if (r.at < (message.sentAt ?? 0)) continue;
    // An entry that names its messages either names this one (or its earlier self) or is not about it.
    const named = r.messageIds !== undefined && message.messageId !== undefined;
    if (named && !r.messageIds!.includes(message.messageId!)) continue;
    out.push({
      id: `redrive-${i}`,
      kind: 'redrive',
      at: r.at,
      when: 'exact',
      title: `${r.action} on ${r.queues.join(', ')}: ${r.outcome}`,
      detail: [
        r.detail,
        `by ${r.actor}`,
        named ? 'This message was one of those redriven (or the copy it came back as).' : 'The audit log names the queue, not each message: this message may have been part of it.',
      ]
        .filter(Boolean)
        .join(' · '),
      tone: r.outcome === 'succeeded' ? 'good' : r.outcome === 'failed' || r.outcome === 'refused' ? 'bad' : 'neutral',
    });
  }

  return out.sort((a, b) => (a.at === undefined || b.at === undefined ? (a.at === undefined ? 1 : 0) - (b.at === undefined ? 1 : 0) : a.at - b.at) || RANK[a.kind] - RANK[b.kind]);
}

function scalar(value: unknown): string {
  const v = value as { S?: string; N?: string; B?: string } | null;
  return v?.S ?? v?.N ?? v?.B ?? JSON.stringify(value);
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
