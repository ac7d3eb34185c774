import { CreateTableCommand, DeleteTableCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceStreamEvent } from '@/lib/types/traces';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { NO_TAIL, resolveRange, scanItemHistory, type ShardAccess, type TraceShardApi } from './range';
import { ShardRecordCache } from './shard-cache';
import { createStreamsApi } from '../aws/streams';

let emulator: TestEmulator | undefined;
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await emulator?.stop();
  emulator = undefined;
});

const HOUR = 3_600_000;

async function setup(options: { shardsPerStream?: number; shardRolloverMinutes?: number; keyType?: 'S' | 'N' | 'B' } = {}) {
  emulator = await startTestEmulator({ shardsPerStream: options.shardsPerStream ?? 1, shardRolloverMinutes: options.shardRolloverMinutes ?? 0 });
  const out = await emulator.dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: options.keyType ?? 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const api = createStreamsApi(emulator.streams);
  return { emu: emulator, api, cache: new ShardRecordCache(api, { turnWaitMs: 0 }), streamArn: out.TableDescription?.LatestStreamArn as string };
}

const put = (emu: TestEmulator, key: AttributeValue, status = 'PLACED') => emu.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: key, status: { S: status } } }));
const setStatus = (emu: TestEmulator, key: AttributeValue, status: string) =>
  emu.dynamodb.send(new UpdateItemCommand({ TableName: 'orders', Key: { orderId: key }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: status } } }));

/** Every record of the stream as a reference reader sees it, shard by shard. */
async function readAll(api: TraceShardApi, streamArn: string): Promise<TraceStreamEvent[]> {
  const out: TraceStreamEvent[] = [];
  for (const shard of (await api.describeStream(streamArn)).shards) {
    let it: string | undefined = await api.getShardIterator(streamArn, shard.shardId, 'TRIM_HORIZON');
    while (it) {
      const page = await api.getRecords(it, shard.shardId);
      out.push(...page.events);
      if (page.events.length === 0) break;
      it = page.nextIterator;
    }
  }
  return out;
}

const ids = (events: TraceStreamEvent[]) => events.map((e) => (e.keys.orderId as { S: string }).S);

