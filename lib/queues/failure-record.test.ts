import { describe, expect, it } from 'vitest';
import { summariseFailureRecord } from './failure-record';

// The AWS docs example (reference §6.1).
const DDB = {
  requestContext: { requestId: '316aa6d0', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2019-11-14T00:13:49.717Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001573689847184-864758bb',
    startSequenceNumber: '800000000003126276362',
    endSequenceNumber: '800000000003126276362',
    approximateArrivalOfFirstRecord: '2019-11-14T00:13:19Z',
    approximateArrivalOfLastRecord: '2019-11-14T00:13:19Z',
    batchSize: 1,
    streamArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388',
  },
};

describe('summariseFailureRecord', () => {
  it.each([
    ['text', 'hello'],
    ['malformed JSON', '{"requestContext":'],
    ['a JSON array', '[1,2]'],
    ['an order', JSON.stringify({ orderId: 'o-1', status: 'PLACED' })],
    ['no batch info', JSON.stringify({ requestContext: DDB.requestContext })],
    ['no sequence range', JSON.stringify({ ...DDB, DDBStreamBatchInfo: { shardId: 's' } })],
    ['no function', JSON.stringify({ ...DDB, requestContext: { condition: 'x' } })],
  ])('ignores %s', (_, body) => {
    expect(summariseFailureRecord(body)).toBeUndefined();
  });

  it('summarises a DynamoDB stream batch record', () => {
    expect(summariseFailureRecord(JSON.stringify(DDB))).toEqual({
      functionArn: DDB.requestContext.functionArn,
      functionName: 'myfunction',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 1,
      functionError: 'Unhandled',
      timestamp: '2019-11-14T00:13:49.717Z',
      source: 'dynamodb',
      streamArn: DDB.DDBStreamBatchInfo.streamArn,
      shardId: DDB.DDBStreamBatchInfo.shardId,
      startSequenceNumber: '800000000003126276362',
      endSequenceNumber: '800000000003126276362',
      batchSize: 1,
      firstArrival: '2019-11-14T00:13:19Z',
      lastArrival: '2019-11-14T00:13:19Z',
    });
  });

  it('reads a Kinesis RecordAgeExceeded record, which has no responseContext', () => {
    const { DDBStreamBatchInfo, responseContext: _r, ...rest } = DDB;
    const record = { ...rest, requestContext: { ...DDB.requestContext, condition: 'RecordAgeExceeded', functionArn: 'arn:aws:lambda:us-east-1:1:function:f:live' }, KinesisBatchInfo: DDBStreamBatchInfo };
    const summary = summariseFailureRecord(JSON.stringify(record));
    expect(summary).toMatchObject({ source: 'kinesis', condition: 'RecordAgeExceeded', functionName: 'f', functionError: undefined });
  });

  it('leaves a batch size the record does not give unknown, not 0', () => {
    const { batchSize: _b, ...batch } = DDB.DDBStreamBatchInfo;
    expect(summariseFailureRecord(JSON.stringify({ ...DDB, DDBStreamBatchInfo: batch }))?.batchSize).toBeUndefined();
  });
});
