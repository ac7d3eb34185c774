import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time: equal-length SHA-256 digests, so length leaks nothing either. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
