import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { EmulatorClock } from '../core/clock';
import { FaultInjector } from '../core/faults';
import { startHttpServer } from '../core/server';
import { EmulatorStats } from '../core/stats';
import type { EmulatorDeps } from '../core/types';
import { DEFAULT_EMULATOR_CONFIG } from '../index';
import type { ItemChange, StreamCapture, StreamTableInfo, StreamViewType } from '../streams/capture';
import { createDynamoDb } from './index';
import { TEST_CREDENTIALS } from '../testing';

let counter = 0;

/** A table name unique within the test run. */
export function uniqueTableName(prefix = 't'): string {
  return `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates an on-demand table with a string hash key `pk` and, optionally, a sort key `sk`. */
export async function createTestTable(
  client: DynamoDBClient,
  options: { sortKeyType?: 'S' | 'N' | 'B'; hashKeyType?: 'S' | 'N' | 'B'; stream?: StreamViewType; name?: string } = {},
): Promise<string> {
  const name = options.name ?? uniqueTableName();
  const input: CreateTableCommandInput = {
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: options.hashKeyType ?? 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
  if (options.sortKeyType) {
    input.KeySchema!.push({ AttributeName: 'sk', KeyType: 'RANGE' });
    input.AttributeDefinitions!.push({ AttributeName: 'sk', AttributeType: options.sortKeyType });
  }
  if (options.stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: options.stream };
  await client.send(new CreateTableCommand(input));
  return name;
}

/** A StreamCapture that records calls instead of storing records, to assert what DynamoDB reports. */
export class RecordingCapture implements StreamCapture {
  readonly changes: { streamArn: string; change: ItemChange }[] = [];
  readonly disabled: string[] = [];
  private streams = 0;

  createStream(table: StreamTableInfo, viewType: StreamViewType): { streamArn: string; streamLabel: string } {
    void viewType;
    const streamLabel = `2026-01-01T00:00:00.${String(++this.streams).padStart(3, '0')}`;
    return { streamArn: `${table.tableArn}/stream/${streamLabel}`, streamLabel };
  }
  disableStream(streamArn: string): void {
    this.disabled.push(streamArn);
  }
  capture(streamArn: string, change: ItemChange): void {
    this.changes.push({ streamArn, change });
  }
  streamStatus(streamArn: string): string | undefined {
    return this.disabled.includes(streamArn) ? 'DISABLED' : 'ENABLED';
  }
}

/**
 * DynamoDB alone on the core HTTP server, with a recording StreamCapture: the wire is real,
 * the stream side is observed directly.
 */
export async function startDynamoWithRecorder(): Promise<{
  client: DynamoDBClient;
  capture: RecordingCapture;
  clock: EmulatorClock;
  deps: EmulatorDeps;
  stop(): Promise<void>;
}> {
  const clock = new EmulatorClock();
  const deps: EmulatorDeps = { config: DEFAULT_EMULATOR_CONFIG, clock, stats: new EmulatorStats() };
  const capture = new RecordingCapture();
  const dynamodb = createDynamoDb(deps, capture);
  const { server, port } = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    config: DEFAULT_EMULATOR_CONFIG,
    clock,
    stats: deps.stats,
    faults: new FaultInjector(),
    jsonServices: [dynamodb],
    restServices: [],
  });
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  return {
    client,
    capture,
    clock,
    deps,
    async stop() {
      client.destroy();
      dynamodb.close?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
