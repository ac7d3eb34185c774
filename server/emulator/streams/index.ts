import { AwsError } from '../core/errors';
import { unknownOperation } from '../core/not-implemented';
import { MinuteMetrics } from '../core/minute-metrics';
import type { EmulatorDeps, JsonService, MetricSink, RequestContext } from '../core/types';
import type { StreamCapture } from './capture';
import { MAX_ITERATOR_LENGTH } from './iterator';
import { MAX_RECORDS_PER_CALL, StreamStore, type ShardIteratorType } from './store';
import { InputChecker } from './validate';

const ITERATOR_TYPES = ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] as const;
/** Model constraints (dynamodb-streams.json): ARN 37–1024, shard ID 28–65, table name 3–255. */
const STREAM_ARN = { min: 37, max: 1024 };
const SHARD_ID = { min: 28, max: 65 };
const TABLE_NAME = { min: 3, max: 255, pattern: /^[a-zA-Z0-9_.-]+$/ };
/** Sequence numbers are numeric strings of 21–40 characters (reference §0.11). */
const SEQUENCE_NUMBER = { min: 21, max: 40 };
/** Without a sweep, an idle emulator would hold aged-out records until the next call touches them. */
const SWEEP_INTERVAL_MS = 60_000;
/** How often finished minutes of `ReturnedRecordsCount` are handed to CloudWatch. */
const METRICS_INTERVAL_MS = 5_000;

export type StreamsService = JsonService & StreamCapture & {
  close(): void;
  /** Records held in memory (untrimmed), for tests and benchmarks. */
  retainedRecords(): number;
};

/**
 * The DynamoDB Streams API (`DynamoDBStreams_20120810`): ListStreams, DescribeStream,
 * GetShardIterator and GetRecords over the stream store, which the DynamoDB side fills through
 * the `StreamCapture` half of the returned object.
 */
export function createStreams(deps: EmulatorDeps, sink?: MetricSink): StreamsService {
  const metrics = sink && new MinuteMetrics(sink);
  const store = new StreamStore(deps, metrics);
  const unsubscribe = deps.clock.onAdvance((now) => {
    store.maintainAll(now);
    metrics?.flush(now);
  });
  const sweep = setInterval(() => store.maintainAll(deps.clock.now()), SWEEP_INTERVAL_MS);
  sweep.unref();
  const publish = setInterval(() => metrics?.flush(deps.clock.now()), METRICS_INTERVAL_MS);
  publish.unref();

  const handlers: Record<string, (input: Record<string, unknown>, ctx: RequestContext) => unknown> = {
    ListStreams(input) {
      const check = new InputChecker(input);
      const tableName = check.string('TableName', TABLE_NAME);
      const limit = check.integer('Limit', 1, 100);
      const exclusiveStartStreamArn = check.string('ExclusiveStartStreamArn', STREAM_ARN);
      check.done();
      return store.listStreams({ tableName, limit: limit ?? 100, exclusiveStartStreamArn });
    },

    DescribeStream(input) {
      const check = new InputChecker(input);
      const streamArn = check.string('StreamArn', { required: true, ...STREAM_ARN });
      const limit = check.integer('Limit', 1, 100);
      const exclusiveStartShardId = check.string('ExclusiveStartShardId', SHARD_ID);
      const filter = check.object('ShardFilter');
      let childrenOf: string | undefined;
      if (filter) {
        filter.string('Type', { oneOf: ['CHILD_SHARDS'] });
        childrenOf = filter.string('ShardId', SHARD_ID);
        check.absorb(filter);
      }
      check.done();
      if (filter && childrenOf === undefined) {
        throw new AwsError('ValidationException', 'ShardFilter of type CHILD_SHARDS requires a ShardId');
      }
      return store.describeStream({ streamArn: streamArn as string, limit: limit ?? 100, exclusiveStartShardId, childrenOf });
    },

    GetShardIterator(input) {
      const check = new InputChecker(input);
      const streamArn = check.string('StreamArn', { required: true, ...STREAM_ARN });
      const shardId = check.string('ShardId', { required: true, ...SHARD_ID });
      const type = check.string('ShardIteratorType', { required: true, oneOf: ITERATOR_TYPES }) as ShardIteratorType | undefined;
      const sequenceNumber = check.string('SequenceNumber', SEQUENCE_NUMBER);
      check.done();
      const needsSequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
      if (needsSequence && sequenceNumber === undefined) {
        throw new AwsError('ValidationException', 'Must specify a SequenceNumber for the AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER ShardIteratorType');
      }
      if (needsSequence && !/^\d+$/.test(sequenceNumber as string)) {
        throw new AwsError('ValidationException', `Invalid SequenceNumber: ${sequenceNumber} is not a number`);
      }
      return store.getShardIterator({
        streamArn: streamArn as string,
        shardId: shardId as string,
        type: type as ShardIteratorType,
        sequenceNumber: needsSequence ? BigInt(sequenceNumber as string) : undefined,
      });
    },

    GetRecords(input, ctx) {
      const check = new InputChecker(input);
      const shardIterator = check.string('ShardIterator', { required: true, min: 1, max: MAX_ITERATOR_LENGTH });
      const limit = check.integer('Limit', 1, MAX_RECORDS_PER_CALL);
      check.done();
      // Records carry the region the GetRecords request was received in (reference §4.5).
      return store.getRecords({ shardIterator: shardIterator as string, limit: limit ?? MAX_RECORDS_PER_CALL, region: ctx.region, appId: ctx.appId });
    },
  };

  return {
    targetPrefix: 'DynamoDBStreams_20120810',
    errorNamespace: 'com.amazonaws.dynamodb.v20120810',
    crc32: true,
    handle(operation, input, ctx) {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler) throw unknownOperation(`DynamoDBStreams_20120810.${operation}`);
      return handler(input, ctx);
    },
    createStream: (table, viewType) => store.createStream(table, viewType),
    disableStream: (streamArn) => store.disableStream(streamArn),
    capture: (streamArn, change) => store.capture(streamArn, change),
    streamStatus: (streamArn) => store.streamStatus(streamArn),
    retainedRecords: () => store.retainedRecords(),
    close() {
      unsubscribe();
      clearInterval(sweep);
      clearInterval(publish);
    },
  };
}
