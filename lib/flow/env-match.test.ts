import { describe, expect, it } from 'vitest';
import { matchEnvironment } from './env-match';

const known = { queueNames: new Set(['orders', 'fulfillment', 'jobs.fifo']), tableNames: new Set(['orders', 'inventory']) };

describe('matchEnvironment', () => {
  it.each([
    ['an empty value', '', []],
    ['a whitespace value', '   ', []],
    ['a queue URL on AWS', 'https://sqs.eu-west-1.amazonaws.com/123456789012/fulfillment', ['queue fulfillment by url']],
    ['a queue URL on a local endpoint', 'http://127.0.0.1:4566/000000000000/fulfillment', ['queue fulfillment by url']],
    ['a legacy queue URL', 'https://eu-west-1.queue.amazonaws.com/123456789012/fulfillment', ['queue fulfillment by url']],
    ['a FIFO queue URL', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo', ['queue jobs.fifo by url']],
    ['a queue ARN', 'arn:aws:sqs:eu-west-1:123456789012:fulfillment', ['queue fulfillment by arn']],
    ['a table ARN', 'arn:aws:dynamodb:eu-west-1:123456789012:table/inventory', ['table inventory by arn']],
    ['a stream ARN', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000', ['table orders by arn']],
    ['a bare table name', 'inventory', ['table inventory by name']],
    ['a name that is both a queue and a table', 'orders', ['queue orders by name', 'table orders by name']],
    ['a name padded with spaces', ' inventory ', ['table inventory by name']],
    ['a name inside longer text', 'orders-v2', []],
    ['a sentence mentioning a name', 'send to fulfillment later', []],
    ['an unknown queue URL', 'https://sqs.eu-west-1.amazonaws.com/123456789012/other', []],
    ['an unknown queue ARN', 'arn:aws:sqs:eu-west-1:123456789012:other', []],
    ['a URL that is not a queue URL', 'https://example.com/a/b/c', []],
    ['a Lambda ARN', 'arn:aws:lambda:eu-west-1:123456789012:function:orders', []],
    ['a number', '42', []],
  ])('%s', (_label, value, expected) => {
    const found = matchEnvironment({ VAR: value }, known).map((m) => `${m.resource.kind} ${m.resource.name} by ${m.by}`);
    expect(found).toEqual(expected);
  });

  it('reports every matching variable, sorted by name', () => {
    const found = matchEnvironment({ Z_TABLE: 'inventory', A_QUEUE: 'arn:aws:sqs:r:1:fulfillment', LOG_LEVEL: 'debug' }, known);
    expect(found.map((m) => m.variable)).toEqual(['A_QUEUE', 'Z_TABLE']);
  });
});
