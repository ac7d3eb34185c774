import { describe, expect, it } from 'vitest';
import { AwsError } from '../core/errors';
import { InputChecker } from './validate';

function errorOf(fn: () => void): AwsError {
  try {
    fn();
  } catch (error) {
    return error as AwsError;
  }
  throw new Error('expected an error');
}

describe('InputChecker', () => {
  const cases: [string, Record<string, unknown>, (c: InputChecker) => void, string][] = [
    ['a missing required member', {}, (c) => c.string('StreamArn', { required: true }), "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null"],
    ['an integer below its minimum', { Limit: 0 }, (c) => c.integer('Limit', 1, 1000), "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    ['an integer above its maximum', { Limit: 1001 }, (c) => c.integer('Limit', 1, 1000), "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"],
    ['a string too short', { SequenceNumber: '12' }, (c) => c.string('SequenceNumber', { min: 21 }), "1 validation error detected: Value '12' at 'sequenceNumber' failed to satisfy constraint: Member must have length greater than or equal to 21"],
    ['a value outside its enum', { T: 'X' }, (c) => c.string('T', { oneOf: ['A', 'B'] }), "1 validation error detected: Value 'X' at 't' failed to satisfy constraint: Member must satisfy enum value set: [A, B]"],
  ];
  it.each(cases)('words %s as AWS does', (_case, input, use, message) => {
    const checker = new InputChecker(input);
    use(checker);
    const error = errorOf(() => checker.done());
    expect(error.code).toBe('ValidationException');
    expect(error.message).toBe(message);
  });

  it('reports every violation of a request at once', () => {
    const checker = new InputChecker({ Limit: 0 });
    checker.string('StreamArn', { required: true });
    checker.integer('Limit', 1, 100);
    expect(errorOf(() => checker.done()).message).toMatch(/^2 validation errors detected: Value null at 'streamArn'.*; Value '0' at 'limit'/);
  });

  it('returns valid values and passes', () => {
    const checker = new InputChecker({ Limit: 5, TableName: 'orders' });
    expect(checker.integer('Limit', 1, 100)).toBe(5);
    expect(checker.string('TableName', { min: 3, max: 255 })).toBe('orders');
    expect(() => checker.done()).not.toThrow();
  });

  it('answers a value of the wrong JSON type with SerializationException', () => {
    expect(errorOf(() => new InputChecker({ Limit: '5' }).integer('Limit', 1, 100)).code).toBe('SerializationException');
    expect(errorOf(() => new InputChecker({ StreamArn: 5 }).string('StreamArn')).code).toBe('SerializationException');
  });
});
