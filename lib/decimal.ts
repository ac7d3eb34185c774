/**
 * A DynamoDB number as an exact decimal: `sign × digits × 10^exp`, where `digits` has no
 * leading or trailing zeros. DynamoDB numbers carry up to 38 significant digits, more than a
 * double holds, so they are never converted to `number` to be compared. The one parser and
 * comparison of number text for the emulator, stream filters, diffs and trace correlation.
 */
export interface Decimal {
  sign: -1 | 0 | 1;
  digits: string;
  exp: number;
}

const NUMBER_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a number string (`"+1.50e2"`), or returns undefined when it is not one. */
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

/** The canonical text of a decimal: no exponent, no superfluous zeros (`1.50` → `"1.5"`). */
export function formatDecimal(d: Decimal): string {
  if (d.sign === 0) return '0';
  const sign = d.sign < 0 ? '-' : '';
  if (d.exp >= 0) return sign + d.digits + '0'.repeat(d.exp);
  const point = d.digits.length + d.exp;
  if (point > 0) return `${sign}${d.digits.slice(0, point)}.${d.digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${d.digits}`;
}

/**
 * `"+1.50e2"` and `"150"` alike: the canonical text of a number (`"150"`), or undefined when the
 * text is not a number. Numbers are the same number exactly when their canonical texts are equal.
 */
export function canonicalNumber(text: string): string | undefined {
  const d = parseDecimal(text);
  return d ? formatDecimal(d) : undefined;
}

/** Compares two number strings exactly (negative, zero, positive); undefined when either is no number. */
export function compareNumberText(a: string, b: string): number | undefined {
  if (a === b) return 0;
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return x && y ? Math.sign(compareDecimals(x, y)) : undefined;
}

/** Whether two number strings are the same number (text that is no number: the same text). */
export function sameNumber(a: string, b: string): boolean {
  return (canonicalNumber(a) ?? a) === (canonicalNumber(b) ?? b);
}
