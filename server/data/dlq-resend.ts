import 'server-only';
import { diffBodies, formatBodyDiff, type BodyChange } from '@/lib/queues/dlq-filter';
import { resendEdited, type ResendInput, type ResendOutcome } from '../redrive/resend';
import { getAuditLog } from './audit';

export type EditResendResult = Omit<ResendOutcome, 'originalBody'> & { changes: BodyChange[] };

/** "Edit and resend" one dead letter, audited with the diff of its body (who, what changed, where it went, how it ended). */
export async function editAndResend(input: ResendInput, actor: string): Promise<EditResendResult> {
  const audit = getAuditLog();
  let outcome: ResendOutcome;
  try {
    outcome = await resendEdited(input);
  } catch (error) {
    await audit.append({ actor, action: 'edit-resend', queues: [input.dlqName, ...(input.destinationName ? [input.destinationName] : [])], messageIds: [input.messageId], outcome: 'failed', detail: `Message ${input.messageId}: ${(error as Error).message}` });
    throw error;
  }
  const changes = diffBodies(outcome.originalBody, input.body);
  await audit.append({
    actor,
    action: 'edit-resend',
    queues: [input.dlqName, outcome.destination],
    messageIds: [outcome.messageId, outcome.newMessageId],
    outcome: outcome.deleted ? 'succeeded' : 'failed',
    detail: `Message ${outcome.messageId} edited: ${outcome.deleted ? `the copy ${outcome.newMessageId} was sent to ${outcome.destination} and the original deleted.` : outcome.message}\n${formatBodyDiff(changes)}`,
  });
  const { originalBody: _o, ...rest } = outcome;
  return { ...rest, changes };
}
