import 'server-only';
import { AppError } from '@/lib/errors';
import type { SelectedOutcome } from '@/lib/types/queues';
import { deleteMessage, getQueueUrl, getQueueWithAttributes, sendCopy, type LeasedMessage } from '../aws/sqs';
import { withInferredSources } from './sources';
import { leaseMessages, releaseLease, withQueueLock } from './lease';

/** How many DLQ messages a "redrive selected" looks through to find the picked ones. */
export const SELECTED_SCAN_LIMIT = 1_000;

interface Destination {
  url: string;
  fifo: boolean;
}

/**
 * Puts the picked dead letters back (DESIGN.md §6): each is received again (a browse's handles
 * are not kept), a copy is sent to its destination — the chosen queue, else the queue it was
 * dead-lettered from — and only after that send succeeded is it deleted from the DLQ. A crash or
 * failure between the two leaves the message in both places (a duplicate), never in neither.
 */
export async function redriveSelected(input: { dlqName: string; messageIds: string[]; destinationName?: string }): Promise<SelectedOutcome[]> {
  const dlqUrl = await getQueueUrl(input.dlqName);
  return withQueueLock(dlqUrl, () => redriveLocked(dlqUrl, input));
}

async function redriveLocked(dlqUrl: string, input: { dlqName: string; messageIds: string[]; destinationName?: string }): Promise<SelectedOutcome[]> {
  const wanted = new Set(input.messageIds);
  const destinations = new Map<string, Promise<Destination>>();
  const destinationFor = (name: string) => {
    if (!destinations.has(name)) {
      destinations.set(
        name,
        (async () => {
          const url = await getQueueUrl(name);
          const { queue } = await getQueueWithAttributes(url);
          return { url, fifo: queue.fifo };
        })(),
      );
    }
    return destinations.get(name) as Promise<Destination>;
  };

  const lease = await leaseMessages(dlqUrl, SELECTED_SCAN_LIMIT, (got) => got.filter((m) => wanted.has(m.messageId)).length >= wanted.size);
  const picked = input.destinationName
    ? lease.messages.filter((m) => wanted.has(m.messageId))
    : await withInferredSources(
        dlqUrl,
        lease.messages.filter((m) => wanted.has(m.messageId)),
      );
  // Held by id: the picked messages may be copies that carry an inferred source.
  const held = new Map<string, LeasedMessage>(lease.messages.map((m) => [m.messageId, m]));
  const outcomes = new Map<string, SelectedOutcome>();
  try {
    // Give back at once what was only looked through.
    const others = lease.messages.filter((m) => !wanted.has(m.messageId));
    await releaseLease(dlqUrl, others);
    for (const m of others) held.delete(m.messageId);

    for (const message of picked) {
      const target = input.destinationName ?? message.sourceQueue;
      if (!target) {
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'failed', message: 'The message does not say which queue it came from and this DLQ has more than one source (or none could be listed): choose a destination.' });
        continue;
      }
      let newMessageId: string;
      try {
        const destination = await destinationFor(target);
        newMessageId = await sendCopy(destination.url, message, input.dlqName, destination.fifo);
      } catch (error) {
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'failed', destination: target, message: `Not sent, still in ${input.dlqName}: ${(error as Error).message}` });
        continue;
      }
      try {
        await deleteMessage(dlqUrl, message.receiptHandle);
        held.delete(message.messageId);
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'redriven', destination: target, newMessageId });
      } catch (error) {
        outcomes.set(message.messageId, {
          messageId: message.messageId,
          status: 'failed',
          destination: target,
          newMessageId,
          message: `Sent to ${target}, but not deleted from ${input.dlqName} (${(error as Error).message}): it is in both queues now; redriving it again would send it twice.`,
        });
      }
    }
  } finally {
    await releaseLease(dlqUrl, [...held.values()]);
  }
  return input.messageIds.map(
    (id) => outcomes.get(id) ?? { messageId: id, status: 'not_found', message: `Not in ${input.dlqName} any more (moved, deleted or expired), or hidden by another reader.` },
  );
}

/** Refuses an empty or oversized selection before any AWS call. */
export function assertSelection(messageIds: string[]): void {
  if (messageIds.length === 0) throw new AppError('invalid', 'Pick at least one message to redrive.');
  if (messageIds.length > SELECTED_SCAN_LIMIT) throw new AppError('invalid', `Pick at most ${SELECTED_SCAN_LIMIT} messages at once.`);
}
