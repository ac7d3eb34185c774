import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { GetRecordsCommandOutput } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { describeTable } from './dynamodb';
import { createStreamsApi } from './streams';

let emu: TestEmulator;
const TABLE = `streams-adapter-${Date.now()}`;
const DROP = 'streams-test-drop';

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  await emu.dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await emu.dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'a' } } }));
});
afterAll(() => emu?.stop());

/** The table's first shard read from the trim horizon by the adapter. */
async function readFirstShard() {
  const streamArn = (await describeTable(TABLE)).stream?.arn as string;
  const api = createStreamsApi(emu.streams);
  const { shards } = await api.describeStream(streamArn);
  const iterator = await api.getShardIterator(streamArn, shards[0].shardId, 'TRIM_HORIZON');
  return (await api.getRecords(iterator, shards[0].shardId)).events;
}

describe('getRecords: a field a record lacks is unknown, never 1970 or 0 bytes', () => {
  it('reads the creation time and size when the record has them', async () => {
    const [event] = await readFirstShard();
    expect(event.approximateCreationTime).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(event.sizeBytes).toBeGreaterThan(0);
  });

  it('leaves ApproximateCreationDateTime and SizeBytes undefined when the record has neither', async () => {
    emu.streams.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        for (const record of (out.output as GetRecordsCommandOutput).Records ?? []) {
          delete record.dynamodb?.ApproximateCreationDateTime;
          delete record.dynamodb?.SizeBytes;
        }
        return out;
      },
      { step: 'initialize', name: DROP },
    );
    try {
      const [event] = await readFirstShard();
      expect(event.eventName).toBe('INSERT');
      expect(event.approximateCreationTime).toBeUndefined();
      expect(event.sizeBytes).toBeUndefined();
    } finally {
      emu.streams.middlewareStack.remove(DROP);
    }
  });
});
