import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { runStreamBatch, type DiscardCondition, type StreamRetryPolicy } from './batch-retry';
import type { DemoClients } from './clients';
import { buildStreamFailureRecord } from './failure-record';
import { MappingConfig, queueUrlOfArn } from './mapping';
import type { Invocation, LambdaLogs } from './lambda-logs';
import type { LambdaMetrics } from './metrics';
import { errorMessage, errorName, isAbort, sleep } from './util';

export interface StreamConsumerOptions {
  clients: DemoClients;
  functionName: string;
  functionArn: string;
  streamArn: string;
  /** The function: throws to fail the whole batch, as an unhandled error in a Lambda handler. */
  handler(records: StreamRecord[], invocation: Invocation): Promise<void>;
  metrics: LambdaMetrics;
  /** Writes the function's START/END/REPORT lines around each invocation. */
  logs: LambdaLogs;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Epoch ms, for IteratorAge and record age (the clock the stream's timestamps come from). */
  now: () => number;
  /**
   * The least time between two GetRecords on one shard. Lambda "polls shards in your DynamoDB
   * stream for records at a base rate of 4 times per second" (the Lambda developer guide, "How
   * Lambda processes records from DynamoDB Streams"): 250 ms, busy or idle — a poller that asked
   * again at once after a full page would be a faster reader than any Lambda and would take the
   * shard's read budget from the other readers.
   */
  pollIntervalMs: number;
  /** How often DescribeStream looks for new (child) shards. */
  describeIntervalMs: number;
  mappingRefreshMs: number;
  progressReportMs: number;
  /** Wait before the n-th retry of a failed batch. */
  retryDelayMs(failures: number): number;
  /** Called with the records given up on, after their range went to the on-failure destination. */
  onDiscard?(records: StreamRecord[], condition: DiscardCondition): void;
}

/** Tries at sending one failure record to the on-failure destination. */
const DESTINATION_ATTEMPTS = 5;

interface ShardState {
  shardId: string;
  parentShardId?: string;
  status: 'waiting' | 'reading' | 'drained';
  /** The last sequence number processed (or discarded): where a renewed iterator resumes. */
  checkpoint?: string;
}

/**
 * What Lambda's event source mapping does for a DynamoDB stream, in-process: one poller per
 * shard, parents drained before their children start, a checkpoint per shard, periodic
 * DescribeStream for new shards, and the mapping's retry, bisect and on-failure settings read
 * from ListEventSourceMappings. Resolves when `signal` aborts and every poller has stopped.
 */
export async function runStreamConsumer(options: StreamConsumerOptions): Promise<void> {
  const { clients, signal, log } = options;
  const mapping = new MappingConfig(clients, options.functionName, options.streamArn, {
    refreshMs: options.mappingRefreshMs,
    progressReportMs: options.progressReportMs,
    log,
  });
  const shards = new Map<string, ShardState>();
  const running = new Set<Promise<void>>();
  let wake: (() => void) | undefined;

  const canStart = (shard: ShardState) => {
    if (!shard.parentShardId) return true;
    const parent = shards.get(shard.parentShardId);
    // A parent no longer described has been trimmed away: nothing left to read before the child.
    return !parent || parent.status === 'drained';
  };

  while (!signal.aborted) {
    try {
      for (const shard of await describeShards(clients, options.streamArn, signal)) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        shards.set(shard.ShardId, { shardId: shard.ShardId, parentShardId: shard.ParentShardId, status: 'waiting' });
      }
    } catch (error) {
      if (isAbort(error, signal)) break;
      log(`${options.functionName}: DescribeStream failed: ${errorMessage(error)}`);
    }
    for (const shard of shards.values()) {
      if (shard.status !== 'waiting' || !canStart(shard)) continue;
      shard.status = 'reading';
      log(`${options.functionName}: reading ${shard.shardId}${shard.parentShardId ? ` (child of ${shard.parentShardId})` : ''}`);
      const isRoot = !shard.parentShardId || !shards.has(shard.parentShardId);
      const poller = pollShard(options, mapping, shard, isRoot)
        .catch((error) => {
          // Unexpected: start it again at the next describe, from its checkpoint.
          shard.status = 'waiting';
          log(`${options.functionName}: shard ${shard.shardId} poller stopped: ${errorMessage(error)}`);
        })
        .finally(() => {
          running.delete(poller);
          // A drained parent lets its children start now rather than at the next describe.
          if (shard.status === 'drained') wake?.();
        });
      running.add(poller);
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      void sleep(options.describeIntervalMs, signal).then(resolve);
    });
    wake = undefined;
  }
  await Promise.all(running);
  mapping.close();
}

