import { AwsError } from '../core/errors';
import type { RequestContext } from '../core/types';
import { md5OfMessageAttributes, type MessageAttributeValue } from './md5';
import { encodeReceiptHandle, Queue, type StoredMessage } from './queue';
import { optionalInteger } from './validation';
import { queueOf, type Input, type SqsOperation, type SqsState } from './state';

/** ReceiveMessage: long polling, receive counts and dead-lettering, FIFO group order, the wire shape of a message. */

const MAX_WAIT_SECONDS = 20;
/** AWS's in-flight ceiling: beyond it a standard queue answers OverLimit, a FIFO queue returns nothing. */
const MAX_INFLIGHT = 120_000;
const RECEIVE_ATTEMPT_WINDOW_MS = 5 * 60_000;

/** Moves a message that used up its receives to the DLQ (§5.8); false when the DLQ is gone. */
export function deadLetter(state: SqsState, source: Queue, message: StoredMessage, now: number): boolean {
  const dlq = source.redrivePolicy ? state.byArn.get(source.redrivePolicy.deadLetterTargetArn) : undefined;
  if (!dlq) return false;
  const copy: StoredMessage = {
    ...message,
    arrivedAt: now,
    // A standard DLQ keeps the original enqueue time for retention; a FIFO DLQ resets it.
    retentionBase: dlq.fifo ? now : message.retentionBase,
    deadLetterSourceArn: source.arn,
    receiptToken: undefined,
    visibleAt: now,
    state: 'gone',
    epoch: 0,
  };
  if (dlq.fifo && copy.groupId === undefined) copy.groupId = 'dead-letter';
  source.remove(message);
  dlq.refresh(now);
  dlq.enqueue(copy, now);
  if (dlq.waiters.size > 0) dlq.wake();
  return true;
}

export function wireMessage(message: StoredMessage, system: Set<string>, attributeFilter: ((name: string) => boolean) | undefined) {
  const out: Record<string, unknown> = {
    MessageId: message.id,
    ReceiptHandle: encodeReceiptHandle(message.id, message.receiptToken!),
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const all = system.has('All');
  const attrs: Record<string, string> = {};
  const want = (name: string) => all || system.has(name);
  if (want('SenderId')) attrs.SenderId = message.senderId;
  if (want('SentTimestamp')) attrs.SentTimestamp = String(message.sentAt);
  if (want('ApproximateReceiveCount')) attrs.ApproximateReceiveCount = String(message.receiveCount);
  if (want('ApproximateFirstReceiveTimestamp')) attrs.ApproximateFirstReceiveTimestamp = String(message.firstReceiveAt ?? message.sentAt);
  if (want('SequenceNumber') && message.sequenceNumber) attrs.SequenceNumber = message.sequenceNumber;
  if (want('MessageDeduplicationId') && message.deduplicationId) attrs.MessageDeduplicationId = message.deduplicationId;
  if (want('MessageGroupId') && message.groupId !== undefined) attrs.MessageGroupId = message.groupId;
  if (want('AWSTraceHeader') && message.systemAttributes?.AWSTraceHeader) attrs.AWSTraceHeader = message.systemAttributes.AWSTraceHeader.StringValue!;
  if (want('DeadLetterQueueSourceArn') && message.deadLetterSourceArn) attrs.DeadLetterQueueSourceArn = message.deadLetterSourceArn;
  if (Object.keys(attrs).length > 0) out.Attributes = attrs;
  if (attributeFilter && message.attributes) {
    const selected: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(message.attributes)) if (attributeFilter(name)) selected[name] = value;
    // The MD5 covers what is returned, not what was sent (moto and LocalStack agree, §5.4).
    const md5 = md5OfMessageAttributes(selected);
    if (md5) {
      out.MD5OfMessageAttributes = md5;
      out.MessageAttributes = selected;
    }
  }
  return out;
}

