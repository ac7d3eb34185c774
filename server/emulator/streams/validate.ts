import { AwsError, validation } from '../core/errors';

/**
 * Input checks worded as AWS words them: every violation of a request is collected and reported
 * at once, `1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member
 * must have value greater than or equal to 1`. Member names are the camelCase ones AWS prints.
 */
export class InputChecker {
  private readonly violations: string[] = [];

  constructor(private readonly input: Record<string, unknown>) {}

  /** A string member; `undefined` when absent (after recording a violation if it is required). */
  string(key: string, options: { required?: boolean; min?: number; max?: number; pattern?: RegExp; oneOf?: readonly string[] } = {}): string | undefined {
    const value = this.input[key];
    const member = camel(key);
    if (value === undefined || value === null) {
      if (options.required) this.violations.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (typeof value !== 'string') throw serialization(key);
    if (options.min !== undefined && value.length < options.min) {
      this.add(value, member, `have length greater than or equal to ${options.min}`);
    } else if (options.max !== undefined && value.length > options.max) {
      this.add(value, member, `have length less than or equal to ${options.max}`);
    } else if (options.oneOf && !options.oneOf.includes(value)) {
      this.add(value, member, `satisfy enum value set: [${options.oneOf.join(', ')}]`);
    } else if (options.pattern && !options.pattern.test(value)) {
      this.add(value, member, `satisfy regular expression pattern: ${options.pattern.source}`);
    } else {
      return value;
    }
    return undefined;
  }

  /** An optional integer member within [min, max]. */
  integer(key: string, min: number, max: number): number | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(key);
    const member = camel(key);
    if (value < min) this.add(value, member, `have value greater than or equal to ${min}`);
    else if (value > max) this.add(value, member, `have value less than or equal to ${max}`);
    else return value;
    return undefined;
  }

  /** A nested object member (its own checker), or undefined when absent. */
  object(key: string): InputChecker | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw serialization(key);
    return new InputChecker(value as Record<string, unknown>);
  }

  /** Merges a nested checker's violations (prefixing member names is not something AWS does here). */
  absorb(nested: InputChecker): void {
    this.violations.push(...nested.violations);
  }

  /** Throws one ValidationException listing every violation, as AWS does. */
  done(): void {
    const n = this.violations.length;
    if (n === 0) return;
    throw validation(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.violations.join('; ')}`);
  }

  private add(value: unknown, member: string, constraint: string): void {
    this.violations.push(`Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must ${constraint}`);
  }
}

function camel(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function serialization(key: string): AwsError {
  return new AwsError('SerializationException', `Unexpected value type for member '${key}'`);
}
