import { describe, expect, it } from 'vitest';
import { endpointsLabel, groupEndpoints } from './endpoints';

describe('endpoints in the header', () => {
  it('is one group when every service shares an endpoint', () => {
    expect(groupEndpoints({ DynamoDB: 'http://127.0.0.1:4566', SQS: 'http://127.0.0.1:4566' })).toEqual([{ services: ['DynamoDB', 'SQS'], endpoint: 'http://127.0.0.1:4566' }]);
  });

  it('names every endpoint that differs, AWS included', () => {
    const groups = groupEndpoints({
      DynamoDB: 'http://127.0.0.1:8000',
      'DynamoDB Streams': 'http://127.0.0.1:8000',
      SQS: 'http://127.0.0.1:9324',
      Lambda: undefined,
      CloudWatch: undefined,
    });
    expect(endpointsLabel(groups, 'eu-west-1')).toBe('DynamoDB, DynamoDB Streams at 127.0.0.1:8000 · SQS at 127.0.0.1:9324 · Lambda, CloudWatch at AWS eu-west-1');
  });
});
