import { AwsError, validation } from '../core/errors';
import { attributeMapSize } from '../core/attribute-value';
import type { AttributeMap, AttributeValue } from './values';
import { validateAttributeMap } from './values';
import type { Table } from './table';
import { ExpressionContext } from './expressions/parser';

/** DynamoDB's maximum item size, 400 KB counted by DynamoDB's size rule. */
export const MAX_ITEM_BYTES = 400 * 1024;

export type Input = Record<string, unknown>;

const serialization = (message: string) => new AwsError('SerializationException', message);

/** An optional string member; any other JSON type is a SerializationException, as the SDK server side answers. */
export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serialization(`Unexpected value type for ${member}: expected a string`);
  return value;
}

/** A required string member. */
export function requiredString(input: Input, member: string, wireName = member[0].toLowerCase() + member.slice(1)): string {
  const value = optionalString(input, member);
  if (value === undefined) throw validation(`1 validation error detected: Value null at '${wireName}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** An optional number member. */
export function optionalNumber(input: Input, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw serialization(`Unexpected value type for ${member}: expected a number`);
  return value;
}

/** An optional boolean member. */
export function optionalBoolean(input: Input, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serialization(`Unexpected value type for ${member}: expected a boolean`);
  return value;
}

/** An optional structure or map member. */
export function optionalObject(input: Input, member: string): Input | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Unexpected value type for ${member}: expected a structure`);
  return value as Input;
}

/** An optional list member. */
export function optionalArray(input: Input, member: string): unknown[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization(`Unexpected value type for ${member}: expected a list`);
  return value;
}

/** Checks an enum member against its allowed values with AWS's constraint message. */
export function optionalEnum<T extends string>(input: Input, member: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(input, member);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    const wire = member[0].toLowerCase() + member.slice(1);
    throw validation(`1 validation error detected: Value '${value}' at '${wire}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

/** The request's ExpressionAttributeNames/Values, validated, for parsing its expressions. */
export function expressionContext(input: Input): ExpressionContext {
  const names = optionalObject(input, 'ExpressionAttributeNames');
  const values = optionalObject(input, 'ExpressionAttributeValues');
  if (names) {
    if (Object.keys(names).length === 0) throw validation('ExpressionAttributeNames must not be empty');
    for (const [key, value] of Object.entries(names)) {
      if (!/^#[A-Za-z0-9_]+$/.test(key)) throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
      if (typeof value !== 'string') throw serialization('ExpressionAttributeNames values must be strings');
      if (value === '') throw validation(`ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`);
    }
  }
  if (values) {
    if (Object.keys(values).length === 0) throw validation('ExpressionAttributeValues must not be empty');
    for (const key of Object.keys(values)) {
      if (!/^:[A-Za-z0-9_]+$/.test(key)) throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
    validateAttributeMap(values, 'ExpressionAttributeValues');
  }
  return new ExpressionContext(names as Record<string, string> | undefined, values as Record<string, AttributeValue> | undefined);
}

/** Legacy (pre-expression) parameters the emulator does not speak; refusing beats ignoring them silently. */
export function rejectLegacy(input: Input, members: string[]): void {
  for (const member of members) {
    if (input[member] !== undefined && input[member] !== null) {
      throw validation(`The legacy parameter ${member} is not supported by the Eddy emulator; use expressions instead`);
    }
  }
}

function keyTypeOf(value: AttributeValue): string {
  return Object.keys(value)[0];
}

/**
 * Validates a `Key` parameter: exactly the table's key attributes, of the declared types, not
 * empty. AWS answers every shape mismatch with the same message.
 */
export function validateKey(table: Table, key: unknown, member = 'Key'): AttributeMap {
  if (key === undefined || key === null) {
    throw validation(`1 validation error detected: Value null at '${member[0].toLowerCase() + member.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  validateAttributeMap(key, member);
  const names = Object.keys(key);
  if (names.length !== table.keyNames.length || !table.keyNames.every((n) => key[n] !== undefined)) {
    throw validation('The provided key element does not match the schema');
  }
  for (const name of table.keyNames) {
    const value = key[name];
    if (keyTypeOf(value) !== table.attributeType(name)) throw validation('The provided key element does not match the schema');
    checkNotEmptyKey(name, value);
  }
  return key;
}

function checkNotEmptyKey(name: string, value: AttributeValue): void {
  if (('S' in value && value.S === '') || ('B' in value && value.B === '')) {
    throw validation(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${name}`);
  }
}

/** Validates a whole item for PutItem: values, key attributes present and typed, size. Returns its size. */
export function validateItem(table: Table, item: unknown): number {
  if (item === undefined || item === null) throw validation(`1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null`);
  validateAttributeMap(item);
  for (const name of table.keyNames) {
    const value = item[name];
    if (value === undefined) throw validation(`One or more parameter values were invalid: Missing the key ${name} in the item`);
    const expected = table.attributeType(name);
    const actual = keyTypeOf(value);
    if (actual !== expected) throw validation(`One or more parameter values were invalid: Type mismatch for key ${name} expected: ${expected} actual: ${actual}`);
    checkNotEmptyKey(name, value);
  }
  return checkItemSize(item);
}

/** Throws AWS's error when an item exceeds 400 KB; returns its size. */
export function checkItemSize(item: AttributeMap): number {
  const size = attributeMapSize(item);
  if (size > MAX_ITEM_BYTES) throw validation('Item size has exceeded the maximum allowed size');
  return size;
}
