import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../testing';
import { ShardReadBudget } from './read-budget';
import { insert, iteratorFor, newStream, shardsOf } from './test-support';

/**
 * The three reader patterns of issue 13, with the real SDK over HTTP against the emulator's
 * default read budget (10 GetRecords/s per shard, burst 10): which of them AWS's "more than two
 * processes reading the same shard at the same time" rule throttles.
 */

interface Stats {
  shardReaders: Record<string, number>;
  shards: Record<string, { readers: number; getRecordsPerSecond: Record<string, number>; throttled: Record<string, number> }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client as a user's program builds it, named by its `userAgentAppId`. */
function clientFor(emu: TestEmulator, appId: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint: emu.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1, userAgentAppId: appId });
}

/** A Lambda-style reader: one iterator chain, a GetRecords every `intervalMs`, counting throttles. */
function poller(client: DynamoDBStreamsClient, streamArn: string, shardId: string, intervalMs: number) {
  let stopped = false;
  const result = { calls: 0, throttled: 0 };
  const done = (async () => {
    let iterator = await iteratorFor(client, streamArn, shardId, 'TRIM_HORIZON');
    while (!stopped) {
      const started = Date.now();
      result.calls++;
      try {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        iterator = page.NextShardIterator ?? iterator;
      } catch (error) {
        if ((error as Error).name !== 'LimitExceededException') throw error;
        result.throttled++;
      }
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
  })();
  return {
    result,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe('the shard read budget (token bucket)', () => {
  it('refills at its rate, holds one second of burst, and refuses when dry', () => {
    const budget = new ShardReadBudget(10);
    let served = 0;
    for (let i = 0; i < 15; i++) if (budget.take('s', 1_000)) served++;
    expect(served).toBe(10);
    expect(budget.take('s', 1_050)).toBe(false);
    expect(budget.take('s', 1_100)).toBe(true);
    // Another shard has its own budget.
    expect(budget.take('other', 1_100)).toBe(true);
    // A long quiet spell refills to the burst, not beyond.
    let later = 0;
    for (let i = 0; i < 15; i++) if (budget.take('s', 60_000)) later++;
    expect(later).toBe(10);
  });
});

describe('reader patterns against the default read budget (SDK over HTTP)', () => {
  let emu: TestEmulator;
  let streamArn: string;
  let shardId: string;
  const clients: DynamoDBStreamsClient[] = [];
  const client = (appId: string) => {
    const c = clientFor(emu, appId);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    emu = await startTestEmulator();
    streamArn = newStream(emu);
    for (let i = 0; i < 20; i++) insert(emu, streamArn, `item-${i}`);
    shardId = (await shardsOf(emu.streams, streamArn))[0].ShardId as string;
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await emu.stop();
  });

  const stats = async () => (await emu.control('GET', '/_eddy/stats')) as Stats;

  it('one client reading AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, then LATEST with fresh iterators is not throttled', async () => {
    await emu.control('DELETE', '/_eddy/stats');
    const cli = client('sequential');
    const first = await cli.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(cli, streamArn, shardId) }));
    const seq = first.Records?.[3]?.dynamodb?.SequenceNumber as string;
    const at = await cli.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(cli, streamArn, shardId, 'AT_SEQUENCE_NUMBER', seq) }));
    expect(at.Records?.[0]?.dynamodb?.SequenceNumber).toBe(seq);
    const after = await cli.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(cli, streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', seq) }));
    expect(after.Records?.[0]?.dynamodb?.SequenceNumber).not.toBe(seq);
    const latest = await cli.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(cli, streamArn, shardId, 'LATEST') }));
    expect(latest.Records).toEqual([]);
    const shard = (await stats()).shards[shardId];
    // Four chains in a few milliseconds: the old 10-second chain window refused the third.
    expect(shard.throttled).toEqual({ sequential: 0 });
    expect(shard.getRecordsPerSecond.sequential).toBeGreaterThan(0);
  });

  it('a consumer resuming from its checkpoint every few seconds next to a second reader is not throttled', async () => {
    await emu.control('DELETE', '/_eddy/stats');
    await sleep(1_100); // a full bucket
    const lambda = poller(client('lambda'), streamArn, shardId, 250);
    const resumer = client('resumer');
    let throttled = 0;
    let checkpoint: string | undefined;
    for (let round = 0; round < 3; round++) {
      const iterator = checkpoint
        ? await iteratorFor(resumer, streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', checkpoint)
        : await iteratorFor(resumer, streamArn, shardId, 'TRIM_HORIZON');
      try {
        const page = await resumer.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 5 }));
        checkpoint = page.Records?.at(-1)?.dynamodb?.SequenceNumber ?? checkpoint;
      } catch (error) {
        if ((error as Error).name !== 'LimitExceededException') throw error;
        throttled++;
      }
      await sleep(1_500);
    }
    await lambda.stop();
    expect(throttled).toBe(0);
    expect(lambda.result.throttled).toBe(0);
    const shard = (await stats()).shards[shardId];
    expect(shard.throttled).toEqual({ lambda: 0, resumer: 0 });
    expect(shard.getRecordsPerSecond.lambda).toBeGreaterThan(1);
  });

  it('two 4/s readers are not throttled; a third at the same pace is', async () => {
    await emu.control('DELETE', '/_eddy/stats');
    await sleep(1_100);
    const one = poller(client('reader-1'), streamArn, shardId, 250);
    const two = poller(client('reader-2'), streamArn, shardId, 250);
    await sleep(3_000);
    const pair = await stats();
    expect(pair.shards[shardId].throttled).toEqual({ 'reader-1': 0, 'reader-2': 0 });
    expect(pair.shards[shardId].readers).toBe(2);

    const three = poller(client('reader-3'), streamArn, shardId, 250);
    // 12 calls/s against 10/s with a burst of 10: dry within about five seconds.
    await sleep(7_000);
    const trio = await stats();
    await Promise.all([one.stop(), two.stop(), three.stop()]);
    const throttled = Object.values(trio.shards[shardId].throttled).reduce((a, b) => a + b, 0);
    expect(throttled).toBeGreaterThan(0);
    expect(three.result.throttled + one.result.throttled + two.result.throttled).toBe(throttled);
    expect(trio.shards[shardId].readers).toBe(3);
    // Calls without an app id in the User-Agent are counted as "unknown".
    await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, shardId, 'LATEST') })).catch(() => undefined);
    expect(Object.keys((await stats()).shards[shardId].getRecordsPerSecond)).toContain('unknown');
  }, 20_000);
});
