import { describe, expect, it } from 'vitest';
import { addNumbers, canonicalNumber, checkedDecimal, compareNumberStrings } from './numbers';
import { attributeMapsEqual, attributeValuesEqual, compareUtf8, validateAttributeValue, type AttributeValue } from './values';

describe('DynamoDB numbers', () => {
  it.each([
    ['1', '1.0', 0],
    ['-0', '0', 0],
    ['0.001', '1e-3', 0],
    ['10', '9', 1],
    ['-10', '-9', -1],
    ['-1', '1', -1],
    ['1E+2', '99.999', 1],
    // 38 digits: beyond a double's precision, still ordered exactly.
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345677', 1],
    ['0.00000000000000000000000000000000000001', '0', 1],
  ])('compares %s with %s by value', (a, b, sign) => {
    expect(Math.sign(compareNumberStrings(a, b))).toBe(sign);
  });

  it.each([
    ['1.50', '1.5'],
    ['007', '7'],
    ['-0.0', '0'],
    ['1e3', '1000'],
    ['1.25E-2', '0.0125'],
    ['+4', '4'],
  ])('canonicalises %s as %s', (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });

  it.each([
    ['1', '2', false, '3'],
    ['0.1', '0.2', false, '0.3'],
    ['10', '0.5', true, '9.5'],
    ['-5', '5', false, '0'],
    ['99999999999999999999999999999999999999', '0', false, '99999999999999999999999999999999999999'],
    ['12345678901234567890123456789012345678', '1', false, '12345678901234567890123456789012345679'],
  ])('adds %s and %s exactly (subtract: %s)', (a, b, subtract, expected) => {
    expect(addNumbers(a, b, subtract)).toBe(expected);
  });

  it.each([
    ['abc', 'The parameter cannot be converted to a numeric value: abc'],
    ['', 'The parameter cannot be converted to a numeric value: '],
    ['1.2.3', 'The parameter cannot be converted to a numeric value: 1.2.3'],
    ['123456789012345678901234567890123456789', 'Attempting to store more than 38 significant digits in a Number'],
    ['1E+126', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['1E-131', 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
  ])('rejects %j', (text, message) => {
    expect(() => checkedDecimal(text)).toThrow(message);
  });

  it('refuses a sum that would need more than 38 digits', () => {
    expect(() => addNumbers('1E+100', '1')).toThrow('Attempting to store more than 38 significant digits in a Number');
  });
});

describe('AttributeValue validation', () => {
  it.each<[string, unknown, string, string]>([
    ['empty value', {}, 'ValidationException', 'Supplied AttributeValue is empty'],
    ['two types', { S: 'a', N: '1' }, 'ValidationException', 'more than one datatypes'],
    ['empty string set', { SS: [] }, 'ValidationException', 'An string set  may not be empty'],
    ['empty number set', { NS: [] }, 'ValidationException', 'An number set  may not be empty'],
    ['duplicate set members', { SS: ['a', 'a'] }, 'ValidationException', 'contains duplicates'],
    ['numerically duplicate numbers', { NS: ['1', '1.0'] }, 'ValidationException', 'contains duplicates'],
    ['a number that is not', { N: 'x' }, 'ValidationException', 'cannot be converted to a numeric value'],
    ['S given a number', { S: 5 }, 'SerializationException', 'type S'],
    ['N given a number', { N: 5 }, 'SerializationException', 'NUMBER_VALUE'],
    ['bad base64', { B: '***' }, 'SerializationException', 'Base64'],
    ['NULL false', { NULL: false }, 'ValidationException', 'Null attribute value types must have the value of true'],
    ['unknown type', { X: 1 }, 'SerializationException', 'Unrecognized'],
    ['nested bad value', { M: { a: { L: [{ SS: [] }] } } }, 'ValidationException', 'may not be empty'],
  ])('rejects %s', (_, value, code, message) => {
    let error: unknown;
    try {
      validateAttributeValue(value);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(message);
  });

  it.each<AttributeValue>([
    { S: '' },
    { N: '-1.5e10' },
    { B: 'AAEC' },
    { SS: ['a', 'b'] },
    { NS: ['1', '2.5'] },
    { BS: ['AA==', 'AQ=='] },
    { M: { a: { L: [{ NULL: true }, { BOOL: false }] } } },
  ])('accepts %j', (value) => {
    expect(() => validateAttributeValue(value)).not.toThrow();
  });
});

describe('AttributeValue equality', () => {
  it.each<[AttributeValue, AttributeValue, boolean]>([
    [{ N: '1' }, { N: '1.0' }, true],
    [{ N: '1' }, { S: '1' }, false],
    [{ SS: ['a', 'b'] }, { SS: ['b', 'a'] }, true],
    [{ NS: ['1', '2'] }, { NS: ['2.0', '1'] }, true],
    [{ SS: ['a'] }, { SS: ['a', 'b'] }, false],
    [{ L: [{ S: 'a' }, { S: 'b' }] }, { L: [{ S: 'b' }, { S: 'a' }] }, false],
    [{ M: { a: { N: '1' }, b: { S: 'x' } } }, { M: { b: { S: 'x' }, a: { N: '1.00' } } }, true],
    [{ M: { a: { N: '1' } } }, { M: { a: { N: '1' }, b: { NULL: true } } }, false],
    [{ BOOL: true }, { BOOL: false }, false],
    [{ NULL: true }, { NULL: true }, true],
  ])('%j = %j is %s', (a, b, equal) => {
    expect(attributeValuesEqual(a, b)).toBe(equal);
    expect(attributeValuesEqual(b, a)).toBe(equal);
  });

  it('compares items regardless of attribute order, but not of attribute count', () => {
    expect(attributeMapsEqual({ a: { S: 'x' }, b: { N: '2' } }, { b: { N: '2.0' }, a: { S: 'x' } })).toBe(true);
    expect(attributeMapsEqual({ a: { S: 'x' } }, { a: { S: 'x' }, b: { N: '2' } })).toBe(false);
  });
});

describe('UTF-8 string order', () => {
  it.each([
    ['a', 'b', -1],
    ['a', 'ab', -1],
    ['B', 'a', -1],
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 9F 98 80),
    // although its UTF-16 code unit is larger than the surrogate 0xD83D.
    ['\uff5e', '\u{1f600}', -1],
    ['é', 'z', 1],
  ])('%j vs %j', (a, b, sign) => {
    expect(Math.sign(compareUtf8(a, b))).toBe(sign);
    expect(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))).toBe(sign);
  });
});
