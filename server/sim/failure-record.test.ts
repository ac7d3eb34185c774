import { describe, expect, it } from 'vitest';
import { buildStreamFailureRecord, isoSeconds } from './failure-record';

describe('isoSeconds', () => {
  it.each([
    ['2019-11-14T00:13:19.000Z', '2019-11-14T00:13:19Z'],
    ['2019-11-14T00:13:19.999Z', '2019-11-14T00:13:19Z'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z'],
  ])('%s → %s', (input, expected) => {
    expect(isoSeconds(new Date(input))).toBe(expected);
  });
});

describe('buildStreamFailureRecord', () => {
  const base = {
    requestId: '316aa6d0-8154-4b8e-9af7-85d5f4a6bc81',
    functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
    timestamp: new Date('2019-11-14T00:13:49.717Z'),
    shardId: 'shardId-00000001573689847184-864758bb',
    streamArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388',
  };

  it('reproduces the AWS documentation example field for field', () => {
    const record = buildStreamFailureRecord({
      ...base,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 1,
      records: [{ SequenceNumber: '800000000003126276362', ApproximateCreationDateTime: new Date('2019-11-14T00:13:19Z') }],
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual({
      requestContext: { requestId: base.requestId, functionArn: base.functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2019-11-14T00:13:49.717Z',
      DDBStreamBatchInfo: {
        shardId: base.shardId,
        startSequenceNumber: '800000000003126276362',
        endSequenceNumber: '800000000003126276362',
        approximateArrivalOfFirstRecord: '2019-11-14T00:13:19Z',
        approximateArrivalOfLastRecord: '2019-11-14T00:13:19Z',
        batchSize: 1,
        streamArn: base.streamArn,
      },
    });
  });

  it('spans a range from its first to its last record', () => {
    const record = buildStreamFailureRecord({
      ...base,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      records: [
        { SequenceNumber: '100000000000000000007', ApproximateCreationDateTime: new Date('2024-01-01T00:00:01Z') },
        { SequenceNumber: '100000000000000000009', ApproximateCreationDateTime: new Date('2024-01-01T00:00:05Z') },
      ],
    });
    expect(record.DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: '100000000000000000007',
      endSequenceNumber: '100000000000000000009',
      approximateArrivalOfFirstRecord: '2024-01-01T00:00:01Z',
      approximateArrivalOfLastRecord: '2024-01-01T00:00:05Z',
      batchSize: 2,
    });
  });

  it('has no responseContext when records aged out (no invocation failed)', () => {
    const record = buildStreamFailureRecord({
      ...base,
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
      records: [{ SequenceNumber: '100000000000000000001', ApproximateCreationDateTime: new Date(0) }],
    });
    expect(record).not.toHaveProperty('responseContext');
  });

  it('refuses an empty range', () => {
    expect(() => buildStreamFailureRecord({ ...base, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1, records: [] })).toThrow(RangeError);
  });
});
