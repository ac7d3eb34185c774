import { describe, expect, it } from 'vitest';
import { functionNameOf, parseFailureRecord, tableOfStreamArn } from './failure-record';

const STREAM = 'arn:aws:dynamodb:us-east-2:123456789012:table/orders/stream/2019-11-14T00:04:06.388';
/** The AWS docs example (reference §6.1). */
const DOCS_RECORD = {
  requestContext: { requestId: '316aa6d0-8154-xmpl-9af7-85d5f4a6bc81', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
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
    streamArn: STREAM,
  },
};
const body = (doc: unknown) => JSON.stringify(doc);
const withBatch = (patch: Record<string, unknown>) => body({ ...DOCS_RECORD, DDBStreamBatchInfo: { ...DOCS_RECORD.DDBStreamBatchInfo, ...patch } });

describe('parseFailureRecord', () => {
  it.each([
    ['an empty body', '', 'not JSON'],
    ['plain text', 'warehouse down', 'not JSON'],
    ['a JSON string', '"hello"', 'not an object'],
    ['a JSON array', '[1,2]', 'not an object'],
    ['an order message', body({ orderId: 'o-1', items: [] }), 'neither requestContext'],
    ['null', 'null', 'not an object'],
  ])('%s is not a failure record', (_name, text, reason) => {
    const parsed = parseFailureRecord(text);
    expect(parsed.kind).toBe('not_failure_record');
    expect(parsed.kind === 'not_failure_record' && parsed.reason).toMatch(reason);
  });

  it('reads every field of the documented DDBStreamBatchInfo record and says it is resolvable', () => {
    const parsed = parseFailureRecord(body(DOCS_RECORD));
    expect(parsed).toEqual({
      kind: 'failure_record',
      problems: [],
      resolvable: true,
      salvaged: false,
      record: {
        source: 'dynamodb',
        version: '1.0',
        requestId: '316aa6d0-8154-xmpl-9af7-85d5f4a6bc81',
        functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
        functionName: 'myfunction',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 1,
        functionError: 'Unhandled',
        statusCode: 200,
        executedVersion: '$LATEST',
        timestamp: '2019-11-14T00:13:49.717Z',
        streamArn: STREAM,
        table: 'orders',
        shardId: 'shardId-00000001573689847184-864758bb',
        startSequenceNumber: '800000000003126276362',
        endSequenceNumber: '800000000003126276362',
        batchSize: 1,
        firstArrival: '2019-11-14T00:13:19Z',
        lastArrival: '2019-11-14T00:13:19Z',
      },
    });
  });

  it('reads a RecordAgeExceeded record without responseContext', () => {
    const { responseContext: _r, ...rest } = DOCS_RECORD;
    const parsed = parseFailureRecord(body({ ...rest, requestContext: { ...rest.requestContext, condition: 'RecordAgeExceeded' } }));
    expect(parsed.kind === 'failure_record' && parsed.record.condition).toBe('RecordAgeExceeded');
    expect(parsed.kind === 'failure_record' && parsed.record.functionError).toBeUndefined();
    expect(parsed.kind === 'failure_record' && parsed.resolvable).toBe(true);
  });

  it('recognises a Kinesis record and says it will not be resolved', () => {
    const { DDBStreamBatchInfo: batch, ...rest } = DOCS_RECORD;
    const parsed = parseFailureRecord(body({ ...rest, KinesisBatchInfo: { ...batch, streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/clicks' } }));
    expect(parsed.kind).toBe('failure_record');
    if (parsed.kind !== 'failure_record') return;
    expect(parsed.record.source).toBe('kinesis');
    expect(parsed.record.table).toBeUndefined();
    expect(parsed.resolvable).toBe(false);
    expect(parsed.problems.join(' ')).toMatch(/Kinesis batch/);
  });

  it('reads another version by field name, with a warning', () => {
    const parsed = parseFailureRecord(body({ ...DOCS_RECORD, version: '2.0' }));
    expect(parsed.kind === 'failure_record' && parsed.problems).toEqual([expect.stringMatching(/version 2.0 is not one Eddy knows/)]);
    expect(parsed.kind === 'failure_record' && parsed.resolvable).toBe(true);
  });

  it.each([
    ['shardId missing', withBatch({ shardId: undefined }), /lacks shardId/],
    ['streamArn missing', withBatch({ streamArn: undefined }), /lacks streamArn/],
    ['both sequence numbers missing', withBatch({ startSequenceNumber: undefined, endSequenceNumber: undefined }), /lacks startSequenceNumber, endSequenceNumber/],
    ['a sequence number that is not digits', withBatch({ startSequenceNumber: '12ab' }), /“12ab” is not a sequence number/],
    ['a stream ARN of another service', withBatch({ streamArn: 'arn:aws:kinesis:us-east-1:1:stream/x' }), /is not a DynamoDB stream ARN/],
    ['a reversed range', withBatch({ startSequenceNumber: '900', endSequenceNumber: '100' }), /the range is empty/],
    ['no DDBStreamBatchInfo', body({ requestContext: DOCS_RECORD.requestContext, version: '1.0' }), /no DDBStreamBatchInfo/],
  ])('%s: not resolvable, and says why', (_name, text, problem) => {
    const parsed = parseFailureRecord(text);
    expect(parsed.kind).toBe('failure_record');
    if (parsed.kind !== 'failure_record') return;
    expect(parsed.resolvable).toBe(false);
    expect(parsed.problems.join(' ')).toMatch(problem);
  });

  it('says what is missing from requestContext without failing', () => {
    const parsed = parseFailureRecord(body({ ...DOCS_RECORD, requestContext: {}, version: undefined }));
    expect(parsed.kind === 'failure_record' && parsed.problems).toEqual([
      'The record has no version.',
      'requestContext.functionArn is missing: the failing function is unknown.',
      'requestContext.condition is missing.',
    ]);
    expect(parsed.kind === 'failure_record' && parsed.resolvable).toBe(true);
  });

  it('salvages a record cut short after the sequence numbers', () => {
    const full = JSON.stringify(DOCS_RECORD, null, 2);
    const cut = full.slice(0, full.indexOf('"approximateArrivalOfFirstRecord"'));
    const parsed = parseFailureRecord(cut);
    expect(parsed.kind).toBe('failure_record');
    if (parsed.kind !== 'failure_record') return;
    expect(parsed.salvaged).toBe(true);
    expect(parsed.record).toMatchObject({
      source: 'dynamodb',
      functionName: 'myfunction',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 1,
      functionError: 'Unhandled',
      shardId: 'shardId-00000001573689847184-864758bb',
      startSequenceNumber: '800000000003126276362',
      endSequenceNumber: '800000000003126276362',
    });
    expect(parsed.problems[0]).toMatch(/not complete JSON/);
    expect(parsed.problems.join(' ')).toMatch(/lacks streamArn/);
    expect(parsed.resolvable).toBe(false);
  });

  it('salvages what it can from garbled JSON that mentions a batch', () => {
    const parsed = parseFailureRecord('{"requestContext": {"condition": "RetryAttemptsExhausted", "functionArn": "arn:aws:lambda:r:1:function:f"}, "DDBStreamBatchInfo": {"shardId": "s-1", oops');
    expect(parsed.kind === 'failure_record' && parsed.record).toMatchObject({ source: 'dynamodb', functionName: 'f', condition: 'RetryAttemptsExhausted' });
  });
});

describe('ARN helpers', () => {
  it.each([
    [STREAM, 'orders'],
    ['arn:aws:dynamodb:eu-west-1:1:table/my.table-1/stream/2024-01-01T00:00:00.000', 'my.table-1'],
    ['arn:aws:kinesis:eu-west-1:1:stream/x', undefined],
    [undefined, undefined],
  ])('table of %s is %s', (arn, table) => expect(tableOfStreamArn(arn)).toBe(table));
  it.each([
    ['arn:aws:lambda:r:1:function:order-projector', 'order-projector'],
    ['arn:aws:lambda:r:1:function:order-projector:live', 'order-projector'],
    ['not-an-arn', 'not-an-arn'],
  ])('function of %s is %s', (arn, name) => expect(functionNameOf(arn)).toBe(name));
});
