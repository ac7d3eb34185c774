import type { AttributeMap, AttributeValue } from '../core/attribute-value';
import { AwsError, validation } from '../core/errors';
import { canonicalNumber, checkedDecimal, compareNumberStrings } from './numbers';

export type { AttributeMap, AttributeValue } from '../core/attribute-value';

/** The type tag of an AttributeValue (`S`, `N`, `M`, …). */
export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];
const TYPE_SET = new Set<string>(ATTRIBUTE_TYPES);

/** The type tag of a value already validated. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('empty AttributeValue');
}

const serialization = (message: string) => new AwsError('SerializationException', message);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkBase64(text: unknown): void {
  if (typeof text !== 'string') throw serialization('Expected a base64-encoded string for a binary value');
  if (!BASE64.test(text)) throw serialization('Base64 encoded value is invalid');
}

function checkString(text: unknown): void {
  if (typeof text !== 'string') throw serialization('Expected a string value for type S');
}

function checkNumber(text: unknown): void {
  if (typeof text !== 'string') throw serialization('NUMBER_VALUE cannot be converted to String');
  checkedDecimal(text);
}

function checkSet(list: unknown, type: 'SS' | 'NS' | 'BS', check: (v: unknown) => void, canonical: (v: string) => string): void {
  if (!Array.isArray(list)) throw serialization(`Expected a list for type ${type}`);
  if (list.length === 0) {
    const name = type === 'SS' ? 'string' : type === 'NS' ? 'number' : 'binary';
    throw validation(`One or more parameter values were invalid: An ${name} set  may not be empty`);
  }
  const seen = new Set<string>();
  for (const item of list) {
    check(item);
    const key = canonical(item as string);
    if (seen.has(key)) throw validation(`One or more parameter values were invalid: Input collection [${list.join(', ')}] contains duplicates.`);
    seen.add(key);
  }
}

/**
 * Validates a client-sent AttributeValue as DynamoDB does: exactly one type, numbers within
 * DynamoDB's limits, non-empty duplicate-free sets, valid base64. Wrong JSON types are
 * `SerializationException`s, wrong values `ValidationException`s.
 */
export function validateAttributeValue(value: unknown, depth = 0): asserts value is AttributeValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serialization('Unexpected value type in payload: expected an AttributeValue object');
  // DynamoDB's nesting limit for documents.
  if (depth > 32) throw validation('Nesting Levels have exceeded supported limits');
  const keys = Object.keys(value);
  if (keys.length === 0) throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  if (keys.length > 1) throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  const type = keys[0];
  const inner = (value as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return checkString(inner);
    case 'N':
      return checkNumber(inner);
    case 'B':
      return checkBase64(inner);
    case 'SS':
      return checkSet(inner, 'SS', checkString, (s) => s);
    case 'NS':
      return checkSet(inner, 'NS', checkNumber, canonicalNumber);
    case 'BS':
      return checkSet(inner, 'BS', checkBase64, (s) => s);
    case 'M':
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw serialization('Expected a map for type M');
      for (const v of Object.values(inner)) validateAttributeValue(v, depth + 1);
      return;
    case 'L':
      if (!Array.isArray(inner)) throw serialization('Expected a list for type L');
      for (const v of inner) validateAttributeValue(v, depth + 1);
      return;
    case 'NULL':
      if (inner !== true) throw validation('One or more parameter values were invalid: Null attribute value types must have the value of true');
      return;
    case 'BOOL':
      if (typeof inner !== 'boolean') throw serialization('Expected a boolean for type BOOL');
      return;
    default:
      if (!TYPE_SET.has(type)) throw serialization(`Unrecognized AttributeValue type: ${type}`);
  }
}

/** Validates a map of AttributeValues (an item, a key, ExpressionAttributeValues). */
export function validateAttributeMap(map: unknown, what = 'Item'): asserts map is AttributeMap {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw serialization(`Expected a map for ${what}`);
  for (const v of Object.values(map)) validateAttributeValue(v);
}

/**
 * Compares two strings by their UTF-8 bytes, as DynamoDB orders S sort keys. JavaScript's `<`
 * compares UTF-16 code units, which misorders surrogate pairs against U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Fix up so that surrogates (U+10000 and above) sort after U+E000–U+FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** Compares two base64 binaries by their bytes. */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64'));
}

/**
 * Orders two scalar values of the same type (S, N or B) as DynamoDB does; undefined when they
 * are not comparable (different types, or not scalars).
 */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('S' in a && 'S' in b) return compareUtf8(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumberStrings(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinary(a.B, b.B);
  return undefined;
}

function setsEqual(a: string[], b: string[], canonical: (s: string) => string): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map(canonical));
  return b.every((v) => set.has(canonical(v)));
}

/**
 * Deep equality by DynamoDB's meaning: numbers by value (`"1"` = `"1.0"`), sets regardless of
 * order, maps regardless of key order. Used for `=` and to spot writes that change nothing.
 */
export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && compareNumberStrings(a.N, b.N) === 0;
  if ('B' in a) return 'B' in b && a.B === b.B;
  if ('BOOL' in a) return 'BOOL' in b && a.BOOL === b.BOOL;
  if ('NULL' in a) return 'NULL' in b;
  if ('SS' in a) return 'SS' in b && setsEqual(a.SS, b.SS, (s) => s);
  if ('NS' in a) return 'NS' in b && setsEqual(a.NS, b.NS, canonicalNumber);
  if ('BS' in a) return 'BS' in b && setsEqual(a.BS, b.BS, (s) => s);
  if ('L' in a) return 'L' in b && a.L.length === b.L.length && a.L.every((v, i) => attributeValuesEqual(v, b.L[i]));
  if ('M' in a) return 'M' in b && attributeMapsEqual(a.M, b.M);
  return false;
}

/** Deep equality of two items or maps (see `attributeValuesEqual`). */
export function attributeMapsEqual(a: AttributeMap, b: AttributeMap): boolean {
  let count = 0;
  for (const key in a) {
    const other = b[key];
    if (other === undefined || !attributeValuesEqual(a[key], other)) return false;
    count++;
  }
  return count === Object.keys(b).length;
}

/** The canonical text of a key attribute value: equal values (`"1"`, `"1.0"`) give equal text. */
export function canonicalKeyPart(value: AttributeValue): string {
  if ('S' in value) return `S${value.S}`;
  if ('N' in value) return `N${canonicalNumber(value.N)}`;
  if ('B' in value) return `B${value.B}`;
  throw new Error('key attributes are S, N or B');
}
