import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { BatchWriteItemCommand, CreateTableCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

const MINUTE = 60_000;
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ readerLimit: false });
});
afterAll(async () => {
  await emu.stop();
});

/** Moves the emulator clock to 1 s into the next minute, so a test's calls share one minute; returns its start. */
async function startOfFreshMinute(): Promise<number> {
  const now = emu.clock.now();
  await emu.control('POST', '/_eddy/clock', { advanceMs: MINUTE - (now % MINUTE) + 1_000 });
  return Math.floor(emu.clock.now() / MINUTE) * MINUTE;
}

async function createStreamTable(name: string) {
  const out = await emu.dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const streamArn = out.TableDescription!.LatestStreamArn!;
  return { streamArn, label: out.TableDescription!.LatestStreamLabel! };
}

/** Reads the stream's only shard from TRIM_HORIZON to its end (for the emulator's fresh table, one page at most `Limit`). */
async function readAll(streamArn: string, limit = 1000): Promise<number[]> {
  const shard = (await emu.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards![0];
  let iterator = (await emu.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const pages: number[] = [];
  for (;;) {
    const out = await emu.streams.send(new GetRecordsCommand({ ShardIterator: iterator!, Limit: limit }));
    pages.push(out.Records!.length);
    if (out.Records!.length === 0) return pages;
    iterator = out.NextShardIterator;
  }
}

async function metricData(minute: number, queries: MetricDataQuery[]) {
  const out = await emu.cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(minute - MINUTE), EndTime: new Date(minute + 3 * MINUTE), MetricDataQueries: queries }));
  return (id: string) => {
    const result = out.MetricDataResults!.find((r) => r.Id === id)!;
    return result.Timestamps!.map((t, i) => [t.getTime(), result.Values![i]]);
  };
}

const returnedRecords = (id: string, table: string, label: string, stat: string): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: 'AWS/DynamoDB',
      MetricName: 'ReturnedRecordsCount',
      Dimensions: [
        { Name: 'TableName', Value: table },
        { Name: 'Operation', Value: 'GetRecords' },
        { Name: 'StreamLabel', Value: label },
      ],
    },
    Period: 60,
    Stat: stat,
  },
});

describe('AWS/DynamoDB metrics, read with GetMetricData', () => {
  it('publishes ReturnedRecordsCount of GetRecords per minute with TableName, Operation and StreamLabel, every reader counted', async () => {
    const minute = await startOfFreshMinute();
    const { streamArn, label } = await createStreamTable('metered-stream');
    for (let i = 0; i < 5; i++) await emu.dynamodb.send(new PutItemCommand({ TableName: 'metered-stream', Item: { id: { S: `k${i}` } } }));
    // Two readers of the same shard: one in pages of 2 (2, 2, 1, then an empty call), one in one page.
    expect(await readAll(streamArn, 2)).toEqual([2, 2, 1, 0]);
    expect(await readAll(streamArn)).toEqual([5, 0]);

    const before = await metricData(minute, [returnedRecords('sum', 'metered-stream', label, 'Sum')]);
    expect(before('sum')).toEqual([]); // the minute is not over: nothing published yet

    await emu.control('POST', '/_eddy/clock', { advanceMs: MINUTE });
    const values = await metricData(minute, [
      returnedRecords('sum', 'metered-stream', label, 'Sum'),
      returnedRecords('calls', 'metered-stream', label, 'SampleCount'),
      returnedRecords('max', 'metered-stream', label, 'Maximum'),
    ]);
    expect(values('sum')).toEqual([[minute, 10]]);
    expect(values('calls')).toEqual([[minute, 6]]);
    expect(values('max')).toEqual([[minute, 5]]);
  });

  it('publishes nothing for a minute in which GetRecords returned no records (AWS sends non-zero values only)', async () => {
    const minute = await startOfFreshMinute();
    const { streamArn, label } = await createStreamTable('idle-stream');
    expect(await readAll(streamArn)).toEqual([0]);
    await emu.control('POST', '/_eddy/clock', { advanceMs: MINUTE });
    const values = await metricData(minute, [returnedRecords('sum', 'idle-stream', label, 'Sum')]);
    expect(values('sum')).toEqual([]);
  });

  it('publishes the table’s ConsumedWriteCapacityUnits per minute with the TableName dimension (1 KB steps, transactions twice)', async () => {
    const minute = await startOfFreshMinute();
    await createStreamTable('metered-writes');
    await emu.dynamodb.send(new PutItemCommand({ TableName: 'metered-writes', Item: { id: { S: 'small' } } })); // 1 unit
    await emu.dynamodb.send(new PutItemCommand({ TableName: 'metered-writes', Item: { id: { S: 'big' }, blob: { S: 'x'.repeat(1500) } } })); // 2 units
    await emu.dynamodb.send(
      new BatchWriteItemCommand({ RequestItems: { 'metered-writes': [{ PutRequest: { Item: { id: { S: 'b1' } } } }, { PutRequest: { Item: { id: { S: 'b2' } } } }] } }),
    ); // 2 units
    await emu.dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'metered-writes', Item: { id: { S: 't1' } } } }] })); // 2 units
    await emu.control('POST', '/_eddy/clock', { advanceMs: MINUTE });
    const values = await metricData(minute, [
      {
        Id: 'wcu',
        MetricStat: { Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ConsumedWriteCapacityUnits', Dimensions: [{ Name: 'TableName', Value: 'metered-writes' }] }, Period: 60, Stat: 'Sum' },
      },
    ]);
    expect(values('wcu')).toEqual([[minute, 7]]);
  });
});