/** Every shard of the stream: DescribeStream pages by ExclusiveStartShardId until LastEvaluatedShardId is absent. */
async function describeShards(clients: DemoClients, streamArn: string, signal: AbortSignal): Promise<Shard[]> {
  const all: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await clients.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }), {
      abortSignal: signal,
    });
    all.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return all;
}

async function pollShard(options: StreamConsumerOptions, mapping: MappingConfig, shard: ShardState, isRoot: boolean): Promise<void> {
  const { clients, signal, log, functionName } = options;
  let iterator: string | undefined;
  let destination: { arn: string; url: string } | undefined;
  // Lambda's on-failure record names the request id of the last invocation of the batch.
  let lastRequestId: string | undefined;

  const newIterator = async (startingPosition: string | undefined): Promise<string | undefined> => {
    // Resume after the checkpoint; a fresh root shard starts where the mapping says; a child shard
    // is always read from its beginning, since its parent's records end where its own begin.
    let type: ShardIteratorType = 'TRIM_HORIZON';
    if (shard.checkpoint) type = 'AFTER_SEQUENCE_NUMBER';
    else if (isRoot && startingPosition === 'LATEST') type = 'LATEST';
    const { ShardIterator } = await clients.streams.send(
      new GetShardIteratorCommand({ StreamArn: options.streamArn, ShardId: shard.shardId, ShardIteratorType: type, SequenceNumber: shard.checkpoint }),
      { abortSignal: signal },
    );
    return ShardIterator;
  };

  const discard = async (records: StreamRecord[], condition: DiscardCondition, invokeCount: number, destinationArn: string | undefined) => {
    const refs = records.map((r) => ({
      SequenceNumber: r.dynamodb?.SequenceNumber ?? '',
      ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime ?? new Date(0),
    }));
    const failure = buildStreamFailureRecord({
      requestId: lastRequestId ?? randomUUID(),
      functionArn: options.functionArn,
      condition,
      approximateInvokeCount: invokeCount,
      timestamp: new Date(options.now()),
      shardId: shard.shardId,
      streamArn: options.streamArn,
      records: refs,
    });
    const range = `${failure.DDBStreamBatchInfo.startSequenceNumber}..${failure.DDBStreamBatchInfo.endSequenceNumber}`;
    if (destinationArn) {
      // A few tries over a transient error; then Lambda too moves on, and the range is logged, not lost silently.
      for (let attempt = 1; ; attempt += 1) {
        try {
          if (destination?.arn !== destinationArn) destination = { arn: destinationArn, url: await queueUrlOfArn(clients, destinationArn, signal) };
          await clients.sqs.send(new SendMessageCommand({ QueueUrl: destination.url, MessageBody: JSON.stringify(failure) }), { abortSignal: signal });
          break;
        } catch (error) {
          if (isAbort(error, signal)) return;
          if (attempt >= DESTINATION_ATTEMPTS) {
            log(`${functionName}: could not send ${range} to ${destinationArn}: ${errorMessage(error)}`);
            break;
          }
          await sleep(200 * attempt, signal);
        }
      }
    }
    log(`${functionName}: ${condition} for ${records.length} record(s) ${range} on ${shard.shardId}`);
    options.onDiscard?.(records, condition);
  };

  let idle = false;
  let lastPollAt = Number.NEGATIVE_INFINITY;
  while (!signal.aborted) {
    const config = await mapping.get(signal);
    const disabled = !config || config.State === 'Disabled' || config.State === 'Disabling';
    if (disabled !== idle) {
      log(disabled ? `${functionName}: not polling ${shard.shardId} (mapping ${config?.State ?? 'missing'})` : `${functionName}: polling ${shard.shardId} again`);
      idle = disabled;
    }
    if (!config || disabled) {
      await sleep(options.pollIntervalMs * 4, signal);
      continue;
    }
    try {
      iterator ??= await newIterator(config.StartingPosition);
      if (!iterator) throw new Error('GetShardIterator returned no iterator');
      // Wall time, not options.now(): pacing is about the shard's real read rate.
      const wait = lastPollAt + options.pollIntervalMs - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (signal.aborted) return;
      lastPollAt = Date.now();
      const page = await clients.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(config.BatchSize ?? 100, 1000) }), {
        abortSignal: signal,
      });
      const records = page.Records ?? [];
      if (records.length > 0) {
        const policy: StreamRetryPolicy = {
          maximumRetryAttempts: config.MaximumRetryAttempts ?? -1,
          bisectBatchOnFunctionError: config.BisectBatchOnFunctionError ?? false,
          maximumRecordAgeSeconds: config.MaximumRecordAgeInSeconds ?? -1,
        };
        const destinationArn = config.DestinationConfig?.OnFailure?.Destination;
        const done = await runStreamBatch(records, policy, {
          invoke: async (batch) => {
            const last = batch[batch.length - 1].dynamodb?.ApproximateCreationDateTime;
            if (last) options.metrics.iteratorAge(functionName, options.now() - last.getTime());
            lastRequestId = randomUUID();
            try {
              await options.logs.invoke(functionName, (invocation) => options.handler(batch, invocation), lastRequestId);
              options.metrics.invocation(functionName, false);
              mapping.reportProgress('OK');
            } catch (error) {
              options.metrics.invocation(functionName, true);
              mapping.reportProgress('PROBLEM: Function call failed');
              log(`${functionName}: invocation of ${batch.length} record(s) failed: ${errorMessage(error)}`);
              throw error;
            }
          },
          discard: (batch, condition, invokeCount) => discard(batch, condition, invokeCount, destinationArn),
          ageSeconds: (r) => (options.now() - (r.dynamodb?.ApproximateCreationDateTime?.getTime() ?? options.now())) / 1000,
          retryDelayMs: options.retryDelayMs,
          signal,
        });
        if (!done) return;
        shard.checkpoint = records[records.length - 1].dynamodb?.SequenceNumber ?? shard.checkpoint;
      }
      if (!page.NextShardIterator) {
        // Absent NextShardIterator: the shard is closed and fully read; its children may start.
        shard.status = 'drained';
        log(`${functionName}: ${shard.shardId} drained`);
        return;
      }
      iterator = page.NextShardIterator;
    } catch (error) {
      if (isAbort(error, signal)) return;
      switch (errorName(error)) {
        case 'ExpiredIteratorException':
          // 15 minutes old: a fresh one from the checkpoint loses nothing.
          iterator = undefined;
          log(`${functionName}: iterator for ${shard.shardId} expired; renewing after ${shard.checkpoint ?? 'the start'}`);
          break;
        case 'TrimmedDataAccessException':
          // The checkpoint fell out of the 24 h window: those records are gone; start at the oldest left.
          shard.checkpoint = undefined;
          iterator = undefined;
          log(`${functionName}: records after ${shard.shardId}'s checkpoint were trimmed; continuing at TRIM_HORIZON`);
          break;
        case 'ResourceNotFoundException':
          shard.status = 'drained';
          log(`${functionName}: shard ${shard.shardId} no longer exists`);
          return;
        default:
          log(`${functionName}: reading ${shard.shardId} failed: ${errorMessage(error)}`);
          await sleep(1000, signal);
      }
    }
  }
}
