import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../testing';
import type { ItemChange, StreamViewType } from './capture';
import { encodeIterator } from './iterator';
import { drain, insert, iteratorFor, newStream, rawStreams, readAll, shardsOf, tableInfo } from './test-support';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SEQUENCE = /^\d{21,40}$/;
const SHARD_ID = /^shardId-\d{20}-[0-9a-f]{8}$/;

/**
 * Each block that moves the clock gets its own emulator, so no other test sees the jump. The
 * reader limit is off unless a test is about it: these tests open many chains on one shard.
 */
async function withEmulator(options: Parameters<typeof startTestEmulator>[0] = {}) {
  return startTestEmulator({ readerLimit: false, ...options });
}

describe('DynamoDB Streams operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await withEmulator();
  });
  afterAll(async () => {
    await emu.stop();
  });
  afterEach(async () => {
    await emu.control('DELETE', '/_eddy/faults');
  });

  describe('ListStreams', () => {
    let list: TestEmulator;
    const arns: string[] = [];
    const ordersTable = tableInfo('orders');
    beforeAll(async () => {
      list = await withEmulator();
      arns.push(list.services.streams.createStream(ordersTable, 'KEYS_ONLY').streamArn);
      arns.push(list.services.streams.createStream(tableInfo('users'), 'NEW_IMAGE').streamArn);
      arns.push(list.services.streams.createStream(tableInfo('users'), 'NEW_IMAGE').streamArn);
    });
    afterAll(async () => {
      await list.stop();
    });

    it('lists every stream with its table and label, oldest first', async () => {
      const out = await list.streams.send(new ListStreamsCommand({}));
      expect(out.Streams?.map((s) => s.StreamArn)).toEqual(arns);
      expect(out.Streams?.[0]).toEqual({ StreamArn: arns[0], TableName: ordersTable.tableName, StreamLabel: arns[0].split('/stream/')[1] });
      expect(out.LastEvaluatedStreamArn).toBeUndefined();
    });

    it('filters by table name', async () => {
      const out = await list.streams.send(new ListStreamsCommand({ TableName: ordersTable.tableName }));
      expect(out.Streams?.map((s) => s.StreamArn)).toEqual([arns[0]]);
    });

    it('pages with Limit and ExclusiveStartStreamArn, and ends without LastEvaluatedStreamArn', async () => {
      const first = await list.streams.send(new ListStreamsCommand({ Limit: 2 }));
      expect(first.Streams?.map((s) => s.StreamArn)).toEqual(arns.slice(0, 2));
      expect(first.LastEvaluatedStreamArn).toBe(arns[1]);
      const second = await list.streams.send(new ListStreamsCommand({ Limit: 2, ExclusiveStartStreamArn: first.LastEvaluatedStreamArn }));
      expect(second.Streams?.map((s) => s.StreamArn)).toEqual([arns[2]]);
      expect(second.LastEvaluatedStreamArn).toBeUndefined();
    });

    it.each([0, 101])('rejects Limit %i with ValidationException', async (limit) => {
      await expect(list.streams.send(new ListStreamsCommand({ Limit: limit }))).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(/at 'limit' failed to satisfy constraint/),
      });
    });
  });

  describe('DescribeStream', () => {
    it('describes a fresh stream: one open shard, no parent, creation time as epoch seconds', async () => {
      const before = emu.clock.now();
      const table = tableInfo('orders');
      const { streamArn, streamLabel } = emu.services.streams.createStream(table, 'NEW_AND_OLD_IMAGES');
      expect(streamArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${table.tableName}/stream/${streamLabel}`);
      expect(streamLabel).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);

      const out = await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      const d = out.StreamDescription;
      expect(d).toMatchObject({
        StreamArn: streamArn,
        StreamLabel: streamLabel,
        StreamStatus: 'ENABLED',
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        TableName: table.tableName,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      });
      expect(d?.CreationRequestDateTime).toBeInstanceOf(Date);
      expect(Math.abs((d?.CreationRequestDateTime as Date).getTime() - before)).toBeLessThan(5_000);
      expect(d?.Shards).toHaveLength(1);
      const shard = d?.Shards?.[0];
      expect(shard?.ShardId).toMatch(SHARD_ID);
      expect(shard?.ParentShardId).toBeUndefined();
      expect(shard?.SequenceNumberRange?.StartingSequenceNumber).toMatch(SEQUENCE);
      expect(shard?.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
      expect(d?.LastEvaluatedShardId).toBeUndefined();

      // On the wire the creation time is a JSON number of seconds, never an ISO string (§0.4).
      const raw = await rawStreams(emu, 'DescribeStream', { StreamArn: streamArn });
      expect(typeof (raw.json.StreamDescription as Record<string, unknown>).CreationRequestDateTime).toBe('number');
    });

    it('answers an unknown stream with AWS\'s ResourceNotFoundException message', async () => {
      const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000';
      await expect(emu.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `Requested resource not found: Stream: ${arn} not found`,
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('rejects a missing StreamArn with ValidationException', async () => {
      const raw = await rawStreams(emu, 'DescribeStream', {});
      expect(raw.status).toBe(400);
      expect(raw.json).toEqual({
        __type: 'com.amazonaws.dynamodb.v20120810#ValidationException',
        message: "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null",
      });
    });
  });

  describe('GetShardIterator and GetRecords', () => {
    it('returns a record in exactly the GetRecords wire format (§4.5)', async () => {
      const streamArn = newStream(emu, 'NEW_AND_OLD_IMAGES');
      insert(emu, streamArn, 'test');
      const [shard] = await shardsOf(emu.streams, streamArn);
      const iterator = await iteratorFor(emu.streams, streamArn, shard.ShardId as string);
      expect(iterator.startsWith(`${streamArn}|1|`)).toBe(true);
      expect(iterator.length).toBeLessThanOrEqual(2048);

      const raw = await rawStreams(emu, 'GetRecords', { ShardIterator: iterator });
      const records = raw.json.Records as Record<string, unknown>[];
      expect(records).toEqual([
        {
          eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
          eventName: 'INSERT',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: 'us-east-1',
          dynamodb: {
            ApproximateCreationDateTime: expect.any(Number),
            Keys: { id: { S: 'test' } },
            NewImage: { id: { S: 'test' } },
            SequenceNumber: expect.stringMatching(SEQUENCE),
            SizeBytes: 12,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
        },
      ]);
      const created = (records[0].dynamodb as { ApproximateCreationDateTime: number }).ApproximateCreationDateTime;
      // Epoch seconds rounded down (§0.4), not milliseconds and not a string.
      expect(Number.isInteger(created)).toBe(true);
      expect(Math.abs(created - emu.clock.now() / 1000)).toBeLessThan(5);
      expect(typeof raw.json.NextShardIterator).toBe('string');
    });

    it('reports the region the GetRecords request was sent to', async () => {
      const streamArn = newStream(emu);
      insert(emu, streamArn, 'a');
      const elsewhere = new DynamoDBStreamsClient({ endpoint: emu.url, region: 'eu-west-2', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      try {
        const [shard] = await shardsOf(elsewhere, streamArn);
        const { records } = await drain(elsewhere, await iteratorFor(elsewhere, streamArn, shard.ShardId as string));
        expect(records[0].awsRegion).toBe('eu-west-2');
      } finally {
        elsewhere.destroy();
      }
    });

    const views: [StreamViewType, ItemChange['eventName'], boolean, boolean][] = [
      ['KEYS_ONLY', 'INSERT', false, false],
      ['KEYS_ONLY', 'MODIFY', false, false],
      ['KEYS_ONLY', 'REMOVE', false, false],
      ['NEW_IMAGE', 'INSERT', true, false],
      ['NEW_IMAGE', 'MODIFY', true, false],
      ['NEW_IMAGE', 'REMOVE', false, false],
      ['OLD_IMAGE', 'INSERT', false, false],
      ['OLD_IMAGE', 'MODIFY', false, true],
      ['OLD_IMAGE', 'REMOVE', false, true],
      ['NEW_AND_OLD_IMAGES', 'INSERT', true, false],
      ['NEW_AND_OLD_IMAGES', 'MODIFY', true, true],
      ['NEW_AND_OLD_IMAGES', 'REMOVE', false, true],
    ];
    it.each(views)('%s keeps the images it allows on %s (NewImage %s, OldImage %s)', async (view, eventName, hasNew, hasOld) => {
      const streamArn = newStream(emu, view);
      const keys = { id: { S: 'k' } };
      const oldImage = eventName === 'INSERT' ? undefined : { ...keys, v: { N: '1' } };
      const newImage = eventName === 'REMOVE' ? undefined : { ...keys, v: { N: '2' } };
      emu.services.streams.capture(streamArn, { eventName, keys, oldImage, newImage });
      const [record] = await readAll(emu.streams, streamArn);
      expect(record.eventName).toBe(eventName);
      expect(record.dynamodb?.Keys).toEqual(keys);
      expect(record.dynamodb?.StreamViewType).toBe(view);
      expect(record.dynamodb?.NewImage).toEqual(hasNew ? newImage : undefined);
      expect(record.dynamodb?.OldImage).toEqual(hasOld ? oldImage : undefined);
      // Keys `id:"k"` are 3 bytes; each image adds `id:"k"` and `v:1` (1 + 2), 6 bytes.
      expect(record.dynamodb?.SizeBytes).toBe(3 + (hasNew ? 6 : 0) + (hasOld ? 6 : 0));
    });

    const sizes: [StreamViewType, string, number][] = [
      ['KEYS_ONLY', 'Fred', 12],
      ['KEYS_ONLY', 'Alice', 13],
    ];
    it.each(sizes)('%s record of Username %s is %i bytes (real AWS examples)', async (view, name, size) => {
      const { streamArn } = emu.services.streams.createStream(tableInfo('users', 'Username'), view);
      const keys = { Username: { S: name } };
      emu.services.streams.capture(streamArn, { eventName: 'INSERT', keys, newImage: keys });
      const [record] = await readAll(emu.streams, streamArn);
      expect(record.dynamodb?.SizeBytes).toBe(size);
    });

    it('carries userIdentity in PascalCase on TTL deletes only', async () => {
      const streamArn = newStream(emu, 'OLD_IMAGE');
      const keys = { id: { S: 'ttl' } };
      emu.services.streams.capture(streamArn, {
        eventName: 'REMOVE',
        keys,
        oldImage: keys,
        userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' },
      });
      emu.services.streams.capture(streamArn, { eventName: 'REMOVE', keys: { id: { S: 'user' } }, oldImage: { id: { S: 'user' } } });
      const [shard] = await shardsOf(emu.streams, streamArn);
      const raw = await rawStreams(emu, 'GetRecords', { ShardIterator: await iteratorFor(emu.streams, streamArn, shard.ShardId as string) });
      const [ttl, user] = raw.json.Records as Record<string, unknown>[];
      expect(ttl.userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
      expect(user).not.toHaveProperty('userIdentity');
      const [sdkTtl] = await readAll(emu.streams, streamArn);
      expect(sdkTtl.userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
    });

    it('numbers records with increasing 21+ digit sequence numbers, compared as numbers', async () => {
      const streamArn = newStream(emu);
      for (let i = 0; i < 30; i++) insert(emu, streamArn, `k${i}`);
      const records = await readAll(emu.streams, streamArn);
      const seqs = records.map((r) => r.dynamodb?.SequenceNumber as string);
      expect(seqs).toHaveLength(30);
      for (const s of seqs) expect(s).toMatch(SEQUENCE);
      for (let i = 1; i < seqs.length; i++) expect(BigInt(seqs[i]) > BigInt(seqs[i - 1])).toBe(true);
      const [shard] = await shardsOf(emu.streams, streamArn);
      expect(BigInt(seqs[0]) > BigInt(shard.SequenceNumberRange?.StartingSequenceNumber as string)).toBe(true);
    });

    it('keeps the records it was given even if the caller later mutates its item', async () => {
      const streamArn = newStream(emu);
      const item = { id: { S: 'm' }, tags: { L: [{ S: 'a' }] } };
      emu.services.streams.capture(streamArn, { eventName: 'INSERT', keys: { id: item.id }, newImage: item });
      item.tags.L.push({ S: 'b' });
      const [record] = await readAll(emu.streams, streamArn);
      expect(record.dynamodb?.NewImage?.tags).toEqual({ L: [{ S: 'a' }] });
    });

    it('starts LATEST after the newest record', async () => {
      const streamArn = newStream(emu);
      insert(emu, streamArn, 'old');
      const [shard] = await shardsOf(emu.streams, streamArn);
      const latest = await iteratorFor(emu.streams, streamArn, shard.ShardId as string, 'LATEST');
      insert(emu, streamArn, 'new');
      const { records } = await drain(emu.streams, latest);
      expect(records.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['new']);
    });

    it('starts AT_SEQUENCE_NUMBER at and AFTER_SEQUENCE_NUMBER after the given record', async () => {
      const streamArn = newStream(emu);
      for (const id of ['a', 'b', 'c']) insert(emu, streamArn, id);
      const all = await readAll(emu.streams, streamArn);
      const [shard] = await shardsOf(emu.streams, streamArn);
      const b = all[1].dynamodb?.SequenceNumber as string;
      const at = await drain(emu.streams, await iteratorFor(emu.streams, streamArn, shard.ShardId as string, 'AT_SEQUENCE_NUMBER', b));
      expect(at.records.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['b', 'c']);
      const after = await drain(emu.streams, await iteratorFor(emu.streams, streamArn, shard.ShardId as string, 'AFTER_SEQUENCE_NUMBER', b));
      expect(after.records.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['c']);
    });

    it('pages with Limit and keeps an open shard\'s chain going on an empty page', async () => {
      const streamArn = newStream(emu);
      for (let i = 0; i < 5; i++) insert(emu, streamArn, `k${i}`);
      const [shard] = await shardsOf(emu.streams, streamArn);
      let iterator = await iteratorFor(emu.streams, streamArn, shard.ShardId as string);
      const sizes: number[] = [];
      for (let page = 0; page < 4; page++) {
        const out = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 2 }));
        sizes.push(out.Records?.length ?? 0);
        expect(out.NextShardIterator).toEqual(expect.any(String));
        iterator = out.NextShardIterator as string;
      }
      expect(sizes).toEqual([2, 2, 1, 0]);
      // The empty page's iterator still follows the shard.
      insert(emu, streamArn, 'later');
      const out = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      expect(out.Records?.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['later']);
    });

    it('stops a page at 1 MB', async () => {
      const streamArn = newStream(emu, 'NEW_IMAGE');
      const big = 'x'.repeat(300_000);
      for (let i = 0; i < 5; i++) insert(emu, streamArn, `big${i}`, { blob: { S: big } });
      const [shard] = await shardsOf(emu.streams, streamArn);
      const first = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, shard.ShardId as string) }));
      expect(first.Records).toHaveLength(3);
      const second = await emu.streams.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator }));
      expect(second.Records).toHaveLength(2);
    });

    it.each([0, 1001])('rejects GetRecords Limit %i with ValidationException', async (limit) => {
      const streamArn = newStream(emu);
      const [shard] = await shardsOf(emu.streams, streamArn);
      const iterator = await iteratorFor(emu.streams, streamArn, shard.ShardId as string);
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }))).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(/at 'limit' failed to satisfy constraint/),
      });
    });

    it('rejects malformed and foreign iterators', async () => {
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: 'not-an-iterator' }))).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: 'x'.repeat(2049) }))).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(/length less than or equal to 2048/),
      });
      const gone = 'arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000';
      const foreign = encodeIterator(gone, { shardId: 'shardId-00000001767225600000-1a2b3c4d', position: 1n, issuedAt: emu.clock.now(), chainId: '0123456789abcdef' });
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: foreign }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `Requested resource not found: Stream: ${gone} not found`,
      });
    });

    it('validates GetShardIterator input as AWS does', async () => {
      const streamArn = newStream(emu);
      insert(emu, streamArn, 'a');
      const [shard] = await shardsOf(emu.streams, streamArn);
      const shardId = shard.ShardId as string;
      const send = (input: Record<string, unknown>) => emu.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...input } as never));
      await expect(send({ ShardIteratorType: 'AT_SEQUENCE_NUMBER' })).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/SequenceNumber/) });
      await expect(send({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: '42' })).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(/at 'sequenceNumber' failed to satisfy constraint: Member must have length greater than or equal to 21/),
      });
      await expect(send({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '9'.repeat(30) })).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(send({ ShardIteratorType: 'SOMEWHERE' })).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/enum value set/) });
      const missingShard = 'shardId-00000001767225600000-00000000';
      await expect(send({ ShardIteratorType: 'TRIM_HORIZON', ShardId: missingShard })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: expect.stringMatching(`Shard: ${missingShard}`),
      });
      const missingStream = `${streamArn}x`;
      await expect(send({ ShardIteratorType: 'TRIM_HORIZON', StreamArn: missingStream })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `Requested resource not found: Stream: ${missingStream} not found`,
      });
    });
  });

  it('answers an operation Streams does not have with UnknownOperationException', async () => {
    const raw = await rawStreams(emu, 'PutRecord', {});
    expect(raw.status).toBe(400);
    expect(raw.json.__type).toBe('com.amazonaws.dynamodb.v20120810#UnknownOperationException');
  });

  describe('faults from /_eddy/faults', () => {
    const cases: [string, string, number][] = [
      ['InternalServerError', 'InternalServerError', 500],
      ['LimitExceededException', 'LimitExceededException', 400],
      ['ExpiredIteratorException', 'ExpiredIteratorException', 400],
    ];
    it.each(cases)('injects %s on GetRecords', async (error, name, status) => {
      const streamArn = newStream(emu);
      const [shard] = await shardsOf(emu.streams, streamArn);
      const iterator = await iteratorFor(emu.streams, streamArn, shard.ShardId as string);
      await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDBStreams_20120810.GetRecords', error }] });
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
      // Other operations are untouched, and clearing the rule restores GetRecords.
      await expect(shardsOf(emu.streams, streamArn)).resolves.toHaveLength(1);
      await emu.control('DELETE', '/_eddy/faults');
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).resolves.toMatchObject({ Records: [] });
    });
  });
});

describe('several shards per stream', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await withEmulator({ shardsPerStream: 4 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('opens shardsPerStream shards and keeps every key\'s changes in order in one shard', async () => {
    const streamArn = newStream(emu);
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    for (let version = 0; version < 8; version++) {
      for (const id of keys) {
        emu.services.streams.capture(streamArn, {
          eventName: version === 0 ? 'INSERT' : 'MODIFY',
          keys: { id: { S: id } },
          newImage: { id: { S: id }, version: { N: String(version) } },
        });
      }
    }
    const shards = await shardsOf(emu.streams, streamArn);
    expect(shards).toHaveLength(4);
    const shardOfKey = new Map<string, string>();
    const versionsOfKey = new Map<string, number[]>();
    let used = 0;
    for (const shard of shards) {
      const { records } = await drain(emu.streams, await iteratorFor(emu.streams, streamArn, shard.ShardId as string));
      if (records.length > 0) used++;
      for (const r of records) {
        const id = r.dynamodb?.Keys?.id.S as string;
        expect(shardOfKey.get(id) ?? shard.ShardId).toBe(shard.ShardId);
        shardOfKey.set(id, shard.ShardId as string);
        versionsOfKey.set(id, [...(versionsOfKey.get(id) ?? []), Number(r.dynamodb?.NewImage?.version.N)]);
      }
    }
    expect(used).toBeGreaterThan(1);
    for (const id of keys) expect(versionsOfKey.get(id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('pages DescribeStream with an exclusive ExclusiveStartShardId', async () => {
    const streamArn = newStream(emu);
    const all = await shardsOf(emu.streams, streamArn);
    const seen: string[] = [];
    let start: string | undefined;
    let pages = 0;
    do {
      const out = await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, Limit: 3, ExclusiveStartShardId: start }));
      const ids = out.StreamDescription?.Shards?.map((s) => s.ShardId as string) ?? [];
      if (start !== undefined) expect(ids).not.toContain(start);
      seen.push(...ids);
      start = out.StreamDescription?.LastEvaluatedShardId;
      pages++;
    } while (start !== undefined);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.map((s) => s.ShardId));
  });

  it('pages on from an ExclusiveStartShardId whose shard no longer exists', async () => {
    const streamArn = newStream(emu);
    const all = await shardsOf(emu.streams, streamArn);
    // Shard IDs sort by creation time: an older, trimmed-away shard still marks a place.
    const older = 'shardId-00000000000000000001-00000000';
    const out = await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: older }));
    expect(out.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual(all.map((s) => s.ShardId));
  });

  it('rejects a CHILD_SHARDS filter without a ShardId', async () => {
    const streamArn = newStream(emu);
    await expect(emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ShardFilter: { Type: 'CHILD_SHARDS' } }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('shard rollover and lineage (emulator clock)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await withEmulator({ shardRolloverMinutes: 60 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('closes a shard after shardRolloverMinutes and continues in a child with ParentShardId', async () => {
    const streamArn = newStream(emu);
    insert(emu, streamArn, 'a');
    await emu.control('POST', '/_eddy/clock', { advanceMs: 61 * MINUTE });
    insert(emu, streamArn, 'b');

    const [parent, child] = await shardsOf(emu.streams, streamArn);
    expect(child.ParentShardId).toBe(parent.ShardId);
    expect(parent.ParentShardId).toBeUndefined();
    expect(child.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    expect(BigInt(child.SequenceNumberRange?.StartingSequenceNumber as string) > BigInt(parent.SequenceNumberRange?.EndingSequenceNumber as string)).toBe(true);

    // The closed parent returns its last records with no NextShardIterator (§0.10).
    const parentPage = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, parent.ShardId as string) }));
    expect(parentPage.Records?.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['a']);
    expect(parentPage.NextShardIterator).toBeUndefined();
    expect(parent.SequenceNumberRange?.EndingSequenceNumber).toBe(parentPage.Records?.[0].dynamodb?.SequenceNumber);

    const childPage = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, child.ShardId as string) }));
    expect(childPage.Records?.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['b']);
    expect(childPage.NextShardIterator).toEqual(expect.any(String));

    const children = await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ShardFilter: { Type: 'CHILD_SHARDS', ShardId: parent.ShardId } }));
    expect(children.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual([child.ShardId]);
  });

  it('ends an empty closed shard below its child\'s start, and its iterators return nothing more', async () => {
    const streamArn = newStream(emu);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 61 * MINUTE });
    const [empty, child] = await shardsOf(emu.streams, streamArn);
    const start = BigInt(empty.SequenceNumberRange?.StartingSequenceNumber as string);
    const end = BigInt(empty.SequenceNumberRange?.EndingSequenceNumber as string);
    expect(end >= start).toBe(true);
    expect(end < BigInt(child.SequenceNumberRange?.StartingSequenceNumber as string)).toBe(true);
    for (const type of ['TRIM_HORIZON', 'LATEST'] as const) {
      const page = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, empty.ShardId as string, type) }));
      expect(page).toMatchObject({ Records: [] });
      expect(page.NextShardIterator).toBeUndefined();
    }
  });

  it('closes an iterator chain that was reading when the shard rolled over', async () => {
    const streamArn = newStream(emu);
    insert(emu, streamArn, 'a');
    const [shard] = await shardsOf(emu.streams, streamArn);
    const page = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, shard.ShardId as string) }));
    expect(page.NextShardIterator).toEqual(expect.any(String));
    // Read every 12 minutes (iterators live 15) until the 60-minute rollover closes the shard.
    let iterator = page.NextShardIterator;
    let reads = 0;
    while (iterator && reads < 10) {
      await emu.control('POST', '/_eddy/clock', { advanceMs: 12 * MINUTE });
      const next = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      expect(next.Records).toEqual([]);
      iterator = next.NextShardIterator;
      reads++;
    }
    expect(iterator).toBeUndefined();
    expect(reads).toBe(5);
  });

  it('creates one child even when the clock jumps several rollover periods', async () => {
    const streamArn = newStream(emu);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 10 * HOUR });
    const shards = await shardsOf(emu.streams, streamArn);
    expect(shards).toHaveLength(2);
    expect(shards[1].ParentShardId).toBe(shards[0].ShardId);
  });
});

describe('iterator expiry (emulator clock)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await withEmulator();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('expires an iterator 15 minutes after it was issued', async () => {
    const streamArn = newStream(emu);
    const [shard] = await shardsOf(emu.streams, streamArn);
    const iterator = await iteratorFor(emu.streams, streamArn, shard.ShardId as string);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 14 * MINUTE });
    await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).resolves.toMatchObject({ Records: [] });
    await emu.control('POST', '/_eddy/clock', { advanceMs: 2 * MINUTE });
    await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).rejects.toMatchObject({
      name: 'ExpiredIteratorException',
      message: 'Shard iterator has expired',
    });
  });

  it('issues each NextShardIterator fresh, so a chain read every 10 minutes never expires', async () => {
    const streamArn = newStream(emu);
    const [shard] = await shardsOf(emu.streams, streamArn);
    const first = await iteratorFor(emu.streams, streamArn, shard.ShardId as string);
    let iterator = first;
    for (let i = 0; i < 3; i++) {
      await emu.control('POST', '/_eddy/clock', { advanceMs: 10 * MINUTE });
      const page = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      iterator = page.NextShardIterator as string;
    }
    await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: first }))).rejects.toMatchObject({ name: 'ExpiredIteratorException' });
  });
});

describe('24-hour trimming (emulator clock)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    // No rollover here, so the only thing time does is trim.
    emu = await withEmulator({ shardRolloverMinutes: 100 * 24 * 60 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('trims records older than 24 h: TRIM_HORIZON moves on, reads of trimmed records fail', async () => {
    const streamArn = newStream(emu);
    insert(emu, streamArn, 'a');
    await emu.control('POST', '/_eddy/clock', { advanceMs: 12 * HOUR });
    insert(emu, streamArn, 'b');
    await emu.control('POST', '/_eddy/clock', { advanceMs: 12 * HOUR - 5 * MINUTE });

    const [shard] = await shardsOf(emu.streams, streamArn);
    const shardId = shard.ShardId as string;
    const [a] = (await drain(emu.streams, await iteratorFor(emu.streams, streamArn, shardId))).records;
    expect(a.dynamodb?.Keys?.id.S).toBe('a');
    const pointingAtA = await iteratorFor(emu.streams, streamArn, shardId);

    await emu.control('POST', '/_eddy/clock', { advanceMs: 6 * MINUTE });
    // The iterator was fine when issued, but its record has been trimmed since.
    await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: pointingAtA }))).rejects.toMatchObject({ name: 'TrimmedDataAccessException' });
    const seqA = a.dynamodb?.SequenceNumber as string;
    await expect(iteratorFor(emu.streams, streamArn, shardId, 'AT_SEQUENCE_NUMBER', seqA)).rejects.toMatchObject({ name: 'TrimmedDataAccessException' });

    const { records } = await drain(emu.streams, await iteratorFor(emu.streams, streamArn, shardId));
    expect(records.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['b']);
    const after = await drain(emu.streams, await iteratorFor(emu.streams, streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', seqA));
    expect(after.records.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['b']);
    // The shard's range still starts where it always did.
    expect((await shardsOf(emu.streams, streamArn))[0].SequenceNumberRange).toEqual(shard.SequenceNumberRange);
  });

  it('frees trimmed records', async () => {
    const streamArn = newStream(emu);
    const before = emu.services.streams.retainedRecords();
    for (let i = 0; i < 3000; i++) insert(emu, streamArn, `k${i % 50}`);
    expect(emu.services.streams.retainedRecords()).toBe(before + 3000);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 12 * HOUR });
    for (let i = 0; i < 10; i++) insert(emu, streamArn, `late${i}`);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 12 * HOUR + MINUTE });
    expect(emu.services.streams.retainedRecords()).toBe(10);
    expect((await readAll(emu.streams, streamArn)).map((r) => r.dynamodb?.Keys?.id.S)).toEqual(Array.from({ length: 10 }, (_, i) => `late${i}`));
    await emu.control('POST', '/_eddy/clock', { advanceMs: 12 * HOUR });
    expect(emu.services.streams.retainedRecords()).toBe(0);
  });
});

describe('closed shards, disabled streams and deleted tables age out', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await withEmulator({ shardRolloverMinutes: 60 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('drops a closed shard from DescribeStream once all its records are trimmed', async () => {
    const streamArn = newStream(emu);
    insert(emu, streamArn, 'a');
    await emu.control('POST', '/_eddy/clock', { advanceMs: 61 * MINUTE });
    const [parent] = await shardsOf(emu.streams, streamArn);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 24 * HOUR });
    const shards = await shardsOf(emu.streams, streamArn);
    expect(shards.map((s) => s.ShardId)).not.toContain(parent.ShardId);
    expect(shards.some((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined)).toBe(true);
  });

  it('keeps a disabled stream readable until trimmed: DISABLING, then DISABLED, then gone', async () => {
    const table = tableInfo('gone');
    const { streamArn } = emu.services.streams.createStream(table, 'KEYS_ONLY');
    insert(emu, streamArn, 'a');
    emu.services.streams.disableStream(streamArn);
    // Read synchronously: DISABLING lasts one second of emulator time, and a loaded machine
    // could let that pass during an HTTP round trip.
    expect(emu.services.streams.streamStatus(streamArn)).toBe('DISABLING');
    insert(emu, streamArn, 'ignored');

    const disabling = await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(['DISABLING', 'DISABLED']).toContain(disabling.StreamDescription?.StreamStatus);
    const [shard] = disabling.StreamDescription?.Shards ?? [];
    expect(shard.SequenceNumberRange?.EndingSequenceNumber).toMatch(SEQUENCE);

    await emu.control('POST', '/_eddy/clock', { advanceMs: 2_000 });
    expect(emu.services.streams.streamStatus(streamArn)).toBe('DISABLED');
    expect((await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.StreamStatus).toBe('DISABLED');
    const page = await emu.streams.send(new GetRecordsCommand({ ShardIterator: await iteratorFor(emu.streams, streamArn, shard.ShardId as string) }));
    expect(page.Records?.map((r) => r.dynamodb?.Keys?.id.S)).toEqual(['a']);
    expect(page.NextShardIterator).toBeUndefined();
    const listed = await emu.streams.send(new ListStreamsCommand({ TableName: table.tableName }));
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([streamArn]);

    await emu.control('POST', '/_eddy/clock', { advanceMs: 24 * HOUR });
    await expect(emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await emu.streams.send(new ListStreamsCommand({ TableName: table.tableName }))).Streams).toEqual([]);
    expect(emu.services.streams.streamStatus(streamArn)).toBeUndefined();
  });
});

describe('the per-shard read budget', () => {
  async function chains(emu: TestEmulator, n: number) {
    const streamArn = newStream(emu);
    const [shard] = await shardsOf(emu.streams, streamArn);
    const iterators = [];
    for (let i = 0; i < n; i++) iterators.push(await iteratorFor(emu.streams, streamArn, shard.ShardId as string));
    return { shardId: shard.ShardId as string, iterators };
  }

  it('serves a burst of fresh chains, then throttles with LimitExceededException once the shard is over budget', async () => {
    const emu = await startTestEmulator({ shardReadRate: 2 });
    try {
      const { shardId, iterators } = await chains(emu, 3);
      // Three chains at once: no chain window any more; the rate (2/s, burst 2) decides.
      const a = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterators[0] }));
      await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterators[1] }));
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterators[2] }))).rejects.toMatchObject({ name: 'LimitExceededException' });
      await new Promise((resolve) => setTimeout(resolve, 600));
      // The budget refills: the first chain goes on reading.
      await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: a.NextShardIterator }))).resolves.toMatchObject({ Records: [] });
      const stats = (await emu.control('GET', '/_eddy/stats')) as { shardReaders: Record<string, number>; shards: Record<string, { throttled: Record<string, number> }> };
      expect(stats.shardReaders[shardId]).toBe(2);
      expect(stats.shards[shardId].throttled).toEqual({ unknown: 1 });
    } finally {
      await emu.stop();
    }
  });

  it('lets any number of calls through with readerLimit off', async () => {
    const emu = await withEmulator({ readerLimit: false, shardReadRate: 1 });
    try {
      const { shardId, iterators } = await chains(emu, 3);
      for (const iterator of iterators) await expect(emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).resolves.toMatchObject({ Records: [] });
      const stats = (await emu.control('GET', '/_eddy/stats')) as { shardReaders: Record<string, number> };
      expect(stats.shardReaders[shardId]).toBe(3);
    } finally {
      await emu.stop();
    }
  });
});
