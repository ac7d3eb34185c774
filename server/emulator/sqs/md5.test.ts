import { describe, expect, it } from 'vitest';
import { md5OfBody, md5OfMessageAttributes, sha256OfBody, type MessageAttributeValue } from './md5';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('md5OfBody', () => {
  it.each([
    ['hello', '5d41402abc4b2a76b9719d911017c592'],
    ['message-1', '3d6b824fd8c1520e9a047d21fee6fb1f'],
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    // UTF-8, not UTF-16: "é" is the two bytes c3 a9.
    ['é', '66ddcd97cfdeabb2f6fb8a999b4bc76f'],
  ])('md5(%j) = %s', (body, expected) => {
    expect(md5OfBody(body)).toBe(expected);
  });
});

describe('md5OfMessageAttributes (the vectors of reference §5.6)', () => {
  const attribName1: MessageAttributeValue = { DataType: 'String', StringValue: 'attribValue 1' };
  const customNumber: MessageAttributeValue = { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' };
  const binary: MessageAttributeValue = { DataType: 'Binary', BinaryValue: b64('Hello binary world!') };
  it.each<[string, Record<string, MessageAttributeValue>, string]>([
    ['AWS-recorded MyAttribute', { MyAttribute: { DataType: 'String', StringValue: 'foobar' } }, 'adb59cd4678ea5a855436b949cd07ab6'],
    ['a String', { attribName1 }, '19e27d4e946b072f3f58da80d94fd778'],
    ['a Number with a custom label', { customNumberTypeAttrib: customNumber }, '9fe1b90bbd9965bdf77bac517c7d2495'],
    ['a Binary', { binaryAttribute: binary }, '31a92b15d92f8db860eda32aceb656c3'],
    ['all three, sorted by name', { binaryAttribute: binary, attribName1, customNumberTypeAttrib: customNumber }, 'c932db14a896c663f83c260297d594ff'],
  ])('%s', (_, attributes, expected) => {
    expect(md5OfMessageAttributes(attributes)).toBe(expected);
  });

  it('is undefined for no attributes, never the MD5 of nothing', () => {
    expect(md5OfMessageAttributes(undefined)).toBeUndefined();
    expect(md5OfMessageAttributes({})).toBeUndefined();
  });

  it('does not depend on the order the names were given in', () => {
    const a = md5OfMessageAttributes({ b: { DataType: 'String', StringValue: '1' }, a: { DataType: 'String', StringValue: '2' } });
    const b = md5OfMessageAttributes({ a: { DataType: 'String', StringValue: '2' }, b: { DataType: 'String', StringValue: '1' } });
    expect(a).toBe(b);
  });
});

describe('sha256OfBody', () => {
  it('is the hex SHA-256 used for content-based deduplication', () => {
    expect(sha256OfBody('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });
});