describe('resolveRange against the emulator', () => {
  it('reads exactly the records of a failure record range, stopping past its end', async () => {
    const { emu, api, cache, streamArn } = await setup();
    for (let i = 0; i < 8; i++) await put(emu, { S: `o-${i}` });
    const all = await readAll(api, streamArn);
    const [from, to] = [all[2], all[4]];
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: from.shardId, start: from.sequenceNumber, end: to.sequenceNumber, batchSize: 3 });
    expect(ids(resolved.events)).toEqual(['o-2', 'o-3', 'o-4']);
    expect(resolved.events[0].newImage).toEqual({ orderId: { S: 'o-2' }, status: { S: 'PLACED' } });
    expect(resolved.note.status).toBe('complete');
    expect(resolved.via).toBe('shard');
    expect(resolved.getRecordsCalls).toBe(1);
  });

  it('serves the range from the live tail buffer without a GetRecords call when it holds it', async () => {
    const { emu, api, cache, streamArn } = await setup();
    for (let i = 0; i < 4; i++) await put(emu, { S: `o-${i}` });
    const all = await readAll(api, streamArn);
    const before = (await emu.control('GET', '/_eddy/stats')) as { requests: Record<string, number> };
    const tail: ShardAccess = { held: () => all };
    const resolved = await resolveRange(cache, tail, { streamArn, shardId: all[1].shardId, start: all[1].sequenceNumber, end: all[2].sequenceNumber, batchSize: 2 });
    expect(ids(resolved.events)).toEqual(['o-1', 'o-2']);
    expect(resolved).toMatchObject({ via: 'ring', getRecordsCalls: 0, note: { status: 'complete' } });
    const after = (await emu.control('GET', '/_eddy/stats')) as { requests: Record<string, number> };
    expect(after.requests['DynamoDBStreams_20120810.GetRecords']).toBe(before.requests['DynamoDBStreams_20120810.GetRecords']);
  });

  it('reads a range of a shard that has rolled over (closed, still retained) to the shard end', async () => {
    const { emu, api, cache, streamArn } = await setup({ shardRolloverMinutes: 10 });
    for (let i = 0; i < 3; i++) await put(emu, { S: `old-${i}` });
    const parent = await readAll(api, streamArn);
    emu.clock.advance(11 * 60_000);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    await put(emu, { S: 'new-0' });
    const shards = (await api.describeStream(streamArn)).shards;
    expect(shards).toHaveLength(2);
    expect(shards.find((s) => s.shardId === parent[0].shardId)?.endingSequenceNumber).toBeDefined();
    // A range whose end is the parent's last record: the read ends where the closed shard ends.
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: parent[0].shardId, start: parent[1].sequenceNumber, end: parent[2].sequenceNumber });
    expect(ids(resolved.events)).toEqual(['old-1', 'old-2']);
    expect(resolved.note.status).toBe('complete');
  });

  it('says plainly when the whole range is already trimmed', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'o-1' });
    const [record] = await readAll(api, streamArn);
    emu.clock.advance(25 * HOUR);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: record.shardId, start: record.sequenceNumber, end: record.sequenceNumber, batchSize: 1 });
    expect(resolved.events).toEqual([]);
    expect(resolved.note).toEqual({ status: 'trimmed', message: expect.stringMatching(/already trimmed: DynamoDB Streams keeps records 24 hours/) });
  });

  it('shows what is left of a range whose start is trimmed', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'early' });
    emu.clock.advance(12 * HOUR);
    await put(emu, { S: 'late' });
    const [early, late] = await readAll(api, streamArn);
    emu.clock.advance(13 * HOUR);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: early.shardId, start: early.sequenceNumber, end: late.sequenceNumber, batchSize: 2 });
    expect(ids(resolved.events)).toEqual(['late']);
    expect(resolved.note.status).toBe('partial');
    expect(resolved.note.message).toMatch(/start of the range .* is already trimmed.*1 record\(s\) of the range are still there/);
  });

  it('says the shard is gone once a rolled-over shard is closed and fully trimmed', async () => {
    const { emu, api, cache, streamArn } = await setup({ shardRolloverMinutes: 10 });
    await put(emu, { S: 'o-1' });
    const [record] = await readAll(api, streamArn);
    emu.clock.advance(11 * 60_000);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    emu.clock.advance(25 * HOUR);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    expect((await api.describeStream(streamArn)).shards.map((s) => s.shardId)).not.toContain(record.shardId);
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: record.shardId, start: record.sequenceNumber, end: record.sequenceNumber });
    expect(resolved.events).toEqual([]);
    expect(['gone', 'trimmed']).toContain(resolved.note.status);
    expect(resolved.note.message).toMatch(/no longer exists|trimmed/);
  });

  it('says the stream is gone for an unknown stream', async () => {
    const { cache, streamArn } = await setup();
    const other = streamArn.replace(/stream\/.*$/, 'stream/2000-01-01T00:00:00.000');
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn: other, shardId: 'shardId-00000000000000000000-00000000', start: '100000000000000000001', end: '100000000000000000001' });
    expect(resolved.note.status).toBe('gone');
    expect(resolved.note.message).toMatch(/no longer exists/);
  });

  it('says plainly that the shard is busy when DynamoDB Streams throttles, instead of waiting on', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'o-1' });
    const [record] = await readAll(api, streamArn);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDBStreams_20120810.GetRecords', error: 'LimitExceededException' }] });
    const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: record.shardId, start: record.sequenceNumber, end: record.sequenceNumber });
    await emu.control('DELETE', '/_eddy/faults');
    expect(resolved.note.status).toBe('busy');
    expect(resolved.note.message).toMatch(/Eddy slowed its reads: the shard is busy — your consumers come first/);
  });

  it('shares the shard’s one read scheduler: a second trace reader of the same range makes no GetRecords call', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'o-1' });
    const [record] = await readAll(api, streamArn);
    emu.stats.reset();
    const range = { streamArn, shardId: record.shardId, start: record.sequenceNumber, end: record.sequenceNumber };
    const [first, second] = await Promise.all([resolveRange(cache, NO_TAIL, range), resolveRange(new ShardRecordCache(api), NO_TAIL, range)]);
    expect(first.note.status).toBe('complete');
    expect(second.note.status).toBe('complete');
    const stats = emu.stats.snapshot();
    expect(stats.requests['DynamoDBStreams_20120810.GetRecords']).toBe(1);
  });
});

