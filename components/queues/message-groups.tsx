'use client';

import { formatCount } from '@/lib/format';
import { groupMessages } from '@/lib/queues/message-groups';
import type { QueueMessage } from '@/lib/types/queues';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

/**
 * A FIFO queue's browsed messages by MessageGroupId: each group's head (SQS delivers nothing else
 * of the group while it is there or in flight), size, oldest message and highest receive count.
 * A redrive sends each group in this order.
 */
export function MessageGroups({ messages, queueName, sourceNames, onOpen }: { messages: QueueMessage[]; queueName: string; sourceNames: string[]; onOpen: (messageId: string) => void }) {
  const groups = groupMessages(messages);
  if (groups.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800" data-testid="message-groups" open={groups.length <= 10}>
      <summary className="cursor-pointer font-medium">
        {formatCount(groups.length)} message {groups.length === 1 ? 'group' : 'groups'} among the browsed messages
      </summary>
      <p className="my-1 text-xs text-slate-600 dark:text-slate-400">
        A redrive keeps each group’s order, and stops a group at its first message that could not be sent.
        {sourceNames.length > 0 &&
          ` In ${sourceNames.join(', ')}, each of these groups was held behind its failing head until that head was dead-lettered here; groups held now, behind a message in flight, cannot be listed without receiving from the source (which counts toward its maxReceiveCount).`}
      </p>
      <table className="w-full text-left text-xs" aria-label={`Message groups of ${queueName}`}>
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Group</th>
            <th className="py-1 pr-3 text-right font-medium">Messages</th>
            <th className="py-1 pr-3 font-medium">Head</th>
            <th className="py-1 pr-3 font-medium">Oldest sent</th>
            <th className="py-1 text-right font-medium">Most receives</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.groupId}>
              <td className="py-1 pr-3 font-mono">{g.groupId}</td>
              <td className="py-1 pr-3 text-right">{formatCount(g.messageIds.length)}</td>
              <td className="py-1 pr-3">
                <button type="button" className="font-mono text-sky-700 hover:underline dark:text-sky-300" onClick={() => onOpen(g.headId)}>
                  {g.headId}
                </button>
              </td>
              <td className="py-1 pr-3">{g.oldestSentAt !== undefined ? <Time at={g.oldestSentAt} /> : <Unknown reason="SentTimestamp was not returned" />}</td>
              <td className="py-1 text-right">{g.maxReceiveCount !== undefined ? formatCount(g.maxReceiveCount) : <Unknown reason="ApproximateReceiveCount was not returned" />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
