import { canonicalNumber, sameNumber } from '../decimal';
import type { AttributeMap, AttributeValue } from '../types/streams';

export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

/** A plain JSON value: what "copy as JSON" gives and what filters compare against. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/** The one type key of an AttributeValue (`{"N":"1"}` → `N`). */
export function attributeType(value: AttributeValue): AttributeType {
  return Object.keys(value)[0] as AttributeType;
}

/**
 * A DynamoDB number as JSON: a JS number only when that number prints back to exactly the same
 * digits, otherwise the exact string (DynamoDB numbers carry 38 digits; doubles carry ~17).
 */
export function plainNumber(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (n === 0) return 0;
  return sameNumber(String(n), text) ? n : text;
}

/** An AttributeValue as plain JSON: sets become arrays, binary stays base64, NULL becomes null. */
export function toPlainValue(value: AttributeValue): PlainValue {
  if ('S' in value) return value.S;
  if ('N' in value) return plainNumber(value.N);
  if ('B' in value) return value.B;
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('SS' in value) return [...value.SS];
  if ('NS' in value) return value.NS.map(plainNumber);
  if ('BS' in value) return [...value.BS];
  if ('M' in value) return toPlainMap(value.M);
  if ('L' in value) return value.L.map(toPlainValue);
  return null;
}

/** An item image as plain JSON; `undefined` stays `undefined` (no image). */
export function toPlainMap(map: AttributeMap): { [key: string]: PlainValue } {
  const out: { [key: string]: PlainValue } = {};
  for (const name of Object.keys(map)) out[name] = toPlainValue(map[name]);
  return out;
}

/** A short, single-line text for a value in a list row or a tree leaf. */
export function formatAttributeValue(value: AttributeValue, maxLength = 80): string {
  const type = attributeType(value);
  let text: string;
  switch (type) {
    case 'S':
      text = JSON.stringify((value as { S: string }).S);
      break;
    case 'N':
      text = (value as { N: string }).N;
      break;
    case 'B':
      text = `<binary ${base64Length((value as { B: string }).B)} B>`;
      break;
    case 'BOOL':
      text = String((value as { BOOL: boolean }).BOOL);
      break;
    case 'NULL':
      text = 'null';
      break;
    case 'SS':
      text = `{${(value as { SS: string[] }).SS.map((s) => JSON.stringify(s)).join(', ')}}`;
      break;
    case 'NS':
      text = `{${(value as { NS: string[] }).NS.join(', ')}}`;
      break;
    case 'BS':
      text = `{${(value as { BS: string[] }).BS.length} binary}`;
      break;
    case 'M':
      text = `{${Object.keys((value as { M: AttributeMap }).M).length} attributes}`;
      break;
    case 'L':
      text = `[${(value as { L: AttributeValue[] }).L.length} items]`;
      break;
    default:
      text = JSON.stringify(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function base64Length(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - padding);
}

/** The key attributes as `orderId=o-1 · sk=2`, in key-schema order when names are given. */
export function formatKeys(keys: AttributeMap, keyNames: string[] = []): string {
  const names = [...keyNames.filter((n) => n in keys), ...Object.keys(keys).filter((n) => !keyNames.includes(n))];
  return names.map((n) => `${n}=${formatKeyValue(keys[n])}`).join(' · ');
}

function formatKeyValue(value: AttributeValue): string {
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  return formatAttributeValue(value, 40);
}

/** Two AttributeValues are equal as DynamoDB sees them: numbers by value, sets regardless of order. */
export function attributeEquals(a: AttributeValue, b: AttributeValue): boolean {
  const ta = attributeType(a);
  if (ta !== attributeType(b)) return false;
  switch (ta) {
    case 'N':
      return sameNumber((a as { N: string }).N, (b as { N: string }).N);
    case 'SS':
    case 'BS':
      return sameSet((a as Record<string, string[]>)[ta], (b as Record<string, string[]>)[ta], (s) => s);
    case 'NS':
      return sameSet((a as { NS: string[] }).NS, (b as { NS: string[] }).NS, (n) => canonicalNumber(n) ?? n);
    case 'M': {
      const ma = (a as { M: AttributeMap }).M;
      const mb = (b as { M: AttributeMap }).M;
      const ka = Object.keys(ma);
      if (ka.length !== Object.keys(mb).length) return false;
      return ka.every((k) => k in mb && attributeEquals(ma[k], mb[k]));
    }
    case 'L': {
      const la = (a as { L: AttributeValue[] }).L;
      const lb = (b as { L: AttributeValue[] }).L;
      return la.length === lb.length && la.every((v, i) => attributeEquals(v, lb[i]));
    }
    default:
      return JSON.stringify(a) === JSON.stringify(b);
  }
}

function sameSet(a: string[], b: string[], norm: (s: string) => string): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map(norm));
  return b.every((s) => set.has(norm(s)));
}

/** The number inside a DynamoDB number string, compared exactly enough for filters. */
