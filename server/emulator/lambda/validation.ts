import { z } from 'zod';
import { AwsError } from '../core/errors';

/** `InvalidParameterValueException`, Lambda's error for a value out of range or not allowed here. */
export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

export const tagsSchema = z.record(z.string(), z.string());
export type Tags = z.infer<typeof tagsSchema>;

/**
 * Parses a request body with a zod schema. A value of the wrong JSON type is answered as Lambda
 * answers it, `InvalidRequestContentException`, naming the field; unknown fields are ignored as
 * the real service ignores them.
 */
export function parseInput<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'body';
  if (valueAt(body, issue.path) === undefined) {
    // AWS names the member in camelCase in its constraint messages.
    const member = String(issue.path[issue.path.length - 1] ?? 'body');
    throw invalid(`1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  throw new AwsError('InvalidRequestContentException', `Could not parse request body into json: ${field}: ${issue.message}`);
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
