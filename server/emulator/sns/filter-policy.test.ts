import { describe, expect, it } from 'vitest';
import { FilterPolicyError, matchesFilterPolicy, parseFilterPolicy, type PublishedAttribute } from './filter-policy';

const s = (StringValue: string): PublishedAttribute => ({ DataType: 'String', StringValue });
const n = (value: number | string): PublishedAttribute => ({ DataType: 'Number', StringValue: String(value) });
const arr = (values: unknown[]): PublishedAttribute => ({ DataType: 'String.Array', StringValue: JSON.stringify(values) });

const attributes = (policy: unknown, attrs: Record<string, PublishedAttribute>) =>
  matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy), 'MessageAttributes'), 'MessageAttributes', { body: 'x', attributes: attrs });
const body = (policy: unknown, message: string) => matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy), 'MessageBody'), 'MessageBody', { body: message, attributes: {} });

describe('matching on message attributes', () => {
  it.each([
    ['no attributes never match, not even exists:false', { k: [{ exists: false }] }, {}, false],
    ['exact string', { store: ['example_corp'] }, { store: s('example_corp') }, true],
    ['exact is case-sensitive', { store: ['example_corp'] }, { store: s('Example_corp') }, false],
    ['OR within a key', { store: ['a', 'b'] }, { store: s('b') }, true],
    ['AND across keys', { store: ['a'], kind: ['x'] }, { store: s('a'), kind: s('y') }, false],
    ['a missing key fails', { store: ['a'] }, { other: s('a') }, false],
    ['numeric equality on Number attributes', { price: [301.5] }, { price: n('3.015e2') }, true],
    ['a number rule does not match a String attribute', { price: [100] }, { price: s('100') }, false],
    ['prefix', { e: [{ prefix: 'Order' }] }, { e: s('OrderPlaced') }, true],
    ['suffix', { f: [{ suffix: '.png' }] }, { f: s('a.jpg') }, false],
    ['equals-ignore-case', { e: [{ 'equals-ignore-case': 'rugby' }] }, { e: s('RUGBY') }, true],
    ['anything-but value', { e: [{ 'anything-but': 'x' }] }, { e: s('y') }, true],
    ['anything-but list', { e: [{ 'anything-but': ['x', 'y'] }] }, { e: s('y') }, false],
    ['anything-but numbers', { p: [{ 'anything-but': [100, 500] }] }, { p: n(100) }, false],
    ['anything-but prefix', { e: [{ 'anything-but': { prefix: 'order-' } }] }, { e: s('order-1') }, false],
    ['anything-but does not match a missing key', { e: [{ 'anything-but': 'x' }] }, { other: s('y') }, false],
    ['numeric range inside', { p: [{ numeric: ['>', 0, '<=', 150] }] }, { p: n(150) }, true],
    ['numeric range lower bound exclusive', { p: [{ numeric: ['>', 0, '<=', 150] }] }, { p: n(0) }, false],
    ['numeric =', { p: [{ numeric: ['=', 301.5] }] }, { p: n(301.5) }, true],
    ['numeric on a String attribute', { p: [{ numeric: ['>', 0] }] }, { p: s('5') }, false],
    ['exists true', { k: [{ exists: true }] }, { k: s('v') }, true],
    ['exists false with other attributes', { k: [{ exists: false }] }, { other: s('v') }, true],
    ['String.Array: one element is enough', { sport: ['rugby'] }, { sport: arr(['soccer', 'rugby']) }, true],
    ['Binary attributes take no part', { b: [{ exists: true }] }, { b: { DataType: 'Binary', BinaryValue: 'AQI=' } }, false],
    ['$or alternatives', { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPU'] }, { namespace: ['AWS/EC2'] }] }, { source: s('aws.cloudwatch'), namespace: s('AWS/EC2') }, true],
  ])('%s', (_name, policy, attrs, expected) => {
    expect(attributes(policy, attrs as Record<string, PublishedAttribute>)).toBe(expected);
  });
});

describe('matching on the message body', () => {
  it.each([
    ['nested keys', { order: { status: ['paid'] } }, { order: { status: 'paid' } }, true],
    ['numbers and booleans', { total: [{ numeric: ['>', 10] }], gift: [true] }, { total: 11, gift: true }, true],
    ['null', { coupon: [null] }, { coupon: null }, true],
    ['arrays in the body: any element', { tags: ['b'] }, { tags: ['a', 'b'] }, true],
    ['arrays of objects: all keys within one element', { items: { sku: ['x'], qty: [2] } }, { items: [{ sku: 'x', qty: 1 }, { sku: 'y', qty: 2 }] }, false],
    ['arrays of objects: one element matching', { items: { sku: ['x'], qty: [2] } }, { items: [{ sku: 'x', qty: 2 }] }, true],
    ['exists false on an absent nested key', { order: { coupon: [{ exists: false }] } }, { order: { status: 'paid' } }, true],
  ])('%s', (_name, policy, message, expected) => {
    expect(body(policy, JSON.stringify(message))).toBe(expected);
  });

  it('a body that is not a JSON object matches nothing', () => {
    expect(body({ a: [{ exists: false }] }, 'plain text')).toBe(false);
    expect(body({ a: [{ exists: false }] }, '[1,2]')).toBe(false);
  });
});

describe('validation, in AWS words', () => {
  it.each([
    ['{"key":[["value"]]}', 'Match value must be String, number, true, false, or null'],
    ['{"key":[{"wrong-operator":true}]}', 'Unrecognized match type wrong-operator'],
    ['{"key":[{"suffix":"value","prefix":"value2"}]}', 'Only one key allowed in match expression'],
    ['{"key":[]}', 'Empty arrays are not allowed'],
    ['{"key":[{"suffix":100}]}', 'suffix match pattern must be a string'],
    ['{"key":{"suffix":"value"}}', '"suffix" must be an object or an array'],
    ['{"key_a":"value_one"}', '"key_a" must be an object or an array'],
    ['{"key":[{"numeric":[]}]}', 'Invalid member in numeric match: ]'],
    ['{"key":[{"numeric":["operator"]}]}', 'Unrecognized numeric range operator: operator'],
    ['{"key":[{"numeric":[1,"<="]}]}', 'Invalid member in numeric match: 1'],
    ['{"key":[{"numeric":["=","000"]}]}', 'Value of equals must be numeric'],
    ['{"key":[{"numeric":[">="]}]}', 'Value of >= must be numeric'],
    ['{"key":[{"numeric":["<",100,">",10]}]}', 'Too many elements in numeric expression'],
    ['{"key":[{"numeric":[">=",1,">",2]}]}', 'Bad numeric range operator: >'],
    ['{"key":[{"numeric":[">",3,"<",1]}]}', 'Bottom must be less than top'],
    ['{"key":[{"numeric":[">",20,30]}]}', 'Bad value in numeric range: 30'],
    ['{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', 'Too many terms in numeric range expression'],
    ['{"key":[{"exists":null}]}', 'exists match pattern must be either true or false.'],
    ['{"key":[{"anything-but":{"suffix":"test"}}]}', 'Unsupported anything-but pattern: suffix'],
    ['{"key":[{"anything-but":{"prefix":false}}]}', 'prefix match pattern must be a string'],
    ['{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]}', 'Filter policy can not have more than 5 keys'],
    [JSON.stringify({ a: Array.from({ length: 10 }, (_, i) => i), b: Array.from({ length: 16 }, (_, i) => i) }), 'Filter policy is too complex'],
    ['invalid', "failed to parse JSON. Unrecognized token 'invalid'"],
  ])('%s', (policy, message) => {
    expect(() => parseFilterPolicy(policy, 'MessageAttributes')).toThrow(FilterPolicyError);
    expect(() => parseFilterPolicy(policy, 'MessageAttributes')).toThrow(message);
  });

  it('nesting is for the body scope only', () => {
    expect(() => parseFilterPolicy('{"a":{"b":["x"]}}', 'MessageAttributes')).toThrow('Filter policy scope MessageAttributes does not support nested filter policy');
    expect(() => parseFilterPolicy('{"a":{"b":["x"]}}', 'MessageBody')).not.toThrow();
  });
});
