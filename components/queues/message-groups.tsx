'use client';

import { heldHistory, heldNow, reorderVerdicts, sourceGroupHeads, type HeldNow } from '@/lib/queues/blocked-groups';
import { formatCount } from '@/lib/format';
import { groupMessages } from '@/lib/queues/message-groups';
import { useRedriveChecks } from '@/lib/queries/redrive';
import type { QueueDetail, QueueMessage } from '@/lib/types/queues';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

/**
 * A FIFO queue's browsed messages by MessageGroupId: each group's head (SQS delivers nothing else
 * of the group while it is there or in flight), size, oldest message and highest receive count.
 * On a DLQ, which groups of the source were held and for how long, which may be held now, and what
 * a redrive of the selected does to a group's order; on a source browsed on request, which heads
 * its consumer failed on. All without receiving from the source (lib/queues/blocked-groups.ts).
 */
export function MessageGroups({
  messages,
  queueName,
  role,
  sources,
  maxReceiveCount,
  browsedAt,
  selected,
  onOpen,
}: {
  messages: QueueMessage[];
  queueName: string;
  role: QueueDetail['queue']['role'];
  sources: QueueDetail['sources'];
  /** The queue's own maxReceiveCount, when it is a source. */
  maxReceiveCount?: number;
  /** When the browse that gave `messages` answered (epoch ms). */
  browsedAt: number;
  selected: ReadonlySet<string>;
  onOpen: (messageId: string) => void;
}) {
  const groups = groupMessages(messages);
  const dlq = role === 'dlq';
  const checks = useRedriveChecks(queueName, dlq && groups.length > 0);
  if (groups.length === 0) return null;
  const history = new Map(dlq ? heldHistory(messages, browsedAt).map((h) => [h.groupId, h]) : []);
  const heads = new Map(role === 'source' ? sourceGroupHeads(messages, maxReceiveCount).map((h) => [h.groupId, h]) : []);
  const consumer = checks.data
    ? { failing: checks.data.checks.consumerFailing, reasons: checks.data.checks.reasons, unknown: checks.data.checks.unknown }
    : checks.error
      ? { failing: undefined, reasons: [], unknown: [`The consumer’s recent failures could not be read (${checks.error.message}).`] }
      : undefined;
  const reorders = dlq ? reorderVerdicts(messages, selected) : [];
  return (
    <details className="rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800" data-testid="message-groups" open={groups.length <= 10}>
      <summary className="cursor-pointer font-medium">
        {formatCount(groups.length)} message {groups.length === 1 ? 'group' : 'groups'} among the browsed messages
      </summary>
      <p className="my-1 text-xs text-slate-600 dark:text-slate-400">
        A redrive keeps each group’s order, and stops a group at its first message that could not be sent.
        {dlq && ' Each group here was held in its source behind its head, from the head’s first receive until SQS dead-lettered it (SQS records no time for the move: the browse that found it here is the latest it can have been).'}
        {role === 'source' && ' None of these groups was held behind a message in flight when browsed: a receive skips such groups. A head received before this browse is one the consumer failed on (or an earlier browse received).'}
      </p>
      {dlq && (
        <ul className="my-2 space-y-1 text-xs" data-testid="held-now" aria-label="Groups held in the source now">
          {sources.map((s) => (
            <HeldNowLine key={s.name} verdict={heldNow(s, consumer)} />
          ))}
        </ul>
      )}
      <table className="w-full text-left text-xs" aria-label={`Message groups of ${queueName}`}>
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Group</th>
            <th className="py-1 pr-3 text-right font-medium">Messages</th>
            <th className="py-1 pr-3 font-medium">Head</th>
            <th className="py-1 pr-3 font-medium">Oldest sent</th>
            <th className="py-1 pr-3 text-right font-medium">Most receives</th>
            {dlq && <th className="py-1 font-medium">Held in the source</th>}
            {role === 'source' && <th className="py-1 font-medium">Head before this browse</th>}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const held = history.get(g.groupId);
            const head = heads.get(g.groupId);
            return (
              <tr key={g.groupId} data-group={g.groupId}>
                <td className="py-1 pr-3 font-mono">{g.groupId}</td>
                <td className="py-1 pr-3 text-right">{formatCount(g.messageIds.length)}</td>
                <td className="py-1 pr-3">
                  <button type="button" className="font-mono text-sky-700 hover:underline dark:text-sky-300" onClick={() => onOpen(g.headId)}>
                    {g.headId}
                  </button>
                </td>
                <td className="py-1 pr-3">{g.oldestSentAt !== undefined ? <Time at={g.oldestSentAt} /> : <Unknown reason="SentTimestamp was not returned" />}</td>
                <td className="py-1 pr-3 text-right">{g.maxReceiveCount !== undefined ? formatCount(g.maxReceiveCount) : <Unknown reason="ApproximateReceiveCount was not returned" />}</td>
                {dlq && held && (
                  <td className="py-1" data-testid="held-history">
                    {held.source ? `in ${held.source} ` : ''}from {held.heldFrom !== undefined ? <Time at={held.heldFrom} seconds /> : <Unknown reason={held.unknownReason ?? 'unknown'} />} until dead-lettered, by{' '}
                    <Time at={held.heldUntilAtMost} seconds /> at the latest
                  </td>
                )}
                {role === 'source' && head && (
                  <td className="py-1" data-testid="source-head">
                    {head.earlierReceives === undefined ? (
                      <Unknown reason="ApproximateReceiveCount was not returned" />
                    ) : head.failing ? (
                      <span className="text-amber-800 dark:text-amber-300">
                        failing: received {formatCount(head.earlierReceives)} {head.earlierReceives === 1 ? 'time' : 'times'}
                        {head.maxReceiveCount !== undefined ? ` of maxReceiveCount ${head.maxReceiveCount}` : ''}
                      </span>
                    ) : (
                      'not received before'
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {reorders.length > 0 && (
        <ul className="mt-2 space-y-1 text-xs" data-testid="group-reorder" aria-label="What a redrive of the selected does to group order">
          {reorders.map((r) =>
            r.kind === 'overtakes' ? (
              <li key={r.groupId} className="text-red-800 dark:text-red-300">
                Re-orders group <span className="font-mono">{r.groupId}</span>: the selected go back ahead of {formatCount(r.leftBehind.length)} earlier{' '}
                {r.leftBehind.length === 1 ? 'message' : 'messages'} of the group left in {queueName}. Select them too to keep the order.
              </li>
            ) : (
              <li key={r.groupId} className="text-amber-800 dark:text-amber-300">
                Group <span className="font-mono">{r.groupId}</span>: the selected go to the end of the group{r.source ? ` in ${r.source}` : ''}, after every message of it sent since{' '}
                {r.since !== undefined ? <Time at={r.since} seconds /> : <Unknown reason="SentTimestamp was not returned" />} that was not dead-lettered — processed already or still
                waiting. Whether there were any, SQS does not say: if so, this redrive re-orders the group.
              </li>
            ),
          )}
        </ul>
      )}
    </details>
  );
}

function HeldNowLine({ verdict }: { verdict: HeldNow }) {
  if (verdict.state === 'unknown') {
    return (
      <li data-state="unknown">
        <span className="font-medium">{verdict.source}</span>: whether a group is held now is unknown — {verdict.why}
      </li>
    );
  }
  const { atLeast, atMost } = verdict.inFlight;
  const behind = verdict.behindFailingHead;
  return (
    <li data-state={atMost > 0 || behind.state === 'possible' ? 'held' : behind.state === 'unknown' ? 'unknown' : 'none'} className={atMost > 0 || behind.state === 'possible' ? 'text-amber-800 dark:text-amber-300' : undefined}>
      <span className="font-medium">{verdict.source}</span>, at <Time at={verdict.at} seconds />:{' '}
      <span data-testid="held-in-flight">
        {atMost === 0
          ? 'no group held behind a message in flight (none in flight).'
          : `${atLeast === atMost ? formatCount(atMost) : `${formatCount(atLeast)} to ${formatCount(atMost)}`} ${atMost === 1 ? 'group' : 'groups'} held behind ${atMost === 1 ? 'a message' : 'messages'} in flight (${formatCount(atMost)} in flight, each holds its group).`}
      </span>{' '}
      <span data-testid="held-failing-head">
        {behind.state === 'possible'
          ? `More may be held behind a failing head waiting for its next receive. ${behind.evidence}`
          : behind.state === 'no-sign'
            ? `No sign of one held behind a failing head: ${behind.evidence}`
            : `Whether any is held behind a failing head waiting for its next receive is unknown: ${behind.why}`}
      </span>{' '}
      {(atMost > 0 || behind.state !== 'no-sign') && verdict.which}
    </li>
  );
}