describe('scanItemHistory against the emulator', () => {
  it('finds an item’s INSERT and later changes across rolled-over shards, in order, and nothing else', async () => {
    const { emu, api, cache, streamArn } = await setup({ shardsPerStream: 2, shardRolloverMinutes: 10 });
    await put(emu, { S: 'target' });
    for (let i = 0; i < 20; i++) await put(emu, { S: `noise-${i}` });
    emu.clock.advance(11 * 60_000);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    await setStatus(emu, { S: 'target' }, 'PAID');
    await setStatus(emu, { S: 'noise-1' }, 'PAID');
    const history = await scanItemHistory(api, cache, NO_TAIL, { streamArn, refs: [{ key: { orderId: { S: 'target' } } }] });
    expect(history.events[0].map((e) => e.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(history.events[0][1].oldImage?.status).toEqual({ S: 'PLACED' });
    expect(history.events[0][1].newImage?.status).toEqual({ S: 'PAID' });
    expect(new Set(history.events[0].map((e) => e.shardId)).size).toBe(2);
    expect(history.note.status).toBe('complete');
    expect(history.keyNames).toEqual(['orderId']);
  });

  it.each([
    ['N', { N: '42' }, { N: '42.0' }],
    ['B', { B: new Uint8Array([1, 2, 3]) }, { B: 'AQID' }],
  ] as const)('finds an item with a %s key', async (type, written, searched) => {
    const { emu, api, cache, streamArn } = await setup({ keyType: type });
    await put(emu, written as AttributeValue);
    await put(emu, (type === 'N' ? { N: '7' } : { B: new Uint8Array([9]) }) as AttributeValue);
    const history = await scanItemHistory(api, cache, NO_TAIL, { streamArn, refs: [{ key: { orderId: searched } }] });
    expect(history.events[0]).toHaveLength(1);
  });

  it('stops at its call cap and says older records were not searched', async () => {
    const { emu, api, cache, streamArn } = await setup({ shardsPerStream: 1, shardRolloverMinutes: 10 });
    for (let round = 0; round < 3; round++) {
      await put(emu, { S: `r-${round}` });
      emu.clock.advance(11 * 60_000);
      await emu.control('POST', '/_eddy/clock', { advanceMs: 0 });
    }
    const history = await scanItemHistory(api, cache, NO_TAIL, { streamArn, refs: [{ key: { orderId: { S: 'r-0' } } }], maxCalls: 2 });
    expect(history.getRecordsCalls).toBe(2);
    expect(history.note.status).toBe('capped');
    expect(history.events).toEqual([[]]);
  });

  it('takes what the live tail holds and reads shards only up to where its buffer begins', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'target' });
    await put(emu, { S: 'other' });
    const all = await readAll(api, streamArn);
    await setStatus(emu, { S: 'target' }, 'PAID');
    const modify = (await readAll(api, streamArn)).slice(-1);
    // The reference reads above were two chains of their own: forget them, as 10 s would.
    emu.stats.reset();
    const history = await scanItemHistory(api, cache, { held: () => modify }, { streamArn, refs: [{ key: { orderId: { S: 'target' } } }] });
    expect(history.events[0].map((e) => e.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(all).toHaveLength(2);
    expect(history.note.message).toMatch(/1 held by the live tail/);
  });

  it('says so when the stream is gone, keeping what the tail held', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'target' });
    await emu.dynamodb.send(new DeleteTableCommand({ TableName: 'orders' }));
    const other = streamArn.replace(/stream\/.*$/, 'stream/2000-01-01T00:00:00.000');
    const history = await scanItemHistory(api, cache, NO_TAIL, { streamArn: other, refs: [{ key: { orderId: { S: 'target' } } }] });
    expect(history.events).toEqual([[]]);
    expect(history.note.status).toBe('gone');
  });
});

