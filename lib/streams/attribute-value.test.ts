import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../types/streams';
import { attributeEquals, attributeType, formatAttributeValue, formatKeys, plainNumber, toPlainMap, toPlainValue } from './attribute-value';

describe('toPlainValue', () => {
  it.each<[string, AttributeValue, unknown]>([
    ['a string', { S: 'Hello' }, 'Hello'],
    ['an empty string', { S: '' }, ''],
    ['a small number', { N: '123.45' }, 123.45],
    ['a negative number', { N: '-19' }, -19],
    ['a 38-digit number as its exact string', { N: '12345678901234567890123456789012345678' }, '12345678901234567890123456789012345678'],
    ['a number beyond double precision', { N: '0.1000000000000000000001' }, '0.1000000000000000000001'],
    ['a number with trailing zeros', { N: '1.50' }, 1.5],
    ['binary as base64', { B: 'dGhpcw==' }, 'dGhpcw=='],
    ['a string set', { SS: ['Giraffe', 'Hippo'] }, ['Giraffe', 'Hippo']],
    ['a number set with an exact big member', { NS: ['42.2', '99999999999999999999'] }, [42.2, '99999999999999999999']],
    ['a binary set', { BS: ['U3Vubnk=', 'UmFpbnk='] }, ['U3Vubnk=', 'UmFpbnk=']],
    ['NULL', { NULL: true }, null],
    ['BOOL false', { BOOL: false }, false],
    ['an empty map', { M: {} }, {}],
    ['an empty list', { L: [] }, []],
    ['nested maps and lists', { M: { a: { L: [{ S: 'x' }, { M: { n: { N: '1' } } }] } } }, { a: ['x', { n: 1 }] }],
  ])('%s', (_name, value, plain) => {
    expect(toPlainValue(value)).toEqual(plain);
  });

  it('turns an empty image into an empty object', () => {
    expect(toPlainMap({})).toEqual({});
  });

  it('keeps a huge item whole', () => {
    const big = 'x'.repeat(400_000);
    expect(toPlainMap({ blob: { S: big } })).toEqual({ blob: big });
  });
});

describe('plainNumber', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['1e3', 1000],
    ['9007199254740993', '9007199254740993'],
    ['00012', 12],
  ])('%s', (text, expected) => expect(plainNumber(text)).toEqual(expected));
});

describe('attributeEquals', () => {
  it.each<[string, AttributeValue, AttributeValue, boolean]>([
    ['numbers by value', { N: '1.0' }, { N: '1' }, true],
    ['numbers in exponent form', { N: '1.5e2' }, { N: '150' }, true],
    ['different big numbers', { N: '100000000000000000001' }, { N: '100000000000000000002' }, false],
    ['sets in any order', { SS: ['a', 'b'] }, { SS: ['b', 'a'] }, true],
    ['number sets by value', { NS: ['1', '2.0'] }, { NS: ['2', '1'] }, true],
    ['lists in order only', { L: [{ S: 'a' }, { S: 'b' }] }, { L: [{ S: 'b' }, { S: 'a' }] }, false],
    ['different types', { S: '1' }, { N: '1' }, false],
    ['nested maps', { M: { a: { N: '1' } } }, { M: { a: { N: '1.00' } } }, true],
    ['NULL and NULL', { NULL: true }, { NULL: true }, true],
  ])('%s', (_name, a, b, equal) => expect(attributeEquals(a, b)).toBe(equal));
});

describe('formatting', () => {
  it('names every type', () => {
    expect(attributeType({ BS: [] })).toBe('BS');
    expect(formatAttributeValue({ B: 'dGhpcw==' })).toBe('<binary 4 B>');
    expect(formatAttributeValue({ SS: ['a'] })).toBe('{"a"}');
    expect(formatAttributeValue({ M: { a: { S: 'x' } } })).toBe('{1 attributes}');
    expect(formatAttributeValue({ S: 'y'.repeat(200) }, 10)).toHaveLength(10);
  });

  it('lists keys in key-schema order', () => {
    expect(formatKeys({ sk: { N: '2' }, pk: { S: 'a' } }, ['pk', 'sk'])).toBe('pk=a · sk=2');
  });
});
