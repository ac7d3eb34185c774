import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AwsError } from '../core/errors';
import type { RequestContext } from '../core/types';
import type { FunctionStore } from './functions';
import { classifyEventSource, functionArn, parseFunctionRef, type EventSource } from './names';
import { invalid, parseInput, type Tags, tagsSchema } from './validation';

/** The states Lambda reports for a mapping (`EventSourceMappingConfiguration.State`). */
export const MAPPING_STATES = ['Creating', 'Enabling', 'Enabled', 'Disabling', 'Disabled', 'Updating', 'Deleting'] as const;
export type MappingState = (typeof MAPPING_STATES)[number];
/** While a mapping is in one of these, AWS refuses updates and deletes with `ResourceInUseException`. */
const TRANSITIONAL: ReadonlySet<string> = new Set(['Creating', 'Enabling', 'Disabling', 'Updating', 'Deleting']);

/** "ListEventSourceMappings returns a maximum of 100 items in each response, even if you set the number higher." */
const LIST_PAGE_MAX = 100;
const LIST_MAX_ITEMS = 10_000;
/** The default quota on filters per mapping (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html). */
const MAX_FILTERS = 5;
const MAX_FILTER_PATTERN = 4096;

const filterCriteriaSchema = z.object({ Filters: z.array(z.object({ Pattern: z.string().optional() })).optional() });
const destinationSchema = z.object({ Destination: z.string().optional() });
const destinationConfigSchema = z.object({ OnSuccess: destinationSchema.optional(), OnFailure: destinationSchema.optional() });

/** The fields Create and Update share, as the SDK serialises them. */
const commonFields = {
  FunctionName: z.string().optional(),
  Enabled: z.boolean().optional(),
  BatchSize: z.number().int().optional(),
  FilterCriteria: filterCriteriaSchema.optional(),
  MaximumBatchingWindowInSeconds: z.number().int().optional(),
  ParallelizationFactor: z.number().int().optional(),
  DestinationConfig: destinationConfigSchema.optional(),
  MaximumRecordAgeInSeconds: z.number().int().optional(),
  BisectBatchOnFunctionError: z.boolean().optional(),
  MaximumRetryAttempts: z.number().int().optional(),
  TumblingWindowInSeconds: z.number().int().optional(),
  FunctionResponseTypes: z.array(z.string()).optional(),
  ScalingConfig: z.object({ MaximumConcurrency: z.number().int().optional() }).optional(),
};

const createMappingSchema = z.object({
  ...commonFields,
  FunctionName: z.string(),
  EventSourceArn: z.string(),
  StartingPosition: z.string().optional(),
  StartingPositionTimestamp: z.number().optional(),
  Tags: tagsSchema.optional(),
});

const updateMappingSchema = z.object({
  ...commonFields,
  // Emulator-only: real Lambda has no such inputs and the SDK drops them, but a raw HTTP client
  // (Eddy's demo system, which polls the source itself) reports progress through them.
  State: z.string().optional(),
  LastProcessingResult: z.string().optional(),
  StateTransitionReason: z.string().optional(),
});

type CreateMappingInput = z.infer<typeof createMappingSchema>;
type UpdateMappingInput = z.infer<typeof updateMappingSchema>;

/** A mapping as the emulator keeps it. Stream-only fields are undefined on SQS mappings. */
export interface MappingRecord {
  uuid: string;
  arn: string;
  /** Creation order, for stable list paging. */
  seq: number;
  source: EventSource;
  eventSourceArn: string;
  /** The ARN clients see: qualified when the mapping was made on an alias or version. */
  functionArn: string;
  /** The unqualified function ARN, the key of the per-function index. */
  functionKey: string;
  enabled: boolean;
  state: MappingState;
  stateTransitionReason: string;
  lastProcessingResult: string;
  lastModifiedMs: number;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  filterCriteria?: z.infer<typeof filterCriteriaSchema>;
  scalingConfig?: { MaximumConcurrency?: number };
  startingPosition?: string;
  startingPositionTimestamp?: number;
  parallelizationFactor?: number;
  maximumRecordAgeInSeconds?: number;
  bisectBatchOnFunctionError?: boolean;
  maximumRetryAttempts?: number;
  tumblingWindowInSeconds?: number;
  destinationConfig?: z.infer<typeof destinationConfigSchema>;
}

