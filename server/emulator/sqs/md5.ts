import { createHash } from 'node:crypto';

/** A message attribute as SendMessage carries it; `BinaryValue` is base64 on the JSON wire. */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** `MD5OfMessageBody` / `MD5OfBody`: lowercase hex MD5 of the body's UTF-8 bytes (SDK v3 checks it). */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer[] {
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(bytes.length, 0);
  return [length, bytes];
}

/**
 * `MD5OfMessageAttributes` (and `MD5OfMessageSystemAttributes`) by AWS's documented algorithm:
 * names sorted ascending; for each, the length-prefixed name and full DataType (custom label
 * included), then a transport byte (1 for a string value, 2 for binary) and the length-prefixed
 * value. The JS SDK does not check it, but Java, Go, Ruby and PHP do. Undefined for no attributes,
 * because an MD5 of nothing breaks the PHP SDK (localstack#136).
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue> | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const value = attributes[name];
    parts.push(...lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(...lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    if (value.StringValue !== undefined) {
      parts.push(Buffer.from([1]), ...lengthPrefixed(Buffer.from(value.StringValue, 'utf8')));
    } else {
      parts.push(Buffer.from([2]), ...lengthPrefixed(Buffer.from(value.BinaryValue ?? '', 'base64')));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}

/** Content-based deduplication id of a FIFO message: SHA-256 of the body, hex. */
export function sha256OfBody(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
