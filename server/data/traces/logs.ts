import 'server-only';
import type { parseFailureRecord } from '@/lib/traces/failure-record';
import { findItemRefs, keyText } from '@/lib/traces/correlation';
import { logErrorSignature } from '@/lib/traces/log-lines';
import { parseSnsEnvelope } from '@/lib/sns/envelope';
import type { QueueMessage } from '@/lib/types/queues';
import type { ErrorSignature, TableKeySpec } from '@/lib/types/traces';
import { consumersOf, errorIndexOf, traceLogsFrom, type ErrorIndex } from '../../traces/logs';
import type { TraceQueue } from './queues';

/** Log lines are looked for from a minute before a message was sent to this long after it. */
const LOG_WINDOW_AFTER_MS = 30 * 60_000;

/** The consumer whose logs explain this queue's failures: the failure record's function, or the Lambda reading the DLQ's source queue. */
async function consumerFunction(queue: TraceQueue, queues: TraceQueue[], message: QueueMessage, failure: Extract<ReturnType<typeof parseFailureRecord>, { kind: 'failure_record' }> | undefined): Promise<string | undefined> {
  if (failure?.record.functionName) return failure.record.functionName;
  const source = queues.find((q) => q.name === (message.sourceQueue ?? (queue.sourceNames.length === 1 ? queue.sourceNames[0] : undefined)));
  if (!source) return undefined;
  return (await consumersOf(source.arn).catch(() => []))[0];
}

/** One index of the consumer's error lines over the time the traced queue's read messages span. */
export async function errorIndexFor(
  queue: TraceQueue,
  queues: TraceQueue[],
  read: QueueMessage[],
  message: QueueMessage,
  failure: Extract<ReturnType<typeof parseFailureRecord>, { kind: 'failure_record' }> | undefined,
  readAt: number,
): Promise<ErrorIndex | undefined> {
  const functionName = await consumerFunction(queue, queues, message, failure);
  if (!functionName) return undefined;
  // A message whose SentTimestamp is unknown does not narrow the window; the read time bounds it.
  const sent = [message.sentAt, ...read.map((m) => m.sentAt)].filter((t): t is number => t !== undefined && t > 0);
  const first = sent.length > 0 ? Math.min(...sent) : readAt;
  const last = sent.length > 0 ? Math.max(...sent) : readAt;
  const start = first - 60_000;
  const end = Math.min(readAt, last + LOG_WINDOW_AFTER_MS);
  return errorIndexOf(functionName, { start, end });
}

/**
 * What a message's log lines are matched on: its id, an SNS envelope's MessageId (what a consumer
 * of a topic logs), the failed invocation's request id, the keys of the items it names.
 */
export function logKeysOf(m: QueueMessage, parse: ReturnType<typeof parseFailureRecord>, specs: TableKeySpec[]): { ids: string[]; itemKeys: string[] } {
  const ids = [m.messageId];
  const snsMessageId = parseSnsEnvelope(m.body)?.messageId;
  if (snsMessageId) ids.push(snsMessageId);
  if (parse.kind === 'failure_record' && parse.record.requestId) ids.push(parse.record.requestId);
  return { ids, itemKeys: findItemRefs(m, specs).flatMap((ref) => Object.values(ref.key).map(keyText)) };
}

/** The signature from the consumer's error line for a message, when its logs name one. */
export function logSignature(index: ErrorIndex, keys: { ids: string[]; itemKeys: string[] }): ErrorSignature | undefined {
  const sig = logErrorSignature(traceLogsFrom(index, keys).errors);
  if (!sig) return undefined;
  return { key: `logs|${index.functionName}|${sig.text}`, label: sig.text.length > 160 ? `${sig.text.slice(0, 159)}…` : sig.text, source: 'logs', field: `${index.functionName} log (${index.logGroup})` };
}
