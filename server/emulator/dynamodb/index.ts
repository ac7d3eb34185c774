import { MinuteMetrics } from '../core/minute-metrics';
import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, MetricSink, RequestContext } from '../core/types';
import type { StreamCapture } from '../streams/capture';
import {
  createTable,
  deleteTable,
  describeTableOp,
  describeTimeToLive,
  listTables,
  updateTable,
  updateTimeToLive,
} from './control-plane';
import type { Input } from './input';
import { batchGetItem, batchWriteItem, deleteItem, getItem, putItem, updateItem } from './items';
import { query, scan } from './query';
import type { DynamoState } from './state';
import type { Table } from './table';
import { transactGetItems, transactWriteItems } from './transactions';
import { sweepExpiredItems } from './ttl';

type Operation = (state: DynamoState, input: Input, ctx: RequestContext) => unknown;

const OPERATIONS: Record<string, Operation> = {
  CreateTable: createTable,
  DescribeTable: describeTableOp,
  ListTables: listTables,
  DeleteTable: deleteTable,
  UpdateTable: updateTable,
  UpdateTimeToLive: updateTimeToLive,
  DescribeTimeToLive: describeTimeToLive,
  PutItem: putItem,
  GetItem: getItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  BatchWriteItem: batchWriteItem,
  BatchGetItem: batchGetItem,
  Query: query,
  Scan: scan,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
};

/** How often, in real time, the TTL sweeper looks for expired items. AWS takes minutes to days; tests want seconds. */
const TTL_SWEEP_INTERVAL_MS = 1_000;
/** How often finished minutes of `ConsumedWriteCapacityUnits` are handed to CloudWatch. */
const METRICS_INTERVAL_MS = 5_000;

/**
 * The DynamoDB service (target `DynamoDB_20120810`): tables, items, expressions, Query/Scan,
 * batches, transactions and TTL. Every write that really changes an item is reported to `streams`.
 * `close()` stops the TTL sweeper.
 */
export function createDynamoDb(deps: EmulatorDeps, streams: StreamCapture, sink?: MetricSink): JsonService & { close?(): void; tables: ReadonlyMap<string, Table> } {
  const metrics = sink && new MinuteMetrics(sink);
  const state: DynamoState = { deps, streams, tables: new Map(), tokens: new Map(), metrics };
  const sweep = () => sweepExpiredItems(state);
  const timer = setInterval(sweep, TTL_SWEEP_INTERVAL_MS);
  timer.unref();
  const publish = setInterval(() => metrics?.flush(deps.clock.now()), METRICS_INTERVAL_MS);
  publish.unref();
  const unsubscribe = deps.clock.onAdvance((now) => {
    sweep();
    metrics?.flush(now);
  });

  return {
    targetPrefix: 'DynamoDB_20120810',
    errorNamespace: 'com.amazonaws.dynamodb.v20120810',
    crc32: true,
    tables: state.tables,
    handle(operation, input, ctx) {
      const op = OPERATIONS[operation];
      if (!op) throw unknownOperation(`DynamoDB_20120810.${operation}`);
      return op(state, input, ctx);
    },
    close() {
      clearInterval(timer);
      clearInterval(publish);
      unsubscribe();
    },
  };
}