/** Parameters that only stream sources (DynamoDB, Kinesis) accept. */
const STREAM_ONLY = [
  'ParallelizationFactor',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'MaximumRetryAttempts',
  'TumblingWindowInSeconds',
  'DestinationConfig',
  'StartingPosition',
  'StartingPositionTimestamp',
] as const;

const SOURCE_LABEL: Record<EventSource['kind'], string> = {
  dynamodb: 'Amazon DynamoDB stream',
  kinesis: 'Amazon Kinesis stream',
  sqs: 'Amazon SQS queue',
};

function between(field: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max)) {
    throw invalid(`${field} must be between ${min} and ${max} for this event source, but was ${value}.`);
  }
}

/**
 * Checks a mapping's settings after defaults and updates are merged, with the limits of
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html.
 */
export function checkMapping(rec: MappingRecord): void {
  const { kind, name } = rec.source;
  const fifo = kind === 'sqs' && name.endsWith('.fifo');
  between('MaximumBatchingWindowInSeconds', rec.maximumBatchingWindowInSeconds, 0, 300);
  if (fifo) {
    between('BatchSize', rec.batchSize, 1, 10);
    if (rec.maximumBatchingWindowInSeconds > 0) throw invalid('Batching window is not supported for FIFO queues.');
  } else {
    between('BatchSize', rec.batchSize, 1, 10_000);
  }
  // SQS waits for more than 10 messages only when it is allowed to wait.
  if (kind === 'sqs' && rec.batchSize > 10 && rec.maximumBatchingWindowInSeconds < 1) {
    throw invalid('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
  }
  if (rec.scalingConfig?.MaximumConcurrency !== undefined) between('ScalingConfig.MaximumConcurrency', rec.scalingConfig.MaximumConcurrency, 2, 1000);
  for (const type of rec.functionResponseTypes) {
    if (type !== 'ReportBatchItemFailures') {
      throw invalid(`1 validation error detected: Value '[${type}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]`);
    }
  }
  const filters = rec.filterCriteria?.Filters ?? [];
  if (filters.length > MAX_FILTERS) throw invalid(`FilterCriteria may hold at most ${MAX_FILTERS} filters, but ${filters.length} were given.`);
  for (const filter of filters) checkFilterPattern(filter.Pattern);
  if (kind === 'sqs') return;

  between('ParallelizationFactor', rec.parallelizationFactor, 1, 10);
  between('MaximumRetryAttempts', rec.maximumRetryAttempts, -1, 10_000);
  between('TumblingWindowInSeconds', rec.tumblingWindowInSeconds, 0, 900);
  const age = rec.maximumRecordAgeInSeconds;
  if (age !== undefined && age !== -1 && (age < 60 || age > 604_800)) {
    throw invalid(`MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800, but was ${age}.`);
  }
  const onFailure = rec.destinationConfig?.OnFailure?.Destination;
  if (onFailure !== undefined && !/^arn:aws[a-zA-Z-]*:(sqs|sns):[a-z0-9-]+:\d{12}:[a-zA-Z0-9_.-]+$/.test(onFailure)) {
    throw invalid(`Unsupported OnFailure destination: ${onFailure}. A stream event source sends failed batches to an Amazon SQS queue or an Amazon SNS topic.`);
  }
  if (rec.destinationConfig?.OnSuccess?.Destination !== undefined) {
    throw invalid('Unsupported OnSuccess destination: only Kafka event sources send successful batches to a destination.');
  }
}

function checkFilterPattern(pattern: string | undefined): void {
  if (pattern === undefined) return;
  let parsed: unknown;
  try {
    parsed = pattern.length <= MAX_FILTER_PATTERN ? JSON.parse(pattern) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(`Invalid filter pattern definition: ${pattern}`);
}

/** Rejects parameters the source kind does not take, as Lambda does, before defaults are applied. */
function checkKindParameters(source: EventSource, input: CreateMappingInput | UpdateMappingInput): void {
  const given = input as Record<string, unknown>;
  if (source.kind === 'sqs') {
    for (const field of STREAM_ONLY) {
      if (given[field] !== undefined) throw invalid(`Unsupported ${field} parameter for given event source mapping type: ${SOURCE_LABEL.sqs}.`);
    }
  } else if (given.ScalingConfig !== undefined) {
    throw invalid(`Unsupported ScalingConfig parameter for given event source mapping type: ${SOURCE_LABEL[source.kind]}.`);
  }
}

/** The `EventSourceMappingConfiguration` Lambda returns, with `State` overridable for transitions. */
export function toMappingConfiguration(rec: MappingRecord, state: string = rec.state): Record<string, unknown> {
  const stream = rec.source.kind !== 'sqs';
  return {
    UUID: rec.uuid,
    StartingPosition: rec.startingPosition,
    StartingPositionTimestamp: rec.startingPositionTimestamp,
    BatchSize: rec.batchSize,
    MaximumBatchingWindowInSeconds: rec.maximumBatchingWindowInSeconds,
    ParallelizationFactor: rec.parallelizationFactor,
    EventSourceArn: rec.eventSourceArn,
    FilterCriteria: rec.filterCriteria,
    FunctionArn: rec.functionArn,
    // restJson1 timestamps in a body are epoch seconds; an ISO string here breaks the SDK.
    LastModified: rec.lastModifiedMs / 1000,
    LastProcessingResult: rec.lastProcessingResult,
    State: state,
    StateTransitionReason: rec.stateTransitionReason,
    // Real stream mappings report an empty OnFailure rather than omitting the field.
    DestinationConfig: stream ? { OnFailure: rec.destinationConfig?.OnFailure ?? {}, ...(rec.destinationConfig?.OnSuccess ? { OnSuccess: rec.destinationConfig.OnSuccess } : {}) } : undefined,
    MaximumRecordAgeInSeconds: rec.maximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: rec.bisectBatchOnFunctionError,
    MaximumRetryAttempts: rec.maximumRetryAttempts,
    TumblingWindowInSeconds: rec.tumblingWindowInSeconds,
    FunctionResponseTypes: rec.functionResponseTypes,
    ScalingConfig: rec.scalingConfig,
    EventSourceMappingArn: rec.arn,
  };
}

function checkState(state: string): MappingState {
  if (!(MAPPING_STATES as readonly string[]).includes(state)) throw invalid(`Unknown state ${state}: use one of ${MAPPING_STATES.join(', ')}.`);
  return state as MappingState;
}

function notFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', { status: 404 });
}

function addToIndex(index: Map<string, Set<string>>, key: string, uuid: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(uuid);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, uuid: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(uuid);
  if (set.size === 0) index.delete(key);
}

/** Event source mappings, indexed by source ARN and by function so lists never scan every mapping. */
export class MappingStore {
  private readonly mappings = new Map<string, MappingRecord>();
  private readonly bySource = new Map<string, Set<string>>();
  private readonly byFunction = new Map<string, Set<string>>();
  /** `<functionKey> <sourceArn>` → UUID: Lambda allows one mapping per function and source. */
  private readonly byPair = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly functions: FunctionStore,
    private readonly now: () => number,
  ) {}

  /** Resolves a `FunctionName` to the ARN shown on the mapping and the function's key; the function must exist. */
  private resolveFunction(functionName: string, ctx: RequestContext): { functionArn: string; functionKey: string } {
    const ref = parseFunctionRef(functionName);
    const fn = this.functions.resolve(functionName, ctx);
    return { functionArn: ref.qualifier ? `${fn.arn}:${ref.qualifier}` : fn.arn, functionKey: fn.arn };
  }

  /**
   * The mapping with this UUID, or `ResourceNotFoundException`. UUIDs are unique across regions, and
   * the lookup ignores the caller's region on purpose: the demo's unsigned progress PUT carries no
   * SigV4 scope, so its region would be the emulator default rather than its SDK clients'.
   */
  get(uuid: string): MappingRecord {
    const rec = this.mappings.get(uuid);
    if (!rec) throw notFound();
    return rec;
  }

  /** CreateEventSourceMapping: validates, applies the source kind's defaults and indexes the mapping. */
  create(body: unknown, ctx: RequestContext): { rec: MappingRecord; tags?: Tags } {
    const input = parseInput(createMappingSchema, body);
    const source = classifyEventSource(input.EventSourceArn);
    if (!source) {
      throw invalid(`Unrecognized event source: ${input.EventSourceArn}. The emulator maps Amazon DynamoDB streams, Amazon Kinesis streams and Amazon SQS queues.`);
    }
    checkKindParameters(source, input);
    const { functionArn, functionKey } = this.resolveFunction(input.FunctionName, ctx);
    const existing = this.byPair.get(`${functionKey} ${input.EventSourceArn}`);
    if (existing) {
      throw new AwsError(
        'ResourceConflictException',
        `The event source arn (" ${input.EventSourceArn} ") and function (" ${parseFunctionRef(input.FunctionName).name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing}`,
        { status: 409 },
      );
    }
    const stream = source.kind !== 'sqs';
    if (stream) {
      if (input.StartingPosition === undefined) throw invalid(`StartingPosition is required for ${SOURCE_LABEL[source.kind]} event sources.`);
      const allowed = source.kind === 'kinesis' ? ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] : ['TRIM_HORIZON', 'LATEST'];
      if (!allowed.includes(input.StartingPosition)) {
        throw invalid(`Unsupported starting position ${input.StartingPosition} for ${SOURCE_LABEL[source.kind]} event sources: use one of ${allowed.join(', ')}.`);
      }
      if (input.StartingPosition === 'AT_TIMESTAMP' && input.StartingPositionTimestamp === undefined) {
        throw invalid('StartingPositionTimestamp is required when StartingPosition is AT_TIMESTAMP.');
      }
    }
    const uuid = randomUUID();
    const enabled = input.Enabled ?? true;
    // AWS's defaults per source kind (reference §6; services-ddb-params, services-sqs-parameters).
    const rec: MappingRecord = {
      uuid,
      arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${uuid}`,
      seq: ++this.seq,
      source,
      eventSourceArn: input.EventSourceArn,
      functionArn,
      functionKey,
      enabled,
      state: enabled ? 'Enabled' : 'Disabled',
      stateTransitionReason: stream ? 'User action' : 'USER_INITIATED',
      lastProcessingResult: 'No records processed',
      lastModifiedMs: this.now(),
      batchSize: input.BatchSize ?? (stream ? 100 : 10),
      maximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? 0,
      functionResponseTypes: input.FunctionResponseTypes ?? [],
      filterCriteria: input.FilterCriteria,
      scalingConfig: input.ScalingConfig,
    };
    if (stream) {
      Object.assign(rec, {
        startingPosition: input.StartingPosition,
        startingPositionTimestamp: input.StartingPositionTimestamp,
        parallelizationFactor: input.ParallelizationFactor ?? 1,
        maximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? -1,
        bisectBatchOnFunctionError: input.BisectBatchOnFunctionError ?? false,
        maximumRetryAttempts: input.MaximumRetryAttempts ?? -1,
        tumblingWindowInSeconds: input.TumblingWindowInSeconds ?? 0,
        destinationConfig: input.DestinationConfig,
      });
    }
    checkMapping(rec);
    this.mappings.set(uuid, rec);
    addToIndex(this.bySource, rec.eventSourceArn, uuid);
    addToIndex(this.byFunction, functionKey, uuid);
    this.byPair.set(`${functionKey} ${rec.eventSourceArn}`, uuid);
    return { rec, tags: input.Tags };
  }

  /**
   * Applies an UpdateEventSourceMapping body. Returns the state to show in the response: the
   * transition (`Enabling`, `Disabling`, `Updating`) that later reads report as settled.
   */
  update(uuid: string, body: unknown, ctx: RequestContext): { rec: MappingRecord; responseState: string } {
    const rec = this.get(uuid);
    const input = parseInput(updateMappingSchema, body);
    const { State: reportedState, LastProcessingResult: reportedResult, StateTransitionReason: reportedReason, ...config } = input;
    const changesConfig = Object.values(config).some((value) => value !== undefined);
    if (changesConfig && TRANSITIONAL.has(rec.state)) {
      throw new AwsError('ResourceInUseException', `Cannot update the event source mapping ${uuid} because it is in use: its state is ${rec.state}.`);
    }
    checkKindParameters(rec.source, config);

    const next: MappingRecord = { ...rec };
    if (config.FunctionName !== undefined) Object.assign(next, this.resolveFunction(config.FunctionName, ctx));
    if (config.BatchSize !== undefined) next.batchSize = config.BatchSize;
    if (config.MaximumBatchingWindowInSeconds !== undefined) next.maximumBatchingWindowInSeconds = config.MaximumBatchingWindowInSeconds;
    if (config.FunctionResponseTypes !== undefined) next.functionResponseTypes = config.FunctionResponseTypes;
    if (config.FilterCriteria !== undefined) next.filterCriteria = config.FilterCriteria.Filters?.length ? config.FilterCriteria : undefined;
    if (config.ScalingConfig !== undefined) next.scalingConfig = config.ScalingConfig;
    if (config.ParallelizationFactor !== undefined) next.parallelizationFactor = config.ParallelizationFactor;
    if (config.MaximumRecordAgeInSeconds !== undefined) next.maximumRecordAgeInSeconds = config.MaximumRecordAgeInSeconds;
    if (config.BisectBatchOnFunctionError !== undefined) next.bisectBatchOnFunctionError = config.BisectBatchOnFunctionError;
    if (config.MaximumRetryAttempts !== undefined) next.maximumRetryAttempts = config.MaximumRetryAttempts;
    if (config.TumblingWindowInSeconds !== undefined) next.tumblingWindowInSeconds = config.TumblingWindowInSeconds;
    if (config.DestinationConfig !== undefined) next.destinationConfig = config.DestinationConfig;
    if (next.functionKey !== rec.functionKey && this.byPair.has(`${next.functionKey} ${rec.eventSourceArn}`)) {
      throw new AwsError('ResourceConflictException', `A mapping of ${rec.eventSourceArn} to ${next.functionArn} already exists.`, { status: 409 });
    }
    checkMapping(next);

    let responseState: string = next.state;
    if (config.Enabled !== undefined && config.Enabled !== rec.enabled) {
      next.enabled = config.Enabled;
      next.state = config.Enabled ? 'Enabled' : 'Disabled';
      responseState = config.Enabled ? 'Enabling' : 'Disabling';
      next.stateTransitionReason = rec.source.kind === 'sqs' ? 'USER_INITIATED' : 'User action';
    } else if (changesConfig) {
      responseState = 'Updating';
    }
    if (reportedState !== undefined) {
      next.state = checkState(reportedState);
      responseState = reportedState;
    }
    if (changesConfig || (reportedState !== undefined && reportedState !== rec.state)) next.lastModifiedMs = this.now();
    if (reportedResult !== undefined) next.lastProcessingResult = reportedResult;
    if (reportedReason !== undefined) next.stateTransitionReason = reportedReason;

    if (next.functionKey !== rec.functionKey) {
      removeFromIndex(this.byFunction, rec.functionKey, uuid);
      addToIndex(this.byFunction, next.functionKey, uuid);
      this.byPair.delete(`${rec.functionKey} ${rec.eventSourceArn}`);
      this.byPair.set(`${next.functionKey} ${rec.eventSourceArn}`, uuid);
    }
    Object.assign(rec, next);
    return { rec, responseState };
  }

  /** Emulator-only progress report; see `LambdaService.reportMappingState`. */
  report(uuid: string, update: { state?: string; lastProcessingResult?: string; stateTransitionReason?: string }): MappingRecord {
    const rec = this.get(uuid);
    if (update.state !== undefined) {
      const state = checkState(update.state);
      if (state !== rec.state) rec.lastModifiedMs = this.now();
      rec.state = state;
    }
    if (update.lastProcessingResult !== undefined) rec.lastProcessingResult = update.lastProcessingResult;
    if (update.stateTransitionReason !== undefined) rec.stateTransitionReason = update.stateTransitionReason;
    return rec;
  }

  /** DeleteEventSourceMapping; refused while a transition is reported, as AWS refuses it mid-transition. */
  delete(uuid: string): MappingRecord {
    const rec = this.get(uuid);
    if (TRANSITIONAL.has(rec.state)) {
      throw new AwsError('ResourceInUseException', `Cannot delete the event source mapping ${uuid} because it is in use: its state is ${rec.state}.`);
    }
    this.mappings.delete(uuid);
    removeFromIndex(this.bySource, rec.eventSourceArn, uuid);
    removeFromIndex(this.byFunction, rec.functionKey, uuid);
    this.byPair.delete(`${rec.functionKey} ${rec.eventSourceArn}`);
    return rec;
  }

  /** One page of ListEventSourceMappings, filtered through the indexes and ordered by creation. */
  list(ctx: RequestContext, query: URLSearchParams): { EventSourceMappings: unknown[]; NextMarker?: string } {
    const sourceArn = query.get('EventSourceArn');
    const functionName = query.get('FunctionName');
    const maxItemsRaw = query.get('MaxItems');
    const maxItems = maxItemsRaw === null ? LIST_PAGE_MAX : Number(maxItemsRaw);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > LIST_MAX_ITEMS) {
      throw invalid(`1 validation error detected: Value '${maxItemsRaw}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${LIST_MAX_ITEMS}`);
    }
    const pageSize = Math.min(maxItems, LIST_PAGE_MAX);
    const marker = query.get('Marker');
    const after = marker === null ? 0 : decodeMarker(marker);

    let qualifiedArn: string | undefined;
    let functionKey: string | undefined;
    if (functionName !== null) {
      const ref = parseFunctionRef(functionName);
      functionKey = functionArn({ ...ref, qualifier: undefined }, ctx.region, ctx.accountId);
      if (ref.qualifier) qualifiedArn = `${functionKey}:${ref.qualifier}`;
    }
    let candidates: Iterable<string>;
    if (sourceArn !== null && functionKey !== undefined) {
      const a = this.bySource.get(sourceArn) ?? new Set<string>();
      const b = this.byFunction.get(functionKey) ?? new Set<string>();
      candidates = [...(a.size <= b.size ? a : b)].filter((uuid) => (a.size <= b.size ? b : a).has(uuid));
    } else if (sourceArn !== null) {
      candidates = this.bySource.get(sourceArn) ?? [];
    } else if (functionKey !== undefined) {
      candidates = this.byFunction.get(functionKey) ?? [];
    } else {
      candidates = this.mappings.keys();
    }
    const prefix = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:`;
    const matches: MappingRecord[] = [];
    for (const uuid of candidates) {
      const rec = this.mappings.get(uuid)!;
      if (rec.seq > after && rec.arn.startsWith(prefix) && (qualifiedArn === undefined || rec.functionArn === qualifiedArn)) matches.push(rec);
    }
    // Index sets keep insertion order, which an update of FunctionName breaks; creation order is the contract.
    matches.sort((x, y) => x.seq - y.seq);
    const page = matches.slice(0, pageSize);
    return {
      EventSourceMappings: page.map((rec) => toMappingConfiguration(rec)),
      NextMarker: matches.length > pageSize ? encodeMarker(page[page.length - 1].seq) : undefined,
    };
  }
}

function encodeMarker(seq: number): string {
  return Buffer.from(`esm:${seq}`).toString('base64url');
}

function decodeMarker(marker: string): number {
  const match = /^esm:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!match) throw invalid('Invalid Marker: not a marker returned by ListEventSourceMappings.');
  return Number(match[1]);
}
