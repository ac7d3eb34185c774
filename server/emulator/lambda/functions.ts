import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AwsError } from '../core/errors';
import type { RequestContext } from '../core/types';
import { functionArn, functionArnPrefix, lambdaDateString, parseFunctionRef } from './names';
import { invalid, parseInput, type Tags, tagsSchema } from './validation';

/** Lambda's documented limits (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html). */
const TIMEOUT_RANGE = { min: 1, max: 900 };
const MEMORY_RANGE = { min: 128, max: 10_240 };
const MAX_DESCRIPTION = 256;
/** "The total size of all environment variables doesn't exceed 4 KB." */
const MAX_ENVIRONMENT_BYTES = 4096;
const LIST_FUNCTIONS_DEFAULT = 50;
const LIST_FUNCTIONS_MAX = 10_000;

const environmentSchema = z.object({ Variables: z.record(z.string(), z.string()).optional() });

const createFunctionSchema = z.object({
  FunctionName: z.string(),
  Role: z.string(),
  Runtime: z.string().optional(),
  Handler: z.string().optional(),
  // Code is accepted and not kept: the emulator never runs functions.
  Code: z.object({ ZipFile: z.string().optional(), S3Bucket: z.string().optional(), S3Key: z.string().optional(), ImageUri: z.string().optional() }).optional(),
  Description: z.string().optional(),
  Timeout: z.number().int().optional(),
  MemorySize: z.number().int().optional(),
  Environment: environmentSchema.optional(),
  PackageType: z.enum(['Zip', 'Image']).optional(),
  Architectures: z.array(z.enum(['x86_64', 'arm64'])).optional(),
  Tags: tagsSchema.optional(),
});

const updateConfigurationSchema = z.object({
  Role: z.string().optional(),
  Runtime: z.string().optional(),
  Handler: z.string().optional(),
  Description: z.string().optional(),
  Timeout: z.number().int().optional(),
  MemorySize: z.number().int().optional(),
  Environment: environmentSchema.optional(),
});

/** AWS's pattern for an execution role ARN. */
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/** What the emulator keeps of a function: its configuration, never its code. */
export interface FunctionRecord {
  name: string;
  arn: string;
  runtime?: string;
  role: string;
  handler?: string;
  description: string;
  timeout: number;
  memorySize: number;
  environment?: Record<string, string>;
  packageType: 'Zip' | 'Image';
  architectures: string[];
  codeSize: number;
  codeSha256: string;
  lastModifiedMs: number;
  revisionId: string;
}

/** The `FunctionConfiguration` shape Lambda returns. */
export function toFunctionConfiguration(fn: FunctionRecord): Record<string, unknown> {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: lambdaDateString(fn.lastModifiedMs),
    CodeSha256: fn.codeSha256,
    Version: '$LATEST',
    Environment: fn.environment ? { Variables: fn.environment } : undefined,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: fn.packageType,
    Architectures: fn.architectures,
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}

function checkRange(field: string, value: number | undefined, range: { min: number; max: number }): void {
  if (value !== undefined && (value < range.min || value > range.max)) {
    throw invalid(`${field} must be between ${range.min} and ${range.max}, but was ${value}.`);
  }
}

function checkCommon(input: { Role?: string; Description?: string; Timeout?: number; MemorySize?: number; Environment?: z.infer<typeof environmentSchema> }): void {
  if (input.Role !== undefined && !ROLE_ARN.test(input.Role)) {
    throw invalid(`1 validation error detected: Value '${input.Role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`);
  }
  if (input.Description !== undefined && input.Description.length > MAX_DESCRIPTION) {
    throw invalid(`Description must be at most ${MAX_DESCRIPTION} characters.`);
  }
  checkRange('Timeout', input.Timeout, TIMEOUT_RANGE);
  checkRange('MemorySize', input.MemorySize, MEMORY_RANGE);
  const variables = input.Environment?.Variables;
  if (variables) {
    const measured = JSON.stringify(variables);
    if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
      throw invalid(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
    }
  }
}

/** The functions of one emulator, keyed by unqualified ARN. */
export class FunctionStore {
  private readonly functions = new Map<string, FunctionRecord>();

  constructor(private readonly now: () => number) {}

