import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes';
import { classifyEventSource, functionArn, lambdaDateString, parseFunctionRef } from './names';

describe('parseFunctionRef', () => {
  it.each([
    ['a bare name', 'my-fn', { name: 'my-fn' }],
    ['a qualified name', 'my-fn:live', { name: 'my-fn', qualifier: 'live' }],
    ['$LATEST', 'my-fn:$LATEST', { name: 'my-fn', qualifier: '$LATEST' }],
    ['a partial ARN', '123456789012:function:my_fn', { name: 'my_fn', accountId: '123456789012' }],
    ['a full ARN', 'arn:aws:lambda:eu-west-1:123456789012:function:f', { name: 'f', region: 'eu-west-1', accountId: '123456789012' }],
    ['a qualified full ARN', 'arn:aws:lambda:us-east-1:123456789012:function:f:7', { name: 'f', qualifier: '7', region: 'us-east-1', accountId: '123456789012' }],
    ['a GovCloud ARN', 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f', { name: 'f', region: 'us-gov-west-1', accountId: '123456789012' }],
  ])('parses %s', (_case, value, expected) => {
    expect(parseFunctionRef(value)).toEqual({ qualifier: undefined, region: undefined, accountId: undefined, ...expected });
  });

  it.each([
    ['an empty string', ''],
    ['a space', 'my fn'],
    ['a 65-character name', 'f'.repeat(65)],
    ['a region without an account', 'arn:aws:lambda:us-east-1:function:f'],
    ['a slash', 'a/b'],
  ])('rejects %s with InvalidParameterValueException', (_case, value) => {
    expect(() => parseFunctionRef(value)).toThrow(expect.objectContaining({ code: 'InvalidParameterValueException' }));
  });

  it('builds the unqualified ARN in the caller region and account unless the reference names others', () => {
    expect(functionArn(parseFunctionRef('f:live'), 'us-east-1', '000000000000')).toBe('arn:aws:lambda:us-east-1:000000000000:function:f');
    expect(functionArn(parseFunctionRef('arn:aws:lambda:eu-west-1:123456789012:function:f'), 'us-east-1', '000000000000')).toBe('arn:aws:lambda:eu-west-1:123456789012:function:f');
  });
});

describe('classifyEventSource', () => {
  it.each([
    ['arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-11-27T06:00:00.000', { kind: 'dynamodb', name: 'orders' }],
    ['arn:aws:kinesis:us-east-1:000000000000:stream/clicks', { kind: 'kinesis', name: 'clicks' }],
    ['arn:aws:sqs:us-east-1:000000000000:jobs', { kind: 'sqs', name: 'jobs' }],
    ['arn:aws:sqs:us-east-1:000000000000:jobs.fifo', { kind: 'sqs', name: 'jobs.fifo' }],
    ['arn:aws:dynamodb:us-east-1:000000000000:table/orders', undefined],
    ['arn:aws:kafka:us-east-1:000000000000:cluster/c/1', undefined],
    ['not an arn', undefined],
  ])('classifies %s', (arn, expected) => {
    expect(classifyEventSource(arn)).toEqual(expected);
  });
});

describe('lambdaDateString', () => {
  it('writes milliseconds and a +0000 offset, as Lambda does', () => {
    expect(lambdaDateString(Date.UTC(2024, 0, 1, 0, 0, 0, 5))).toBe('2024-01-01T00:00:00.005+0000');
  });
});

describe('matchRoute', () => {
  it.each([
    ['GET', '/2015-03-31/event-source-mappings', 'ListEventSourceMappings', []],
    ['GET', '/2015-03-31/event-source-mappings/', 'ListEventSourceMappings', []],
    ['PUT', '/2015-03-31/event-source-mappings/abc', 'UpdateEventSourceMapping', ['abc']],
    ['GET', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af', 'GetFunction', ['arn:aws:lambda:us-east-1:000000000000:function:f']],
    ['PUT', '/2015-03-31/functions/f/configuration', 'UpdateFunctionConfiguration', ['f']],
    ['DELETE', '/2017-03-31/tags/arn%3Ax', 'UntagResource', ['arn:x']],
    ['POST', '/2015-03-31/functions/f/invocations', 'UnknownOperation', []],
    ['PATCH', '/2015-03-31/functions', 'UnknownOperation', []],
  ])('routes %s %s to %s', (method, path, operation, params) => {
    expect(matchRoute(method, path)).toEqual({ operation, params });
  });

  it('leaves paths outside Lambda to the other services', () => {
    expect(matchRoute('POST', '/')).toBeUndefined();
    expect(matchRoute('GET', '/000000000000/queue')).toBeUndefined();
  });
});
