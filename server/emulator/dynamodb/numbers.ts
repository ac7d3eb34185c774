import { canonicalNumber as canonicalNumberOf, compareDecimals, formatDecimal, parseDecimal, type Decimal } from '../../../lib/decimal';
import { validation } from '../core/errors';

/** DynamoDB's limits: 38 significant digits, magnitude from 1E-130 to 9.99…E+125. */
const MAX_DIGITS = 38;
const MAX_ADJUSTED_EXP = 125;
const MIN_ADJUSTED_EXP = -130;

/**
 * Parses a number the client sent and enforces DynamoDB's limits, throwing the
 * `ValidationException` AWS sends.
 */
export function checkedDecimal(text: string): Decimal {
  const d = parseDecimal(text);
  if (!d) throw validation(`The parameter cannot be converted to a numeric value: ${text}`);
  checkLimits(d);
  return d;
}

function checkLimits(d: Decimal): void {
  if (d.sign === 0) return;
  if (d.digits.length > MAX_DIGITS) throw validation('Attempting to store more than 38 significant digits in a Number');
  const adjusted = d.digits.length + d.exp - 1;
  if (adjusted > MAX_ADJUSTED_EXP) throw validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (adjusted < MIN_ADJUSTED_EXP) throw validation('Number underflow. Attempting to store a number with magnitude smaller than supported range');
}

/** Compares two number strings by value (`"1"` equals `"1.0"`). Both must be valid numbers. */
export function compareNumberStrings(a: string, b: string): number {
  if (a === b) return 0;
  return compareDecimals(parseDecimal(a)!, parseDecimal(b)!);
}

/** Canonical text of a number string, used where numbers are compared by value (keys, sets). */
export function canonicalNumber(text: string): string {
  return canonicalNumberOf(text) ?? text;
}

function toBigInt(d: Decimal, exp: number): bigint {
  if (d.sign === 0) return 0n;
  return BigInt(d.sign) * BigInt(d.digits) * 10n ** BigInt(d.exp - exp);
}

function fromBigInt(value: bigint, exp: number): Decimal {
  if (value === 0n) return { sign: 0, digits: '', exp: 0 };
  const sign = value < 0n ? -1 : 1;
  const text = (value < 0n ? -value : value).toString();
  const trimmed = text.replace(/0+$/, '');
  return { sign, digits: trimmed, exp: exp + text.length - trimmed.length };
}

/**
 * Exact sum (or difference) of two number strings, as UpdateExpression `+`/`-` and `ADD`
 * compute it; the result must itself be a storable DynamoDB number.
 */
export function addNumbers(a: string, b: string, subtract = false): string {
  const x = checkedDecimal(a);
  const y = checkedDecimal(b);
  const exp = Math.min(x.sign === 0 ? 0 : x.exp, y.sign === 0 ? 0 : y.exp);
  const yv = toBigInt(y, exp);
  const result = fromBigInt(toBigInt(x, exp) + (subtract ? -yv : yv), exp);
  checkLimits(result);
  return formatDecimal(result);
}
