import { AwsError } from '../core/errors';
import type { MinuteMetrics } from '../core/minute-metrics';
import type { EmulatorDeps } from '../core/types';
import type { ItemChange, StreamCapture } from '../streams/capture';
import type { Table } from './table';
import type { AttributeMap } from './values';
import { attributeMapsEqual } from './values';
import { optionalString, type Input } from './input';
import { settleIndexes } from './index-schema';

/** Everything the DynamoDB operations share within one emulator. */
export interface DynamoState {
  deps: EmulatorDeps;
  streams: StreamCapture;
  tables: Map<string, Table>;
  /** Where the tables' `AWS/DynamoDB` `ConsumedWriteCapacityUnits` go, per minute (absent in unit tests). */
  metrics?: MinuteMetrics;
  /** TransactWriteItems `ClientRequestToken`s seen in the last 10 minutes, oldest first (see transactions.ts). */
  tokens: Map<string, { request: string; expiresAt: number; outcome: { output: Record<string, unknown> } | { error: AwsError } }>;
}

/** The identity TTL deletes carry on their stream records (reference §4.6). */
export const TTL_IDENTITY = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' } as const;

/** AWS's answer for a table that does not exist (data operations give no name). */
export function resourceNotFound(message = 'Requested resource not found'): AwsError {
  return new AwsError('ResourceNotFoundException', message);
}

/** The table named by `TableName`, or AWS's ResourceNotFoundException. */
export function requireTable(state: DynamoState, input: Input, member = 'TableName'): Table {
  const name = optionalString(input, member);
  if (name === undefined) {
    throw new AwsError('ValidationException', `1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null`);
  }
  return tableByName(state, name);
}

/** The ACTIVE (or UPDATING) table of that name, or ResourceNotFoundException. */
export function tableByName(state: DynamoState, name: string): Table {
  const table = state.tables.get(name);
  if (!table || table.status === 'DELETING') throw resourceNotFound();
  if (table.status === 'UPDATING') settleIndexes(table, state.deps.clock.now());
  return table;
}

/**
 * Reports a write to the table's stream, if it has one enabled, unless the write changed
 * nothing: an identical item (numbers by value, sets unordered) produces no record on AWS.
 * Both images are passed; the Streams side trims them by view type.
 */
export function recordChange(
  state: DynamoState,
  table: Table,
  oldImage: AttributeMap | undefined,
  newImage: AttributeMap | undefined,
  userIdentity?: ItemChange['userIdentity'],
  sizes?: { old?: number; new?: number },
): void {
  if (!table.stream) return;
  if (!oldImage && !newImage) return;
  if (oldImage && newImage && attributeMapsEqual(oldImage, newImage)) return;
  const eventName = !oldImage ? 'INSERT' : !newImage ? 'REMOVE' : 'MODIFY';
  // Stored items are never mutated (writes build new objects), so the stream may share them.
  const change: ItemChange = { eventName, keys: table.keyOf((newImage ?? oldImage)!), oldImage, newImage, immutable: true };
  if (sizes?.old !== undefined && oldImage) change.oldImageSize = sizes.old;
  if (sizes?.new !== undefined && newImage) change.newImageSize = sizes.new;
  if (userIdentity) change.userIdentity = userIdentity;
  state.streams.capture(table.stream.arn, change);
}

/**
 * Counts one request's write units on a table into `ConsumedWriteCapacityUnits` (dimension
 * `TableName`; the table's own units only — AWS gives each GSI its own series with
 * `GlobalSecondaryIndexName`, which the emulator does not publish). Reference part 2 §6.1.
 */
export function chargeWriteUnits(state: DynamoState, tableName: string, units: number): void {
  state.metrics?.add('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', [{ Name: 'TableName', Value: tableName }], 'Count', units, state.deps.clock.now());
}
