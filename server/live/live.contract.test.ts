import { CreateTableCommand, DeleteItemCommand, DescribeTableCommand, PutItemCommand, UpdateItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toAppErrorFromAws } from '../aws/errors';
import { createStreamsApi } from '../aws/streams';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import type { StreamEvent, ReaderState } from '@/lib/types/streams';
import { readHistory } from './history';
import { LiveRegistry } from './registry';
import { DEFAULT_LIVE_OPTIONS } from './options';
import { StreamTail } from './stream-tail';

const FAST = { idleIntervalMs: 20, idleMaxIntervalMs: 40, describeIntervalMs: 150, lingerMs: 200, backoffBaseMs: 20, backoffMaxMs: 300, ringSize: 1000 };

let emulator: TestEmulator | undefined;
let registry: LiveRegistry | undefined;
const stoppers: (() => void)[] = [];

afterEach(async () => {
  for (const stop of stoppers.splice(0)) stop();
  registry?.stopAll();
  registry = undefined;
  await emulator?.stop();
  emulator = undefined;
});

async function setup(options: { shardsPerStream?: number; shardRolloverMinutes?: number; port?: number } = {}) {
  emulator = await startTestEmulator({ shardsPerStream: options.shardsPerStream ?? 2, shardRolloverMinutes: options.shardRolloverMinutes ?? 240, port: options.port });
  await createOrders(emulator);
  const emu = emulator;
  // One adapter for the process, as in the app: every read of a shard shares its one scheduler.
  const api = createStreamsApi(emu.streams);
  registry = new LiveRegistry(
    () => api,
    async (table) => {
      try {
        const out = await emu.dynamodb.send(new DescribeTableCommand({ TableName: table }));
        return out.Table?.StreamSpecification?.StreamEnabled && out.Table.LatestStreamArn ? { arn: out.Table.LatestStreamArn } : null;
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
    },
    FAST,
  );
  return { emulator: emu, registry, api };
}

async function createOrders(emu: TestEmulator) {
  await emu.dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
}

/** Subscribes and collects every event and gap notice; records each reader state seen. */
function watch(tail: StreamTail) {
  const events: StreamEvent[] = [];
  const gaps: string[] = [];
  const states = new Set<ReaderState>();
  stoppers.push(tail.subscribe({ onEvents: (batch) => events.push(...batch), onGap: (m) => gaps.push(m) }));
  stoppers.push(
    tail.onStatus(() => {
      for (const shard of tail.status().shards) if (shard.reader) states.add(shard.reader.state);
    }),
  );
  return { events, gaps, states };
}

async function runningReaders(tail: StreamTail, count: number) {
  await vi.waitFor(
    () => {
      const reading = tail.status().shards.filter((s) => s.reader && ['idle', 'reading'].includes(s.reader.state));
      expect(reading.length).toBe(count);
    },
    { timeout: 10_000, interval: 20 },
  );
}

async function put(emu: TestEmulator, orderId: string, extra: Record<string, unknown> = {}) {
  await emu.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: orderId }, status: { S: 'NEW' }, ...(extra as object) } }));
}