/** `All`, `.*`, `prefix.*` and exact names, as ReceiveMessage's MessageAttributeNames allows. */
export function attributeFilterOf(names: unknown): ((name: string) => boolean) | undefined {
  if (!Array.isArray(names) || names.length === 0) return undefined;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of names) {
    const name = String(raw);
    if (name === 'All' || name === '.*') return () => true;
    if (name.endsWith('.*')) prefixes.push(name.slice(0, -1));
    else exact.add(name);
  }
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

export function waitForMessage(state: SqsState, queue: Queue, deadline: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let ms = deadline - Date.now();
    const next = queue.nextTimerAt();
    // Wake when the next delay or visibility timeout ends (emulator time mapped to real time).
    if (next !== undefined) ms = Math.min(ms, Math.max(5, next - state.clock.now()));
    const done = () => {
      clearTimeout(timer);
      queue.waiters.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    queue.waiters.add(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function receiveMessage(state: SqsState, input: Input, ctx: RequestContext) {
  const queue = queueOf(state, input);
  const max =
    optionalInteger(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const visibility = optionalInteger(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200) ?? queue.attribute('VisibilityTimeout');
  const wait =
    optionalInteger(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, MAX_WAIT_SECONDS, 'Must be >= 0 and <= 20, if provided.') ??
    queue.attribute('ReceiveMessageWaitTimeSeconds');
  const system = new Set<string>();
  for (const list of [input.MessageSystemAttributeNames, input.AttributeNames]) {
    if (Array.isArray(list)) for (const name of list) system.add(String(name));
  }
  const filter = attributeFilterOf(input.MessageAttributeNames);
  const attemptId = queue.fifo && typeof input.ReceiveRequestAttemptId === 'string' ? input.ReceiveRequestAttemptId : undefined;
  if (attemptId !== undefined) {
    // A retried FIFO receive with the same attempt id gets the same messages and handles back,
    // as long as none of them was deleted or became visible in between.
    const now = state.clock.now();
    for (const [id, attempt] of queue.receiveAttempts) {
      if (attempt.at + RECEIVE_ATTEMPT_WINDOW_MS > now) break;
      queue.receiveAttempts.delete(id);
    }
    const previous = queue.receiveAttempts.get(attemptId);
    if (previous && previous.messages.every((m, i) => m.state === 'inflight' && m.receiptToken === previous.tokens[i])) {
      return { Messages: previous.messages.map((m) => wireMessage(m, system, filter)) };
    }
  }
  // Long polls wait in real time (a test's clock jump must not end them), messages age on the emulator clock.
  const deadline = Date.now() + wait * 1000;
  for (;;) {
    // The caller hung up: take nothing, or those messages would hide for a visibility timeout.
    if (ctx.signal?.aborted) return {};
    const now = state.clock.now();
    queue.refresh(now);
    const room = MAX_INFLIGHT - queue.counts.inflight;
    if (room <= 0 && !queue.fifo) {
      throw new AwsError('OverLimit', `Too many messages in flight: the limit of ${MAX_INFLIGHT} in-flight messages has been reached.`, {
        status: 403,
        queryCode: 'OverLimit',
      });
    }
    const messages =
      queue.deleted || room <= 0 ? [] : queue.receive(Math.min(max, room), visibility * 1000, now, (m) => deadLetter(state, queue, m, now));
    if (attemptId !== undefined && messages.length > 0) {
      queue.receiveAttempts.delete(attemptId);
      queue.receiveAttempts.set(attemptId, { at: now, messages, tokens: messages.map((m) => m.receiptToken!) });
    }
    if (messages.length > 0 || state.closed || queue.deleted || Date.now() >= deadline) {
      const minute = queue.minute(now);
      if (messages.length === 0) {
        minute.emptyReceives++;
        return {};
      }
      minute.received += messages.length;
      return { Messages: messages.map((m) => wireMessage(m, system, filter)) };
    }
    await waitForMessage(state, queue, deadline, ctx.signal);
  }
}

/** The operations of this group, by SQS action name. */
export const receiveOperations: Record<string, SqsOperation> = {
  ReceiveMessage: receiveMessage,
};
