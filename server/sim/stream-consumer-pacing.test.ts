import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import type { DemoClients } from './clients';
import type { LambdaLogs } from './lambda-logs';
import type { LambdaMetrics } from './metrics';
import { runStreamConsumer } from './stream-consumer';

const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000';

/** A shard that always has a full page waiting: the busiest a stream can be. */
function busyShardClients(getRecordsAt: number[]): DemoClients {
  let sequence = 0;
  const record = (): StreamRecord => {
    sequence += 1;
    return { eventName: 'INSERT', dynamodb: { SequenceNumber: String(sequence).padStart(21, '0'), ApproximateCreationDateTime: new Date() } };
  };
  const answers: Record<string, () => unknown> = {
    DescribeStreamCommand: () => ({ StreamDescription: { Shards: [{ ShardId: 'shardId-1' }] } }),
    GetShardIteratorCommand: () => ({ ShardIterator: 'it-0' }),
    GetRecordsCommand: () => {
      getRecordsAt.push(Date.now());
      return { Records: Array.from({ length: 100 }, record), NextShardIterator: `it-${sequence}` };
    },
    ListEventSourceMappingsCommand: () => ({
      EventSourceMappings: [{ UUID: 'm-1', EventSourceArn: STREAM_ARN, State: 'Enabled', BatchSize: 100, StartingPosition: 'TRIM_HORIZON' }],
    }),
  };
  const client = {
    // A macrotask per call, as a network round trip is: an unpaced poller must not starve the test's timers.
    send: async (command: object) => {
      await new Promise((resolve) => setImmediate(resolve));
      return answers[command.constructor.name]?.() ?? {};
    },
  };
  return { dynamodb: client, streams: client, sqs: client, lambda: client, cloudwatch: client, logs: client, destroy: () => {} } as unknown as DemoClients;
}

describe('the demo stream consumer', () => {
  it('reads a busy shard no faster than Lambda: one GetRecords per poll interval, not one per finished batch', async () => {
    const getRecordsAt: number[] = [];
    const controller = new AbortController();
    const pollIntervalMs = 100;
    const run = runStreamConsumer({
      clients: busyShardClients(getRecordsAt),
      functionName: 'order-projector',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:order-projector',
      streamArn: STREAM_ARN,
      handler: async () => {},
      metrics: { invocation: () => {}, iteratorAge: () => {} } as unknown as LambdaMetrics,
      logs: { invoke: (_name: string, body: (i: unknown) => Promise<unknown>) => body({}) } as unknown as LambdaLogs,
      signal: controller.signal,
      log: () => {},
      now: () => Date.now(),
      pollIntervalMs,
      describeIntervalMs: 10_000,
      mappingRefreshMs: 10_000,
      progressReportMs: 0,
      retryDelayMs: () => 10,
    });
    while (getRecordsAt.length < 6) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await run;
    const span = getRecordsAt[getRecordsAt.length - 1] - getRecordsAt[0];
    // Unpaced, a poller that never waits after a full page makes thousands of calls in this span.
    expect(getRecordsAt.length).toBeLessThanOrEqual(Math.floor(span / (pollIntervalMs - 5)) + 1);
    const gaps = getRecordsAt.slice(1).map((at, i) => at - getRecordsAt[i]);
    // Timers may fire a millisecond early; never a whole interval early.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(pollIntervalMs - 5);
  });
});
