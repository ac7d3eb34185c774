import { z } from 'zod';
import { AwsError } from '../core/errors';

/**
 * CloudWatch is query-compatible: each modeled error also has a legacy code the SDK reads from
 * `x-amzn-query-error` (`InvalidParameterValueException` ↔ `InvalidParameterValue`).
 */
export function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, { queryCode: 'InvalidParameterValue' });
}

/** `MissingRequiredParameterException` (legacy `MissingParameter`) naming the member. */
export function missingParameter(parameter: string): AwsError {
  return new AwsError('MissingRequiredParameterException', `The parameter ${parameter} is required.`, { queryCode: 'MissingParameter' });
}

/** `InvalidParameterCombinationException` (legacy `InvalidParameterCombination`). */
export function invalidCombination(message: string): AwsError {
  return new AwsError('InvalidParameterCombinationException', message, { queryCode: 'InvalidParameterCombination' });
}

/** `InvalidNextToken`, for a paging token the emulator did not issue. */
export function invalidNextToken(): AwsError {
  return new AwsError('InvalidNextToken', 'The service couldn\'t find the specified NextToken.', { queryCode: 'InvalidNextToken' });
}

/** The awsQuery name of a member path, as CloudWatch's messages give it: `MetricData.member.1.MetricName`. */
export function parameterName(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `member.${part + 1}` : String(part))).join('.');
}

/**
 * Parses an operation's input with a zod schema. A missing required member is
 * `MissingRequiredParameterException`; a value of the wrong type `InvalidParameterValueException`,
 * both naming the member in CloudWatch's `a.member.N.b` form.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = parameterName(issue.path);
  if (valueAt(input, issue.path) === undefined) throw missingParameter(name);
  throw invalidValue(`The value ${JSON.stringify(valueAt(input, issue.path))} for parameter ${name} is invalid.`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export const dimensionSchema = z.object({ Name: z.string(), Value: z.string() });

/** Checks a metric's dimensions: at most 30, names 1-255 and values 1-1024 characters, names unique. */
export function checkDimensions(dimensions: { Name: string; Value: string }[], parameter: string): void {
  if (dimensions.length > 30) throw invalidValue(`The collection ${parameter} must not have a size greater than 30.`);
  const names = new Set<string>();
  dimensions.forEach((d, i) => {
    const member = `${parameter}.member.${i + 1}`;
    if (d.Name.length < 1 || d.Name.length > 255) throw invalidValue(`The parameter ${member}.Name must be between 1 and 255 characters long.`);
    if (d.Value.length < 1 || d.Value.length > 1024) throw invalidValue(`The parameter ${member}.Value must be between 1 and 1024 characters long.`);
    if (names.has(d.Name)) throw invalidValue(`No metric may have duplicate dimension names: ${d.Name} appears twice in ${parameter}.`);
    names.add(d.Name);
  });
}

/** CloudWatch's standard units (`StandardUnit`). */
export const UNITS: ReadonlySet<string> = new Set([
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits',
  'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second',
  'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second',
  'Terabits/Second', 'Count/Second', 'None',
]);

/** Rejects a unit outside `StandardUnit`. */
export function checkUnit(unit: string | undefined, parameter: string): void {
  if (unit !== undefined && !UNITS.has(unit)) throw invalidValue(`The value ${unit} for parameter ${parameter} is invalid.`);
}

/** Namespaces are 1-255 characters and do not start with a colon. */
export function checkNamespace(namespace: string, parameter = 'Namespace'): void {
  if (namespace.length < 1 || namespace.length > 255 || namespace.startsWith(':')) {
    throw invalidValue(`The value ${namespace} for parameter ${parameter} is invalid.`);
  }
}

/** An opaque paging token: base64url of a small JSON value tagged with the operation. */
export function encodeToken(kind: string, value: unknown): string {
  return Buffer.from(JSON.stringify({ k: kind, v: value })).toString('base64url');
}

/** Reads a token `encodeToken` made for the same operation, or throws `InvalidNextToken`. */
export function decodeToken<T>(kind: string, token: string): T {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; v?: unknown };
    if (parsed.k === kind && parsed.v !== undefined) return parsed.v as T;
  } catch {
    // falls through to the error below
  }
  throw invalidNextToken();
}
