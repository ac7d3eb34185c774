import 'server-only';
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { parseJsonBody } from '@/lib/queues/dlq-filter';
import { deleteMessage, getQueueUrl, getQueueWithAttributes, sendCopy, type LeasedMessage } from '../aws/sqs';
import { leaseMessages, releaseLease, withQueueLock } from './lease';
import { SELECTED_SCAN_LIMIT } from './selected';
import { withInferredSources } from './sources';

/** SQS's largest message body (256 KiB, reference §5). */
export const MAX_BODY_BYTES = 262_144;

export interface ResendInput {
  dlqName: string;
  messageId: string;
  /** The edited body to send in place of the original. */
  body: string;
  /** Where to send it; the queue it was dead-lettered from when absent. */
  destinationName?: string;
}

export interface ResendOutcome {
  messageId: string;
  destination: string;
  newMessageId: string;
  /** Whether the original left the DLQ. False: the copy was sent, the original is still there (see `message`). */
  deleted: boolean;
  message?: string;
  /** The original body (whole), for the audit's diff. */
  originalBody: string;
}

/** Refuses a body SQS would refuse, or a JSON message edited into something that is not JSON, before any AWS call that matters. */
export function assertEditedBody(original: string, edited: string): void {
  if (edited.length === 0) throw new AppError('invalid', 'The edited body is empty: SQS refuses an empty message.');
  if (Buffer.byteLength(edited, 'utf8') > MAX_BODY_BYTES) throw new AppError('invalid', `The edited body is larger than SQS's ${MAX_BODY_BYTES / 1024} KiB limit.`);
  if (parseJsonBody(original) && !parseJsonBody(edited)) {
    let reason = 'it does not start with { or [';
    try {
      JSON.parse(edited);
    } catch (error) {
      reason = (error as Error).message;
    }
    throw new AppError('invalid', `The original body was JSON and the edited one is not (${reason}): nothing was sent.`);
  }
}

/**
 * Edit and resend one dead letter (DESIGN.md §6, for one message with a new body): it is received
 * again by id, the edited copy is sent to the destination (the chosen queue, else its source),
 * and only after that send succeeded is the original deleted. A failed send leaves the original in
 * the DLQ untouched; a failed delete is reported, and the original stays (a duplicate, never a loss).
 */
export async function resendEdited(input: ResendInput): Promise<ResendOutcome> {
  const dlqUrl = await getQueueUrl(input.dlqName);
  return withQueueLock(dlqUrl, async () => {
    const lease = await leaseMessages(dlqUrl, SELECTED_SCAN_LIMIT, (got) => got.some((m) => m.messageId === input.messageId));
    const held = new Map<string, LeasedMessage>(lease.messages.map((m) => [m.messageId, m]));
    try {
      const found = held.get(input.messageId);
      await releaseLease(
        dlqUrl,
        lease.messages.filter((m) => m.messageId !== input.messageId),
      );
      for (const id of [...held.keys()]) if (id !== input.messageId) held.delete(id);
      if (!found) throw new AppError('not_found', `Message ${input.messageId} is not in ${input.dlqName} any more (moved, deleted or expired), or another reader holds it: nothing was sent.`);
      assertEditedBody(found.body, input.body);
      const [original] = input.destinationName ? [found] : await withInferredSources(dlqUrl, [found]);
      const target = input.destinationName ?? original.sourceQueue;
      if (!target) throw new AppError('invalid', 'The message does not say which queue it came from and this DLQ has more than one source (or none could be listed): choose a destination. Nothing was sent.');

      let newMessageId: string;
      try {
        const url = await getQueueUrl(target);
        const { queue } = await getQueueWithAttributes(url);
        // A FIFO destination deduplicates by id for 5 minutes: the edited copy is a new message.
        const dedupe = `${found.messageId}.${createHash('sha256').update(input.body).digest('hex').slice(0, 16)}`;
        newMessageId = await sendCopy(url, { ...found, messageId: dedupe, body: input.body }, input.dlqName, queue.fifo);
      } catch (error) {
        throw new AppError(error instanceof AppError ? error.code : 'unavailable', `Not sent, the original is still in ${input.dlqName}: ${(error as Error).message}`);
      }
      try {
        await deleteMessage(dlqUrl, found.receiptHandle);
        held.delete(found.messageId);
        return { messageId: found.messageId, destination: target, newMessageId, deleted: true, originalBody: found.body };
      } catch (error) {
        return {
          messageId: found.messageId,
          destination: target,
          newMessageId,
          deleted: false,
          originalBody: found.body,
          message: `The edited copy was sent to ${target} (${newMessageId}), but the original could not be deleted from ${input.dlqName} (${(error as Error).message}): it is kept there, so the order exists twice until you delete or redrive one.`,
        };
      }
    } finally {
      await releaseLease(dlqUrl, [...held.values()]);
    }
  });
}