describe('the trace reader beside a consumer', () => {
  it('serves many traces and items beside a polling consumer without either being throttled', async () => {
    const { emu, api, cache, streamArn } = await setup();
    for (let i = 0; i < 5; i++) await put(emu, { S: `o-${i}` });
    const all = await readAll(api, streamArn);
    emu.stats.reset();
    // The user's consumer: one chain, polling.
    let it = (await emu.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: all[0].shardId, ShardIteratorType: 'LATEST' }))).ShardIterator;
    it = (await emu.streams.send(new GetRecordsCommand({ ShardIterator: it }))).NextShardIterator;
    let consumerThrottled = 0;
    // Lambda's pace: about 4 polls a second.
    const poll = setInterval(() => {
      void emu.streams
        .send(new GetRecordsCommand({ ShardIterator: it }))
        .then((out) => (it = out.NextShardIterator))
        .catch(() => consumerThrottled++);
    }, 250);
    stops.push(() => clearInterval(poll));
    for (let i = 0; i < 3; i++) {
      const resolved = await resolveRange(cache, NO_TAIL, { streamArn, shardId: all[i].shardId, start: all[i].sequenceNumber, end: all[i].sequenceNumber, batchSize: 1 });
      expect(resolved.note.status).toBe('complete');
      const history = await scanItemHistory(api, cache, NO_TAIL, { streamArn, refs: [{ key: { orderId: { S: `o-${i}` } } }, { key: { orderId: { S: 'o-4' } } }] });
      expect(history.note.status).toBe('complete');
      expect(history.events.map((e) => e.length)).toEqual([1, 1]);
    }
    await setStatus(emu, { S: 'o-1' }, 'PAID');
    const later = await scanItemHistory(api, cache, NO_TAIL, { streamArn, refs: [{ key: { orderId: { S: 'o-1' } } }] });
    expect(later.events[0].map((e) => e.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(consumerThrottled).toBe(0);
    const stats = (await emu.control('GET', '/_eddy/stats')) as { shardReaders: Record<string, number>; requests: Record<string, number> };
    expect(stats.shardReaders[all[0].shardId]).toBe(2);
    // One GetShardIterator for the consumer, one for the trace reader.
    expect(stats.requests['DynamoDBStreams_20120810.GetShardIterator']).toBe(2);
  });
});

describe('with a live tail', () => {
  it('reads no shard for an item whose INSERT the tail holds', async () => {
    const { emu, api, cache, streamArn } = await setup();
    await put(emu, { S: 'target' });
    await setStatus(emu, { S: 'target' }, 'PAID');
    const ring = await readAll(api, streamArn);
    const tail: ShardAccess = { held: () => ring };
    const history = await scanItemHistory(api, cache, tail, { streamArn, refs: [{ key: { orderId: { S: 'target' } } }] });
    expect(history.events[0].map((e) => e.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(history).toMatchObject({ getRecordsCalls: 0, note: { status: 'complete', message: expect.stringMatching(/holds the item since its INSERT/) } });
  });
});

describe('the trace reader stays bounded', () => {
  it('keeps the newest records of a shard and says when a range is older than what it keeps', async () => {
    const { emu, api, streamArn } = await setup();
    for (let i = 0; i < 12; i++) await put(emu, { S: `o-${i}` });
    const all = await readAll(api, streamArn);
    emu.stats.reset();
    const small = new ShardRecordCache(api, { maxEventsPerShard: 5 });
    const recent = await resolveRange(small, NO_TAIL, { streamArn, shardId: all[11].shardId, start: all[11].sequenceNumber, end: all[11].sequenceNumber, batchSize: 1 });
    expect(recent.note.status).toBe('complete');
    const old = await resolveRange(small, NO_TAIL, { streamArn, shardId: all[0].shardId, start: all[0].sequenceNumber, end: all[0].sequenceNumber, batchSize: 1 });
    expect(old.events).toEqual([]);
    expect(old.note).toEqual({ status: 'capped', message: expect.stringMatching(/older than the records Eddy's trace reader keeps of this shard \(it keeps the newest 5\)/) });
  });
});

describe('waiting its turn', () => {
  it('waits out a short throttle with backoff instead of failing', async () => {
    const { emu, api, streamArn } = await setup();
    await put(emu, { S: 'o-1' });
    const [record] = await readAll(api, streamArn);
    // The shard is throttled for a moment (other readers over the budget), then free again.
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDBStreams_20120810.GetRecords', error: 'LimitExceededException' }] });
    setTimeout(() => void emu.control('DELETE', '/_eddy/faults'), 1_000);
    const patient = new ShardRecordCache(api, { turnWaitMs: 15_000 });
    const resolved = await resolveRange(patient, NO_TAIL, { streamArn, shardId: record.shardId, start: record.sequenceNumber, end: record.sequenceNumber, batchSize: 1 });
    expect(resolved.note.status).toBe('complete');
  }, 30_000);
});
