import { AwsError } from '../core/errors';

/** A function reference as Lambda accepts it: a name, a partial ARN or a full ARN, maybe qualified. */
export interface FunctionRef {
  name: string;
  qualifier?: string;
  region?: string;
  accountId?: string;
}

/**
 * AWS's `FunctionName` pattern (CreateFunction, GetFunction, CreateEventSourceMapping...):
 * `my-function`, `my-function:v1`, `123456789012:function:my-function` or
 * `arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]`.
 */
const FUNCTION_REF =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** A bare function name is at most 64 characters; the whole reference (a full ARN) at most 140. */
const MAX_NAME_LENGTH = 64;
const MAX_REF_LENGTH = 140;

/**
 * Parses a `FunctionName` value. Throws `InvalidParameterValueException` for a value that is no
 * function reference (Lambda answers a constraint violation before looking anything up).
 */
export function parseFunctionRef(value: string): FunctionRef {
  const match = value.length <= MAX_REF_LENGTH ? FUNCTION_REF.exec(value) : null;
  // A partial ARN `region:name` alone is ambiguous and AWS rejects it too.
  if (!match || match[3].length > MAX_NAME_LENGTH || (match[1] && !match[2])) {
    throw new AwsError(
      'InvalidParameterValueException',
      `1 validation error detected: Value '${value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  }
  return { name: match[3], qualifier: match[4], region: match[1], accountId: match[2] };
}

/** The unqualified ARN of a function, in the caller's region and account unless the reference names others. */
export function functionArn(ref: FunctionRef, region: string, accountId: string): string {
  return `arn:aws:lambda:${ref.region ?? region}:${ref.accountId ?? accountId}:function:${ref.name}`;
}

/** `arn:aws:lambda:<region>:<account>:function:` — every function of one region and account starts so. */
export function functionArnPrefix(region: string, accountId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:`;
}

/** The kinds of event source this emulator maps; Kafka, MQ and DocumentDB are not emulated. */
export type EventSourceKind = 'dynamodb' | 'kinesis' | 'sqs';

export interface EventSource {
  kind: EventSourceKind;
  /** SQS: the queue name (a `.fifo` suffix changes the limits). */
  name: string;
}

const DYNAMODB_STREAM_ARN = /^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]+\/stream\/.+$/;
const KINESIS_STREAM_ARN = /^arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/([a-zA-Z0-9_.-]+)$/;
const SQS_QUEUE_ARN = /^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:\d{12}:([a-zA-Z0-9_-]{1,75}(?:\.fifo)?)$/;

/** Classifies an `EventSourceArn`, or returns undefined for a source the emulator does not map. */
export function classifyEventSource(arn: string): EventSource | undefined {
  if (DYNAMODB_STREAM_ARN.test(arn)) return { kind: 'dynamodb', name: arn.slice(arn.indexOf('table/') + 6, arn.indexOf('/stream/')) };
  const kinesis = KINESIS_STREAM_ARN.exec(arn);
  if (kinesis) return { kind: 'kinesis', name: kinesis[1] };
  const sqs = SQS_QUEUE_ARN.exec(arn);
  if (sqs) return { kind: 'sqs', name: sqs[1] };
  return undefined;
}

/**
 * Lambda's `LastModified` for functions is a string, not a timestamp, in the form
 * `2024-01-01T00:00:00.000+0000` (ISO 8601 with a `+0000` offset instead of `Z`).
 */
export function lambdaDateString(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}
