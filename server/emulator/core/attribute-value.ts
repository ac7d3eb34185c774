// The wire form of an AttributeValue (reference §3.1) is one type for the whole project: the
// emulator stores what the dashboard decodes.
import type { AttributeMap, AttributeValue } from '../../../lib/types/streams';

export type { AttributeMap, AttributeValue };

/** UTF-8 length; ASCII strings (almost every attribute name and many values) skip the encoder. */
function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return s.length;
}
const base64Length = (s: string) => Buffer.from(s, 'base64').length;

/** DynamoDB's size of a number: one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  // Significant digits: the mantissa's digits from the first non-zero to the last non-zero.
  let end = n.length;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === 101 || c === 69) {
      end = i; // e, E
      break;
    }
  }
  let digits = 0;
  let pendingZeros = 0;
  let started = false;
  for (let i = 0; i < end; i++) {
    const c = n.charCodeAt(i);
    if (c < 48 || c > 57) continue; // sign, decimal point
    if (c === 48) {
      if (started) pendingZeros++;
      continue;
    }
    started = true;
    digits += pendingZeros + 1;
    pendingZeros = 0;
  }
  return Math.ceil(Math.max(digits, 1) / 2) + 1;
}

/** Size in bytes of one value by DynamoDB's item-size rules. */
export function attributeValueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return base64Length(value.B);
  if ('SS' in value) return value.SS.reduce((n, s) => n + utf8Length(s), 0);
  if ('NS' in value) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if ('BS' in value) return value.BS.reduce((n, s) => n + base64Length(s), 0);
  if ('M' in value) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + utf8Length(k) + attributeValueSize(v), 0);
  if ('L' in value) return 3 + value.L.reduce((n, v) => n + 1 + attributeValueSize(v), 0);
  return 1; // NULL, BOOL
}

/**
 * Size in bytes of an item or key map: attribute name bytes plus value sizes. Used for the
 * 400 KB item limit and a stream record's `SizeBytes` (`Username:"Fred"` → 12, reference §4.5).
 */
export function attributeMapSize(map: AttributeMap | undefined): number {
  if (!map) return 0;
  let n = 0;
  for (const name in map) n += utf8Length(name) + attributeValueSize(map[name]);
  return n;
}
