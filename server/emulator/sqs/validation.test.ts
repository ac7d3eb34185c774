import { describe, expect, it } from 'vitest';
import { AwsError } from '../core/errors';
import { Deque, MinHeap } from './structures';
import {
  hasOnlyAllowedCharacters,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  redriveAllowed,
  validateBatchEntries,
  validateMessageAttributes,
  validateQueueAttributes,
  validateQueueName,
} from './validation';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsError) return error.queryCode ?? error.code;
    throw error;
  }
  return undefined;
}

describe('validateQueueName', () => {
  it.each<[string, boolean, string | undefined]>([
    ['', false, 'MissingParameter'],
    ['a', false, undefined],
    ['a'.repeat(80), false, undefined],
    ['a'.repeat(81), false, 'InvalidParameterValue'],
    ['with space', false, 'InvalidParameterValue'],
    ['dots.are.bad', false, 'InvalidParameterValue'],
    ['ok_name-1', false, undefined],
    ['q.fifo', true, undefined],
    ['q', true, 'InvalidParameterValue'],
    ['.fifo', true, 'InvalidParameterValue'],
    [`${'a'.repeat(75)}.fifo`, true, undefined],
    [`${'a'.repeat(76)}.fifo`, true, 'InvalidParameterValue'],
  ])('%j (fifo %s) → %s', (name, fifo, code) => {
    expect(codeOf(() => validateQueueName(name, fifo))).toBe(code);
  });
});

describe('validateQueueAttributes', () => {
  it.each<[Record<string, string>, boolean, string | undefined]>([
    [{ DelaySeconds: '900' }, false, undefined],
    [{ DelaySeconds: '901' }, false, 'InvalidAttributeValue'],
    [{ DelaySeconds: '-1' }, false, 'InvalidAttributeValue'],
    [{ DelaySeconds: 'abc' }, false, 'InvalidAttributeValue'],
    [{ MaximumMessageSize: '1023' }, false, 'InvalidAttributeValue'],
    [{ MaximumMessageSize: '1048576' }, false, undefined],
    [{ MaximumMessageSize: '1048577' }, false, 'InvalidAttributeValue'],
    [{ MessageRetentionPeriod: '59' }, false, 'InvalidAttributeValue'],
    [{ MessageRetentionPeriod: '1209600' }, false, undefined],
    [{ ReceiveMessageWaitTimeSeconds: '21' }, false, 'InvalidAttributeValue'],
    [{ VisibilityTimeout: '43201' }, false, 'InvalidAttributeValue'],
    [{ KmsDataKeyReusePeriodSeconds: '59' }, false, 'InvalidAttributeValue'],
    [{ Policy: '{not json' }, false, 'InvalidAttributeValue'],
    [{ NoSuchAttribute: '1' }, false, 'InvalidAttributeName'],
    [{ ApproximateNumberOfMessages: '1' }, false, 'InvalidAttributeName'],
    [{ ContentBasedDeduplication: 'true' }, false, 'InvalidAttributeName'],
    [{ ContentBasedDeduplication: 'true' }, true, undefined],
    [{ ContentBasedDeduplication: 'yes' }, true, 'InvalidAttributeValue'],
    [{ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' }, true, undefined],
    [{ FifoThroughputLimit: 'fast' }, true, 'InvalidAttributeValue'],
    // FifoQueue only at creation (reference §5.2: "Unknown Attribute FifoQueue.").
    [{ FifoQueue: 'true' }, true, 'InvalidAttributeName'],
  ])('%j (fifo %s) on SetQueueAttributes → %s', (attributes, fifo, code) => {
    expect(codeOf(() => validateQueueAttributes(attributes, fifo, false))).toBe(code);
  });

  it('normalises integers and says which attribute was wrong', () => {
    expect(validateQueueAttributes({ VisibilityTimeout: '0045' }, false, false)).toEqual({ VisibilityTimeout: '45' });
    expect(() => validateQueueAttributes({ DelaySeconds: '901' }, false, false)).toThrow('Invalid value for the parameter DelaySeconds.');
    expect(() => validateQueueAttributes({ Foo: '1' }, false, false)).toThrow('Unknown Attribute Foo.');
  });
});

describe('parseRedrivePolicy', () => {
  const arn = 'arn:aws:sqs:us-east-1:000000000000:dlq';
  it.each<[string, number | string]>([
    [JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 1 }), 1],
    [JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: '5' }), 5],
    [JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 1000 }), 1000],
    [JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 0 }), 'InvalidParameterValue'],
    [JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 1001 }), 'InvalidParameterValue'],
    [JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 'x' }), 'InvalidParameterValue'],
    [JSON.stringify({ maxReceiveCount: 3 }), 'InvalidParameterValue'],
    [JSON.stringify({ deadLetterTargetArn: arn }), 'InvalidParameterValue'],
    ['not json', 'InvalidParameterValue'],
  ])('%s → %s', (raw, expected) => {
    if (typeof expected === 'number') expect(parseRedrivePolicy(raw)).toEqual({ deadLetterTargetArn: arn, maxReceiveCount: expected });
    else expect(codeOf(() => parseRedrivePolicy(raw))).toBe(expected);
  });

  it('words the range error as AWS does', () => {
    expect(() => parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 0 }))).toThrow(/valid values are from 1 to 1000 both inclusive/);
  });
});