describe('stream tail against the emulator', () => {
  it('decodes INSERT, MODIFY and REMOVE in order, with one reader per shard however many subscribe', async () => {
    const { emulator: emu, registry: reg } = await setup();
    const holds = Array.from({ length: 5 }, () => reg.acquire('orders'));
    const tail = holds[0].tail;
    expect(holds.every((h) => h.tail === tail)).toBe(true);
    const seen = watch(tail);
    await runningReaders(tail, 2);

    await put(emu, 'o-1', { amount: { N: '12345678901234567890.5' }, tags: { SS: ['a', 'b'] }, blob: { B: new Uint8Array([1, 2, 3]) } });
    await emu.dynamodb.send(
      new UpdateItemCommand({
        TableName: 'orders',
        Key: { orderId: { S: 'o-1' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'PAID' } },
      }),
    );
    await emu.dynamodb.send(new DeleteItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o-1' } } }));
    await vi.waitFor(() => expect(seen.events.map((e) => e.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']), { timeout: 5_000 });

    const [insert, modify, remove] = seen.events;
    expect(insert.newImage).toMatchObject({ amount: { N: '12345678901234567890.5' }, tags: { SS: ['a', 'b'] }, blob: { B: 'AQID' } });
    expect(insert.oldImage).toBeUndefined();
    expect(modify.oldImage?.status).toEqual({ S: 'NEW' });
    expect(modify.newImage?.status).toEqual({ S: 'PAID' });
    expect(remove.newImage).toBeUndefined();
    expect(remove.ttlDelete).toBe(false);
    expect(new Set(seen.events.map((e) => e.shardId)).size).toBe(1);
    expect(seen.events.map((e) => e.cursor)).toEqual([1, 2, 3]);

    const stats = (await emu.control('GET', '/_eddy/stats')) as { shardReaders: Record<string, number> };
    expect(Object.values(stats.shardReaders)).toEqual([1, 1]);
    for (const h of holds) h.release();
  });

  it('renews an expired iterator from the last sequence number, with no gap and no duplicate', async () => {
    const { emulator: emu, registry: reg } = await setup();
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 2);
    await put(emu, 'before');
    await vi.waitFor(() => expect(seen.events).toHaveLength(1));
    const iterators = async () => ((await emu.control('GET', '/_eddy/stats')) as { requests: Record<string, number> }).requests['DynamoDBStreams_20120810.GetShardIterator'] ?? 0;
    const before = await iterators();
    // A 16-minute jump makes every outstanding iterator older than the 15 minutes allowed.
    emu.clock.advance(16 * 60_000);
    // The shards' schedulers ask for new iterators from where each reader got to.
    await vi.waitFor(async () => expect(await iterators()).toBeGreaterThanOrEqual(before + 2), { timeout: 5_000 });
    await put(emu, 'after');
    await vi.waitFor(() => expect(seen.events.map((e) => e.keys.orderId)).toEqual([{ S: 'before' }, { S: 'after' }]), { timeout: 5_000 });
    expect(seen.gaps).toEqual([]);
  });

  it('rolls over to the child shards after the parent is drained', async () => {
    const { emulator: emu, registry: reg, api } = await setup({ shardRolloverMinutes: 10 });
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 2);
    for (let i = 0; i < 10; i++) await put(emu, `a-${i}`);
    emu.clock.advance(11 * 60_000);
    for (let i = 0; i < 10; i++) await put(emu, `b-${i}`);
    await vi.waitFor(() => expect(seen.events).toHaveLength(20), { timeout: 10_000 });
    // A later tail (the first one stopped, nobody watching) still knows the parents closed while Eddy watched.
    const status = tail.status();
    const later = new StreamTail('orders', api, async () => ({ arn: tail.currentStreamArn as string }), { ...DEFAULT_LIVE_OPTIONS, ...FAST });
    later.start();
    stoppers.push(() => later.stop());
    await vi.waitFor(() => expect(later.status().shards.filter((s) => !s.parentShardId && s.reader?.state === 'closed')).toHaveLength(2), { timeout: 5_000 });
    expect(later.status().shards.filter((s) => !s.parentShardId).every((s) => /^Closed while Eddy watched/.test(s.reader?.message ?? ''))).toBe(true);
    const parents = status.shards.filter((s) => !s.parentShardId);
    const children = status.shards.filter((s) => s.parentShardId);
    expect(parents).toHaveLength(2);
    expect(children).toHaveLength(2);
    expect(parents.every((s) => !s.open && s.reader?.state === 'closed')).toBe(true);
    expect(parents.every((s) => /^Closed while Eddy watched/.test(s.reader?.message ?? ''))).toBe(true);
    await runningReaders(tail, 2);
    // Per item, the parent's records come first: no b-* before its shard's a-* records end.
    const byShard = new Map<string, number>();
    for (const e of seen.events) byShard.set(e.shardId, (byShard.get(e.shardId) ?? 0) + 1);
    expect([...byShard.keys()].filter((id) => children.some((c) => c.shardId === id)).length).toBeGreaterThan(0);
    expect(new Set(seen.events.map((e) => e.eventID)).size).toBe(20);
  });

  it('reports a gap when records are trimmed before the reader gets to them', async () => {
    const { emulator: emu, registry: reg } = await setup({ shardsPerStream: 1 });
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 1);
    // The reader is held off (an outage) while records age past the 24-hour retention.
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDBStreams_20120810.GetRecords', error: 'InternalServerError', status: 500 }] });
    await put(emu, 'lost');
    emu.clock.advance(25 * 60 * 60_000);
    await emu.control('POST', '/_eddy/faults', { rules: [] });
    await vi.waitFor(() => expect(seen.gaps.length).toBeGreaterThan(0), { timeout: 10_000 });
    await runningReaders(tail, 1);
    await put(emu, 'kept');
    await vi.waitFor(() => expect(seen.events.map((e) => e.keys.orderId)).toContainEqual({ S: 'kept' }), { timeout: 10_000 });
    expect(seen.events.map((e) => e.keys.orderId)).not.toContainEqual({ S: 'lost' });
  });

  it('backs off while throttled and carries on without losing records', async () => {
    const { emulator: emu, registry: reg } = await setup({ shardsPerStream: 1 });
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 1);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDBStreams_20120810.GetRecords', error: 'LimitExceededException' }] });
    await put(emu, 'during');
    await vi.waitFor(() => expect(tail.status().shards[0].reader?.state).toBe('throttled'), { timeout: 5_000 });
    expect(tail.status().shards[0].reader?.message).toBe('Eddy slowed its reads: the shard is busy — your consumers come first.');
    expect(tail.status().readsSlowed).toMatch(/slowed its reads/);
    expect(tail.status().shards[0].reads).toMatchObject({ state: 'slowed', budgetPerSecond: 2 });
    await emu.control('POST', '/_eddy/faults', { rules: [] });
    await vi.waitFor(() => expect(seen.events.map((e) => e.keys.orderId)).toEqual([{ S: 'during' }]), { timeout: 5_000 });
  });

  it('reads beside another consumer without either being throttled', async () => {
    const { emulator: emu, registry: reg } = await setup();
    // The user's own consumer: one chain on every shard, polling like Lambda.
    const consumerStop = startOtherConsumer(emu.streams, emu);
    stoppers.push(consumerStop);
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 2);
    for (let i = 0; i < 20; i++) await put(emu, `c-${i}`);
    await vi.waitFor(() => expect(seen.events).toHaveLength(20), { timeout: 5_000 });
    const stats = (await emu.control('GET', '/_eddy/stats')) as { shardReaders: Record<string, number>; shards: Record<string, { throttled: Record<string, number> }> };
    expect(Object.values(stats.shardReaders)).toEqual([2, 2]);
    for (const shard of Object.values(stats.shards)) expect(Object.values(shard.throttled).every((n) => n === 0)).toBe(true);
    expect(seen.states.has('throttled')).toBe(false);
  });

  it('recovers after the endpoint restarts with a new stream, reading it from its beginning', async () => {
    const { emulator: first, registry: reg } = await setup({ shardsPerStream: 1 });
    const port = first.port;
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 1);
    const firstArn = tail.currentStreamArn;
    await first.stop();
    await vi.waitFor(() => expect(['unreachable'].includes(tail.status().shards[0]?.reader?.state ?? tail.state) || tail.state === 'unreachable').toBe(true), { timeout: 5_000 });
    // The same endpoint comes back empty; the system recreates its table and writes at once.
    emulator = await startTestEmulator({ port, shardsPerStream: 1 });
    await createOrders(emulator);
    await put(emulator, 'after-restart');
    await vi.waitFor(() => expect(seen.events.map((e) => e.keys.orderId)).toContainEqual({ S: 'after-restart' }), { timeout: 15_000 });
    expect(tail.currentStreamArn).not.toBe(firstArn);
    expect(tail.state).toBe('running');
  });

  it('reports a deleted table and a table without a stream in plain words', async () => {
    const { registry: reg } = await setup();
    const missing = reg.acquire('no-such-table').tail;
    await vi.waitFor(() => expect(missing.state).toBe('table_gone'));
    expect(missing.message).toMatch(/no longer exists/);
    await emulator!.dynamodb.send(
      new CreateTableCommand({ TableName: 'plain', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    const plain = reg.acquire('plain').tail;
    await vi.waitFor(() => expect(plain.state).toBe('no_stream'));
  });

  it('drains a stream disabled while it is read, then says it is disabled', async () => {
    const { emulator: emu, registry: reg } = await setup({ shardsPerStream: 1 });
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 1);
    await put(emu, 'last-one');
    await emu.dynamodb.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification: { StreamEnabled: false } }));
    await vi.waitFor(() => expect(tail.state).toBe('stream_disabled'), { timeout: 5_000 });
    expect(tail.message).toMatch(/disabled/);
    await vi.waitFor(() => expect(seen.events.map((e) => e.keys.orderId)).toEqual([{ S: 'last-one' }]));
    await vi.waitFor(() => expect(tail.status().shards.every((s) => !s.open && s.reader?.state === 'closed')).toBe(true), { timeout: 5_000 });
  });

  it('stops the tail a while after the last subscriber leaves', async () => {
    const { registry: reg } = await setup();
    const hold = reg.acquire('orders');
    await runningReaders(hold.tail, 2);
    hold.release();
    await vi.waitFor(() => expect(reg.peek('orders')).toBeUndefined(), { timeout: 3_000 });
    expect(hold.tail.state).toBe('stopped');
  });

  it('reads an older range in bounded pages, from the ring when it holds it and from the shards otherwise', async () => {
    const { emulator: emu, registry: reg } = await setup({ shardsPerStream: 2 });
    for (let i = 0; i < 30; i++) await put(emu, `old-${i}`);
    const { tail } = reg.acquire('orders');
    await runningReaders(tail, 2);
    const api = createStreamsApi(emu.streams);
    const streamArn = tail.currentStreamArn as string;
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await readHistory({ api, streamArn, tail, position: { type: 'trim_horizon' }, limit: 12, after });
      expect(page.source).toBe('shards');
      pages.push(page.events.map((e) => (e.keys.orderId as { S: string }).S));
      after = page.next;
    } while (after && pages.length < 10);
    const all = pages.flat();
    expect(new Set(all).size).toBe(30);
    expect(all).toHaveLength(30);

    const seen = watch(tail);
    await put(emu, 'new-1');
    await vi.waitFor(() => expect(seen.events).toHaveLength(1));
    const fromRing = await readHistory({ api, streamArn, tail, position: { type: 'sequence', sequenceNumber: seen.events[0].sequenceNumber }, limit: 10 });
    expect(fromRing.source).toBe('ring');
    expect(fromRing.events.map((e) => e.eventID)).toEqual([seen.events[0].eventID]);
  });
});

