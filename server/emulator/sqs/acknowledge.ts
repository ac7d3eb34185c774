import { runBatch, sqsErrors } from './errors';
import { decodeReceiptHandle, Queue } from './queue';
import { optionalInteger, validateBatchEntries } from './validation';
import { queueOf, type Input, type SqsOperation, type SqsState } from './state';

/** What a consumer does with a received message: delete it, or change its visibility (singly or in batches). */

export function deleteOne(state: SqsState, queue: Queue, handle: unknown): void {
  const decoded = decodeReceiptHandle(handle);
  if (!decoded) throw sqsErrors.receiptHandleIsInvalid(String(handle));
  const message = queue.byId.get(decoded.messageId);
  // An older handle "succeeds but might not delete" (DeleteMessage docs): only the latest deletes.
  if (!message || message.receiptToken !== decoded.token) return;
  queue.remove(message);
  queue.minute(state.clock.now()).deleted++;
}

export function deleteMessage(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  if (input.ReceiptHandle === undefined) throw sqsErrors.missingParameter('ReceiptHandle');
  deleteOne(state, queue, input.ReceiptHandle);
  return {};
}

export function deleteMessageBatch(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  const entries = validateBatchEntries<{ Id: string; ReceiptHandle?: unknown }>(input.Entries, 'DeleteMessageBatchRequestEntry');
  return runBatch(entries, (entry) => {
    deleteOne(state, queue, entry.ReceiptHandle);
  });
}

export function changeOne(state: SqsState, queue: Queue, handle: unknown, timeout: unknown): void {
  const decoded = decodeReceiptHandle(handle);
  if (!decoded) throw sqsErrors.receiptHandleIsInvalid(String(handle));
  if (timeout === undefined) throw sqsErrors.missingParameter('VisibilityTimeout');
  const seconds = optionalInteger(timeout, 'VisibilityTimeout', 0, 43_200)!;
  const message = queue.byId.get(decoded.messageId);
  if (!message || message.state !== 'inflight' || message.receiptToken !== decoded.token) throw sqsErrors.messageNotInflight();
  const now = state.clock.now();
  queue.changeVisibility(message, seconds * 1000, now);
  if (seconds === 0 && queue.refresh(now)) queue.wake();
}

export function changeMessageVisibility(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  changeOne(state, queue, input.ReceiptHandle, input.VisibilityTimeout);
  return {};
}

export function changeMessageVisibilityBatch(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  const entries = validateBatchEntries<{ Id: string; ReceiptHandle?: unknown; VisibilityTimeout?: unknown }>(
    input.Entries,
    'ChangeMessageVisibilityBatchRequestEntry',
  );
  return runBatch(entries, (entry) => {
    changeOne(state, queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0);
  });
}

/** The operations of this group, by SQS action name. */
export const acknowledgeOperations: Record<string, SqsOperation> = {
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
};