describe('RedriveAllowPolicy', () => {
  const a = 'arn:aws:sqs:us-east-1:000000000000:a';
  const b = 'arn:aws:sqs:us-east-1:000000000000:b';
  it.each<[string, string, boolean | string]>([
    ['{"redrivePermission":"allowAll"}', a, true],
    ['{"redrivePermission":"denyAll"}', a, false],
    [JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [a] }), a, true],
    [JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [a] }), b, false],
    ['{"redrivePermission":"byQueue"}', a, 'InvalidParameterValue'],
    [JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: Array.from({ length: 11 }, (_, i) => `${a}${i}`) }), a, 'InvalidParameterValue'],
    ['{"redrivePermission":"sometimes"}', a, 'InvalidParameterValue'],
  ])('%s for %s → %s', (raw, source, expected) => {
    if (typeof expected === 'boolean') expect(redriveAllowed(parseRedriveAllowPolicy(raw), source)).toBe(expected);
    else expect(codeOf(() => parseRedriveAllowPolicy(raw))).toBe(expected);
  });
});

describe('hasOnlyAllowedCharacters', () => {
  it.each<[string, boolean]>([
    ['plain text', true],
    ['tab\tnewline\ncr\r', true],
    ['\u0000', false],
    ['\u0008', false],
    ['\u001f', false],
    ['\ud7ff\ue000\ufffd', true],
    ['\ufffe', false],
    ['😀', true], // a surrogate pair: #x1F600
    ['\ud83d', false], // a lone surrogate
    ['\ude00x', false],
  ])('%j → %s', (text, ok) => {
    expect(hasOnlyAllowedCharacters(text)).toBe(ok);
  });
});

describe('validateMessageAttributes', () => {
  const s = (StringValue: string, DataType = 'String') => ({ DataType, StringValue });
  it.each<[string, unknown, string | undefined]>([
    ['a string', { a: s('x') }, undefined],
    ['a custom number', { n: s('1.5e3', 'Number.float') }, undefined],
    ['a binary', { b: { DataType: 'Binary', BinaryValue: 'AAEC' } }, undefined],
    ['a number that is not', { n: s('abc', 'Number') }, 'InvalidParameterValue'],
    ['an unknown type', { a: s('x', 'Text') }, 'InvalidParameterValue'],
    ['a missing type', { a: { StringValue: 'x' } }, 'InvalidParameterValue'],
    ['an empty value', { a: s('') }, 'InvalidParameterValue'],
    ['a binary without bytes', { b: { DataType: 'Binary' } }, 'InvalidParameterValue'],
    ['a reserved AWS. prefix', { 'AWS.x': s('x') }, 'InvalidParameterValue'],
    ['a reserved Amazon. prefix', { 'amazon.x': s('x') }, 'InvalidParameterValue'],
    ['a leading dot', { '.a': s('x') }, 'InvalidParameterValue'],
    ['a trailing dot', { 'a.': s('x') }, 'InvalidParameterValue'],
    ['two dots', { 'a..b': s('x') }, 'InvalidParameterValue'],
    ['a bad character', { 'a b': s('x') }, 'InvalidParameterValue'],
    ['a 257-character name', { ['a'.repeat(257)]: s('x') }, 'InvalidParameterValue'],
    ['eleven attributes', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, s('x')])), 'InvalidParameterValue'],
    ['a control character in a value', { a: s('\u0001') }, 'InvalidMessageContents'],
  ])('%s → %s', (_, attributes, code) => {
    expect(codeOf(() => validateMessageAttributes(attributes))).toBe(code);
  });

  it('counts name, type and value bytes toward the size limit', () => {
    expect(validateMessageAttributes({ ab: s('xyz') }).size).toBe(2 + 6 + 3);
    expect(validateMessageAttributes({ b: { DataType: 'Binary', BinaryValue: 'AAEC' } }).size).toBe(1 + 6 + 3);
  });
});

describe('validateBatchEntries', () => {
  it.each<[unknown, string | undefined]>([
    [[{ Id: 'a' }], undefined],
    [[], 'AWS.SimpleQueueService.EmptyBatchRequest'],
    [undefined, 'AWS.SimpleQueueService.EmptyBatchRequest'],
    [Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}` })), 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest'],
    [[{ Id: 'a' }, { Id: 'a' }], 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct'],
    [[{ Id: 'a b' }], 'AWS.SimpleQueueService.InvalidBatchEntryId'],
    [[{ Id: 'x'.repeat(81) }], 'AWS.SimpleQueueService.InvalidBatchEntryId'],
  ])('%j → %s', (entries, code) => {
    expect(codeOf(() => validateBatchEntries(entries, 'Entry'))).toBe(code);
  });
});

describe('Deque and MinHeap', () => {
  it('keeps FIFO order across compaction', () => {
    const deque = new Deque<number>();
    for (let i = 0; i < 5000; i++) deque.push(i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(deque.shift()!);
    expect(out[2999]).toBe(2999);
    expect(deque.length).toBe(2000);
    expect(deque.at(0)).toBe(3000);
    expect([...deque].at(-1)).toBe(4999);
  });

  it('pops in key order', () => {
    const heap = new MinHeap<number>((n) => n);
    for (const n of [5, 1, 9, 3, 7, 2, 8]) heap.push(n);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([1, 2, 3, 5, 7, 8, 9]);
  });
});