describe('older-range read beside the live tail and another consumer', () => {
  it('goes through the live reader’s scheduler ahead of the live head: nobody is throttled and the tail loses nothing', { timeout: 60_000 }, async () => {
    const { emulator: emu, registry: reg, api } = await setup({ shardsPerStream: 1 });
    for (let i = 0; i < 5; i++) await put(emu, `past-${i}`);
    stoppers.push(startOtherConsumer(emu.streams, emu));
    const { tail } = reg.acquire('orders');
    const seen = watch(tail);
    await runningReaders(tail, 1);
    // Both chains are active: the user's consumer and Eddy's live reader.
    await vi.waitFor(async () => {
      const stats = (await emu.control('GET', '/_eddy/stats')) as { shardReaders: Record<string, number> };
      expect(Object.values(stats.shardReaders)).toEqual([2]);
    });
    const reading = readHistory({ api, streamArn: tail.currentStreamArn as string, tail, position: { type: 'trim_horizon' }, limit: 50 });
    await put(emu, 'during-history');
    const page = await reading;
    expect(page.source).toBe('shards');
    expect(page.events.map((e) => (e.keys.orderId as { S: string }).S)).toEqual(expect.arrayContaining(['past-0', 'past-4']));
    // The live tail resumes its own iterator: the write made meanwhile arrives, once.
    await vi.waitFor(() => expect(seen.events.map((e) => e.keys.orderId)).toEqual([{ S: 'during-history' }]), { timeout: 30_000 });
    const stats = (await emu.control('GET', '/_eddy/stats')) as { shards: Record<string, { throttled: Record<string, number> }> };
    for (const shard of Object.values(stats.shards)) expect(Object.values(shard.throttled).every((n) => n === 0)).toBe(true);
  });
});

/** A consumer outside Eddy reading every shard with its own iterator chain, as Lambda would. */
function startOtherConsumer(streams: DynamoDBStreamsClient, emu: TestEmulator): () => void {
  let stopped = false;
  void (async () => {
    const table = await emu.dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));
    const arn = table.Table?.LatestStreamArn as string;
    const api = createStreamsApi(streams);
    const description = await api.describeStream(arn);
    await Promise.all(
      description.shards.map(async (shard) => {
        let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.shardId, ShardIteratorType: 'LATEST' }))).ShardIterator;
        while (!stopped && iterator) {
          const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
          iterator = out.NextShardIterator;
          // Lambda's pace: about 4 polls a second per shard.
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }),
    );
  })().catch((error: Error) => {
    // The emulator stops at the end of each test, under a consumer still polling.
    if (!stopped) throw error;
  });
  return () => {
    stopped = true;
  };
}
