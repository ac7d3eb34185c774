import { validation } from '../core/errors';

/**
 * A DynamoDB number as an exact decimal: `sign × digits × 10^exp`, where `digits` has no
 * leading or trailing zeros. DynamoDB numbers carry up to 38 significant digits, more than a
 * double holds, so they are never converted to `number`.
 */
export interface Decimal {
  sign: -1 | 0 | 1;
  digits: string;
  exp: number;
}

const NUMBER_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** DynamoDB's limits: 38 significant digits, magnitude from 1E-130 to 9.99…E+125. */
const MAX_DIGITS = 38;
const MAX_ADJUSTED_EXP = 125;
const MIN_ADJUSTED_EXP = -130;

/** Parses a number string, or returns undefined when it is not one. Does not check the limits. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [, signText, intPart = '', fracPart = '', expText] = m;
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  let digits = intPart + fracPart;
  let exp = (expText ? Number(expText) : 0) - fracPart.length;
  if (!Number.isSafeInteger(exp)) return undefined;
  digits = digits.replace(/^0+/, '');
  if (digits.length === 0) return { sign: 0, digits: '', exp: 0 };
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  return { sign: signText === '-' ? -1 : 1, digits: trimmed, exp };
}

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

/** Compares two decimals by value: negative, zero or positive. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign - b.sign;
  if (a.sign === 0) return 0;
  return a.sign * compareMagnitudes(a, b);
}

function compareMagnitudes(a: Decimal, b: Decimal): number {
  const aLead = a.digits.length + a.exp;
  const bLead = b.digits.length + b.exp;
  if (aLead !== bLead) return aLead - bLead;
  const len = Math.max(a.digits.length, b.digits.length);
  const ad = a.digits.padEnd(len, '0');
  const bd = b.digits.padEnd(len, '0');
  return ad < bd ? -1 : ad > bd ? 1 : 0;
}

/** Compares two number strings by value (`"1"` equals `"1.0"`). Both must be valid numbers. */
export function compareNumberStrings(a: string, b: string): number {
  if (a === b) return 0;
  return compareDecimals(parseDecimal(a)!, parseDecimal(b)!);
}

/** The canonical text of a number: no exponent, no superfluous zeros (`"1.50"` → `"1.5"`). */
export function formatDecimal(d: Decimal): string {
  if (d.sign === 0) return '0';
  const sign = d.sign < 0 ? '-' : '';
  if (d.exp >= 0) return sign + d.digits + '0'.repeat(d.exp);
  const point = d.digits.length + d.exp;
  if (point > 0) return `${sign}${d.digits.slice(0, point)}.${d.digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${d.digits}`;
}

/** Canonical text of a number string, used where numbers are compared by value (keys, sets). */
export function canonicalNumber(text: string): string {
  const d = parseDecimal(text);
  return d ? formatDecimal(d) : text;
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