  /** Resolves a `FunctionName` (name or ARN) to its record, or throws AWS's `ResourceNotFoundException`. */
  resolve(functionName: string, ctx: RequestContext): FunctionRecord {
    const arn = functionArn(parseFunctionRef(functionName), ctx.region, ctx.accountId);
    const fn = this.functions.get(arn);
    if (!fn) throw new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, { status: 404 });
    return fn;
  }

  /** The record with this unqualified ARN, if any. */
  byArn(arn: string): FunctionRecord | undefined {
    return this.functions.get(arn);
  }

  /** CreateFunction: validates the configuration, keeps it and returns the record and any `Tags`. */
  create(body: unknown, ctx: RequestContext): { fn: FunctionRecord; tags?: Tags } {
    const input = parseInput(createFunctionSchema, body);
    const ref = parseFunctionRef(input.FunctionName);
    if (ref.qualifier) throw invalid('Unsupported function name: a qualifier cannot be given to CreateFunction.');
    checkCommon(input);
    const packageType = input.PackageType ?? 'Zip';
    if (packageType === 'Zip' && (!input.Runtime || !input.Handler)) {
      throw invalid('Runtime and Handler are mandatory parameters for functions created with Zip packages.');
    }
    const arn = functionArn(ref, ctx.region, ctx.accountId);
    if (this.functions.has(arn)) {
      throw new AwsError('ResourceConflictException', `Function already exist: ${ref.name}`, { status: 409 });
    }
    // Size and hash describe the uploaded zip as AWS reports them; the bytes themselves are dropped.
    const zip = Buffer.from(input.Code?.ZipFile ?? '', 'base64');
    const fn: FunctionRecord = {
      name: ref.name,
      arn,
      runtime: input.Runtime,
      role: input.Role,
      handler: input.Handler,
      description: input.Description ?? '',
      timeout: input.Timeout ?? 3,
      memorySize: input.MemorySize ?? 128,
      environment: input.Environment?.Variables,
      packageType,
      architectures: input.Architectures ?? ['x86_64'],
      codeSize: zip.length,
      codeSha256: createHash('sha256').update(zip).digest('base64'),
      lastModifiedMs: this.now(),
      revisionId: randomUUID(),
    };
    this.functions.set(arn, fn);
    return { fn, tags: input.Tags };
  }

  /** UpdateFunctionConfiguration: only the members given change; LastModified and RevisionId move. */
  updateConfiguration(fn: FunctionRecord, body: unknown): FunctionRecord {
    const input = parseInput(updateConfigurationSchema, body ?? {});
    checkCommon(input);
    if (input.Role !== undefined) fn.role = input.Role;
    if (input.Runtime !== undefined) fn.runtime = input.Runtime;
    if (input.Handler !== undefined) fn.handler = input.Handler;
    if (input.Description !== undefined) fn.description = input.Description;
    if (input.Timeout !== undefined) fn.timeout = input.Timeout;
    if (input.MemorySize !== undefined) fn.memorySize = input.MemorySize;
    // AWS replaces the whole variable map; an empty `Environment` clears it.
    if (input.Environment !== undefined) fn.environment = input.Environment.Variables && Object.keys(input.Environment.Variables).length > 0 ? input.Environment.Variables : undefined;
    fn.lastModifiedMs = this.now();
    fn.revisionId = randomUUID();
    return fn;
  }

  /** DeleteFunction. */
  delete(fn: FunctionRecord): void {
    this.functions.delete(fn.arn);
  }

  /**
   * One page of the caller's functions in name order. The marker is the last name returned,
   * opaque to clients, so a page stays correct when functions are created or deleted between calls.
   */
  list(ctx: RequestContext, marker: string | null, maxItemsRaw: string | null): { Functions: unknown[]; NextMarker?: string } {
    const maxItems = maxItemsRaw === null ? LIST_FUNCTIONS_DEFAULT : Number(maxItemsRaw);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > LIST_FUNCTIONS_MAX) {
      throw invalid(`1 validation error detected: Value '${maxItemsRaw}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${LIST_FUNCTIONS_MAX}`);
    }
    const after = marker ? decodeMarker(marker) : '';
    const prefix = functionArnPrefix(ctx.region, ctx.accountId);
    const names: FunctionRecord[] = [];
    for (const fn of this.functions.values()) if (fn.arn.startsWith(prefix) && fn.name > after) names.push(fn);
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = names.slice(0, maxItems);
    return {
      Functions: page.map(toFunctionConfiguration),
      NextMarker: names.length > maxItems ? encodeMarker(page[page.length - 1].name) : undefined,
    };
  }
}

function encodeMarker(name: string): string {
  return Buffer.from(`fn:${name}`).toString('base64url');
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith('fn:')) throw invalid('Invalid Marker: not a marker returned by ListFunctions.');
  return text.slice(3);
}
