import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { DemoClients } from './clients';
import { MappingConfig } from './mapping';
import type { Invocation, LambdaLogs } from './lambda-logs';
import type { LambdaMetrics } from './metrics';
import { errorMessage, isAbort, sleep } from './util';

/** A function's partial batch response: the MessageIds to leave on the queue for a retry. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface QueuePollerOptions {
  clients: DemoClients;
  functionName: string;
  queueArn: string;
  queueUrl: string;
  /** The function: throws to fail the whole batch; may return the messages that failed. */
  handler(messages: Message[], invocation: Invocation): Promise<BatchResponse | void>;
  metrics: LambdaMetrics;
  /** Writes the function's START/END/REPORT lines around each invocation. */
  logs: LambdaLogs;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Long-poll wait (Lambda uses 20 s; stop() aborts the call, so long is fine). */
  waitTimeSeconds: number;
  mappingRefreshMs: number;
  progressReportMs: number;
  /**
   * While true the consumer is stalled: it receives nothing, and what a long poll already pending
   * brings back is handed back at once (visibility 0) rather than processed. The long poll is not
   * aborted: a dropped long poll can still take a message server-side and hide it for a whole
   * visibility timeout.
   */
  paused?: () => boolean;
  idleMs: number;
}

/**
 * What Lambda's event source mapping does for an SQS queue: long-poll up to BatchSize messages,
 * invoke, then delete what succeeded. Failed messages stay and come back after the visibility
 * timeout, so the queue's RedrivePolicy (not the mapping) moves them to the DLQ. With
 * FunctionResponseTypes ReportBatchItemFailures only the reported messages stay; without it a
 * returned response is ignored (the whole batch succeeded) and only a throw keeps the batch.
 */
export async function runQueuePoller(options: QueuePollerOptions): Promise<void> {
  const mapping = new MappingConfig(options.clients, options.functionName, options.queueArn, {
    refreshMs: options.mappingRefreshMs,
    progressReportMs: options.progressReportMs,
    log: options.log,
  });
  try {
    await pollQueue(options, mapping);
  } finally {
    mapping.close();
  }
}

async function pollQueue(options: QueuePollerOptions, mapping: MappingConfig): Promise<void> {
  const { clients, signal, log, functionName } = options;
  let idleReason: string | undefined;
  while (!signal.aborted) {
    const config = await mapping.get(signal);
    const reason = idleReasonOf(config?.State, options.paused?.() ?? false, config === undefined);
    if (reason !== idleReason) {
      log(reason ? `${functionName}: not polling (${reason})` : `${functionName}: polling ${options.queueArn}`);
      idleReason = reason;
    }
    if (reason || !config) {
      await sleep(options.idleMs, signal);
      continue;
    }
    let messages: Message[];
    try {
      const received = await clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          // An SQS ReceiveMessage returns at most 10; Lambda batches larger sizes over several calls.
          MaxNumberOfMessages: Math.max(1, Math.min(config.BatchSize ?? 10, 10)),
          WaitTimeSeconds: options.waitTimeSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      messages = received.Messages ?? [];
    } catch (error) {
      if (isAbort(error, signal)) return;
      log(`${functionName}: ReceiveMessage failed: ${errorMessage(error)}`);
      await sleep(1000, signal);
      continue;
    }
    if (messages.length === 0) continue;
    if (options.paused?.()) {
      await release(options, messages);
      continue;
    }

    let failed: Set<string>;
    try {
      const response = await options.logs.invoke(functionName, (invocation) => options.handler(messages, invocation));
      const reportsItems = config.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false;
      failed = new Set(reportsItems && response ? response.batchItemFailures.map((f) => f.itemIdentifier) : []);
      options.metrics.invocation(functionName, false);
    } catch (error) {
      if (signal.aborted) return;
      failed = new Set(messages.map((m) => m.MessageId ?? ''));
      options.metrics.invocation(functionName, true);
      log(`${functionName}: invocation of ${messages.length} message(s) failed: ${errorMessage(error)}`);
    }
    mapping.reportProgress(failed.size > 0 ? 'PROBLEM: Function call failed' : 'OK');

    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) continue;
    try {
      const result = await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
        { abortSignal: signal },
      );
      for (const failure of result.Failed ?? []) log(`${functionName}: could not delete a message: ${failure.Code} ${failure.Message ?? ''}`);
    } catch (error) {
      if (isAbort(error, signal)) return;
      // Undeleted messages come back after the visibility timeout: processed twice, never lost.
      log(`${functionName}: DeleteMessageBatch failed: ${errorMessage(error)}`);
    }
  }
}

/** Why a poller must not receive now, or undefined when it may. */
export function idleReasonOf(state: string | undefined, paused: boolean, missing: boolean): string | undefined {
  if (missing) return 'no event source mapping';
  if (state === 'Disabled' || state === 'Disabling') return `mapping ${state}`;
  if (paused) return 'stalled';
  return undefined;
}

/** Makes received messages visible again at once (ChangeMessageVisibilityBatch to 0). */
async function release(options: QueuePollerOptions, messages: Message[]): Promise<void> {
  try {
    await options.clients.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    // They come back after the visibility timeout anyway.
    if (!isAbort(error, options.signal)) options.log(`${options.functionName}: could not hand back ${messages.length} message(s): ${errorMessage(error)}`);
  }
}
