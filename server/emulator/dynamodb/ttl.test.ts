import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmulatorClock } from '../core/clock';
import { EmulatorStats } from '../core/stats';
import { DEFAULT_EMULATOR_CONFIG } from '../index';
import { createDynamoDb } from './index';
import { RecordingCapture } from './test-support';

const ctx = { region: 'us-east-1', accountId: '000000000000', origin: 'http://127.0.0.1', requestId: 'r' };

describe('TTL sweeper timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('deletes expired items on its own within seconds, and stops when closed', () => {
    const capture = new RecordingCapture();
    const dynamodb = createDynamoDb({ config: DEFAULT_EMULATOR_CONFIG, clock: new EmulatorClock(), stats: new EmulatorStats() }, capture);
    const call = (operation: string, input: Record<string, unknown>) => dynamodb.handle(operation, input, ctx);
    call('CreateTable', {
      TableName: 'ttl-timer',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
    });
    call('UpdateTimeToLive', { TableName: 'ttl-timer', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } });
    const past = String(Math.floor(Date.now() / 1000) - 1);
    call('PutItem', { TableName: 'ttl-timer', Item: { pk: { S: 'a' }, ttl: { N: past } } });
    capture.changes.length = 0;

    vi.advanceTimersByTime(5_000);
    expect(call('GetItem', { TableName: 'ttl-timer', Key: { pk: { S: 'a' } } })).toEqual({});
    expect(capture.changes.map(({ change }) => [change.eventName, change.userIdentity?.Type])).toEqual([['REMOVE', 'Service']]);

    dynamodb.close?.();
    call('PutItem', { TableName: 'ttl-timer', Item: { pk: { S: 'b' }, ttl: { N: past } } });
    vi.advanceTimersByTime(5_000);
    expect(call('GetItem', { TableName: 'ttl-timer', Key: { pk: { S: 'b' } } })).toHaveProperty('Item');
  });
});
