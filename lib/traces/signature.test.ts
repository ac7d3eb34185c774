import { describe, expect, it } from 'vitest';
import { errorSignature, groupBySignature, normaliseErrorText } from './signature';
import { parseFailureRecord } from './failure-record';

const msg = (body: string, attributes: { name: string; value: string; binary?: boolean }[] = [], sourceQueue?: string) => ({
  body,
  attributes: attributes.map((a) => ({ dataType: 'String', binary: false, ...a })),
  sourceQueue,
});
const record = (fn: string, condition: string, functionError?: string) =>
  JSON.stringify({
    requestContext: { functionArn: `arn:aws:lambda:us-east-1:1:function:${fn}`, condition, approximateInvokeCount: 3 },
    ...(functionError ? { responseContext: { statusCode: 200, functionError } } : {}),
    version: '1.0',
    DDBStreamBatchInfo: { shardId: 's', startSequenceNumber: '1', endSequenceNumber: '2', streamArn: 'arn:aws:dynamodb:r:1:table/t/stream/x', batchSize: 2 },
  });

describe('normaliseErrorText', () => {
  it.each([
    ['order ord-12-ab3 rejected after 3 tries', 'order <id> rejected after <n> tries'],
    ['Customer cust-blocked-7 is blocked: cannot project order ord-9-x', 'Customer <id> is blocked: cannot project order <id>'],
    ['request 316aa6d0-8154-4a2b-9af7-85d5f4a6bc81 failed', 'request <id> failed'],
    ['queue arn:aws:sqs:us-east-1:1:q gone', 'queue <arn> gone'],
    ['at 2024-01-01T00:00:00.123Z: timeout', 'at <time>: timeout'],
    ['bad value "abc" for field', 'bad value "…" for field'],
    ['  spaced\n out  ', 'spaced out'],
    ['hash deadbeefcafe1234 mismatch', 'hash <id> mismatch'],
  ])('%j → %j', (input, output) => expect(normaliseErrorText(input)).toBe(output));
});

describe('errorSignature', () => {
  it('keys an on-failure record by function, condition and function error', () => {
    const body = record('order-projector', 'RetryAttemptsExhausted', 'Unhandled');
    expect(errorSignature(msg(body), parseFailureRecord(body))).toEqual({
      key: 'lambda|order-projector|RetryAttemptsExhausted|Unhandled|dynamodb',
      label: 'order-projector · RetryAttemptsExhausted · Unhandled',
      source: 'failure_record',
    });
  });

  it('tells different functions and conditions apart', () => {
    const keys = [record('a', 'RetryAttemptsExhausted', 'Unhandled'), record('b', 'RetryAttemptsExhausted', 'Unhandled'), record('a', 'RecordAgeExceeded')].map((b) => errorSignature(msg(b), parseFailureRecord(b)).key);
    expect(new Set(keys).size).toBe(3);
  });

  it.each([
    ['errorMessage', '{"errorMessage":"order ord-1 failed"}', 'order <id> failed', 'body.errorMessage'],
    ['error as text', '{"error":"Timeout after 30s"}', 'Timeout after 30s', 'body.error'],
    ['error as an object', '{"error":{"name":"ValidationError","message":"qty 3 too big"}}', 'ValidationError: qty <n> too big', 'body.error'],
    ['errorType with errorMessage', '{"errorType":"WarehouseRejection","errorMessage":"fragile ord-1-a"}', 'WarehouseRejection: fragile <id>', 'body.errorType, body.errorMessage'],
    ['a nested reason', '{"result":{"reason":"no stock for sku-12"}}', 'no stock for <id>', 'body.result.reason'],
    ['a shallow field before a deep one', '{"reason":"top","detail":{"error":"deep"}}', 'top', 'body.reason'],
  ])('reads %s from the body', (_name, body, label, field) => {
    const sig = errorSignature(msg(body));
    expect(sig).toMatchObject({ source: 'body', label, field });
  });

  it('groups the same error with different ids and numbers under one key', () => {
    const a = errorSignature(msg('{"errorMessage":"order ord-1-aa rejected after 3 tries"}'));
    const b = errorSignature(msg('{"errorMessage":"order ord-2-bb rejected after 4 tries"}'));
    const c = errorSignature(msg('{"errorMessage":"order ord-2-bb lost"}'));
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
  });

  it('reads an error attribute when the body has none', () => {
    expect(errorSignature(msg('{"orderId":"o"}', [{ name: 'ErrorMessage', value: 'throttled by partner 42' }]))).toMatchObject({ source: 'attribute', label: 'throttled by partner <n>', field: 'attribute ErrorMessage' });
  });

  it('says when no error is recorded, keyed by source queue and message kind', () => {
    const a = errorSignature(msg('{"orderId":"o-1","items":[]}', [{ name: 'eventType', value: 'OrderPlaced' }], 'fulfillment'));
    const b = errorSignature(msg('{"orderId":"o-2","items":[]}', [{ name: 'eventType', value: 'OrderPlaced' }], 'fulfillment'));
    const c = errorSignature(msg('{"orderId":"o-2"}', [{ name: 'eventType', value: 'OrderFulfilled' }], 'notifications'));
    expect(a).toEqual({ key: 'none|fulfillment|OrderPlaced', label: 'No error recorded · OrderPlaced from fulfillment', source: 'none' });
    expect(b.key).toBe(a.key);
    expect(c.key).not.toBe(a.key);
  });

  it.each([
    ['a text body', 'hello', 'No error recorded · text body from unknown source'],
    ['a JSON body without a kind', '{"b":1,"a":2}', 'No error recorded · {a, b} from unknown source'],
    ['a JSON array', '[1]', 'No error recorded · JSON body from unknown source'],
  ])('names %s without an error', (_n, body, label) => expect(errorSignature(msg(body)).label).toBe(label));
});

describe('groupBySignature', () => {
  it('counts messages per signature, the biggest group first', () => {
    const bodies = ['{"error":"x 1"}', '{"error":"y"}', '{"error":"x 2"}', '{"error":"x 3"}'];
    const groups = groupBySignature(bodies, (b) => errorSignature(msg(b)));
    expect(groups.map((g) => [g.signature.label, g.items.length])).toEqual([
      ['x <n>', 3],
      ['y', 1],
    ]);
  });
});
