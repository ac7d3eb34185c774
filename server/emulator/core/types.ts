import type { EmulatorClock } from './clock';
import type { EmulatorStats } from './stats';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  /** From the SigV4 credential scope, else the emulator's default region. */
  region: string;
  /** `000000000000` unless the access key is a 12-digit account id. */
  accountId: string;
  /** The origin the client reached, e.g. `http://127.0.0.1:4566`: QueueUrls are built on it. */
  origin: string;
  requestId: string;
  /** The caller's application id: the `app/<id>` token of the SDK's User-Agent, "unknown" without one. */
  appId?: string;
  /** Aborted when the client goes away before the answer is sent (an abandoned long poll). */
  signal?: AbortSignal;
}

/** A service spoken as AWS JSON 1.0 and routed by `X-Amz-Target: <targetPrefix>.<Operation>`. */
export interface JsonService {
  targetPrefix: string;
  /** Namespace of `__type` in error bodies, e.g. `com.amazonaws.dynamodb.v20120810`. */
  errorNamespace: string;
  /** SQS and CloudWatch: errors also carry `x-amzn-query-error: <legacy code>;Sender`. */
  queryCompatible?: boolean;
  /** DynamoDB and Streams: responses carry `x-amz-crc32`. */
  crc32?: boolean;
  /** Returns the response object, or throws `AwsError`. An unknown operation throws `UnknownOperationException`. */
  handle(operation: string, input: Record<string, unknown>, ctx: RequestContext): unknown | Promise<unknown>;
}

export interface RestResponse {
  status: number;
  body?: unknown;
}

/** A REST-JSON service (Lambda) routed by method and path. */
export interface RestService {
  /** Returns the operation name for `/_eddy/stats` and faults, or undefined when the path is not this service's. */
  match(method: string, pathname: string): string | undefined;
  handle(method: string, url: URL, body: unknown, ctx: RequestContext): RestResponse | Promise<RestResponse>;
}

/** A metric data point, as CloudWatch stores it: services publish their own (AWS/SQS) through this. */
export interface MetricDatum {
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  /** Epoch milliseconds on the emulator clock. */
  timestamp: number;
  value: number;
  unit?: string;
  /** A minute's statistic set (SampleCount, Sum, Minimum, Maximum) instead of the single `value`. */
  statistics?: { count: number; sum: number; min: number; max: number };
}

export interface MetricSink {
  putMetric(datum: MetricDatum): void;
}

/** Options every service factory may read. */
export interface EmulatorConfig {
  region: string;
  accountId: string;
  /** Shards a new stream starts with (1, as a new table on AWS). */
  shardsPerStream: number;
  /** Open shards are closed and replaced by children after this many minutes of emulator time. */
  shardRolloverMinutes: number;
  /** Throttle GetRecords beyond each shard's read budget (see streams/read-budget.ts); false: never. */
  readerLimit: boolean;
  /** GetRecords calls per second per shard (also the burst) before LimitExceededException. */
  shardReadRate: number;
  verbose: boolean;
}

/** Shared by every service of one emulator instance. */
export interface EmulatorDeps {
  config: EmulatorConfig;
  clock: EmulatorClock;
  stats: EmulatorStats;
}
