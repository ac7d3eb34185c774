import { AwsError, validation } from '../core/errors';
import { applyUpdate, checkUpdatePaths, evaluateCondition, projectItem } from './expressions/evaluate';
import { parseCondition, parseProjection, parseUpdate, type DocumentPath, type ExpressionContext } from './expressions/parser';
import {
  checkItemSize,
  expressionContext,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalObject,
  optionalString,
  rejectLegacy,
  validateItem,
  validateKey,
  type Input,
} from './input';
import { capacityMode, CapacityLedger, readUnits, TableCapacity, writeUnits, type CapacityMode } from './capacity';
import { chargeWriteUnits, recordChange, requireTable, tableByName, type DynamoState } from './state';
import type { Table } from './table';
import { canonicalKeyPart, type AttributeMap } from './values';

const RETURN_VALUES = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] as const;
const LEGACY_WRITE = ['Expected', 'ConditionalOperator'];

/** AWS's limits on batch sizes. */
const MAX_BATCH_WRITE = 25;
const MAX_BATCH_GET = 100;

const ITEM_COLLECTION_METRICS = ['SIZE', 'NONE'] as const;

/** The failed condition's error; with `ReturnValuesOnConditionCheckFailure: ALL_OLD` it carries the item as it is. */
function conditionalCheckFailed(old: AttributeMap | undefined, returnOld: boolean): AwsError {
  return new AwsError('ConditionalCheckFailedException', 'The conditional request failed', returnOld && old ? { fields: { Item: old } } : {});
}

/** `ReturnValuesOnConditionCheckFailure` of a write (or of one transaction action): true for ALL_OLD. */
export function returnOldOnFailure(input: Input): boolean {
  return optionalEnum(input, 'ReturnValuesOnConditionCheckFailure', ['ALL_OLD', 'NONE'] as const) === 'ALL_OLD';
}

/** `ReturnItemCollectionMetrics` of a write: true for SIZE. */
export function wantsCollectionMetrics(input: Input): boolean {
  return optionalEnum(input, 'ReturnItemCollectionMetrics', ITEM_COLLECTION_METRICS) === 'SIZE';
}

/**
 * The item collection (all items and LSI entries of one partition key) an item belongs to, as
 * `ItemCollectionMetrics`; only tables with local secondary indexes have one (reference part 2 §5.4).
 */
export function itemCollectionMetrics(table: Table, key: AttributeMap): Record<string, unknown> | undefined {
  const lsis = table.indexes.filter((i) => i.kind === 'LSI');
  if (lsis.length === 0) return undefined;
  const canonical = canonicalKeyPart(key[table.hashKey]);
  let bytes = 0;
  for (const entry of table.partitions.get(canonical)?.entries ?? []) bytes += entry.size;
  for (const lsi of lsis) for (const entry of lsi.partitions.get(canonical)?.entries ?? []) bytes += entry.size;
  const gb = Math.floor(bytes / 1024 ** 3);
  return { ItemCollectionKey: { [table.hashKey]: key[table.hashKey] }, SizeEstimateRangeGB: [gb, gb + 1] };
}

/** Adds ConsumedCapacity and ItemCollectionMetrics to a single-item write's output, as asked. */
function writeOutput(
  output: Record<string, unknown>,
  table: Table,
  key: AttributeMap,
  usage: TableCapacity,
  mode: CapacityMode,
  metrics: boolean,
): Record<string, unknown> {
  if (mode !== 'NONE') output.ConsumedCapacity = usage.describe(mode);
  const collection = metrics ? itemCollectionMetrics(table, key) : undefined;
  if (collection) output.ItemCollectionMetrics = collection;
  return output;
}

/** Parses the optional ConditionExpression of a write. */
function parseWriteCondition(input: Input, ctx: ExpressionContext) {
  const source = optionalString(input, 'ConditionExpression');
  return source === undefined ? undefined : parseCondition(source, 'ConditionExpression', ctx);
}

/** ExpressionAttributeNames/Values given to a request that has no expression at all. */
function checkNoStrayAttributes(input: Input, hasExpression: boolean, ctx: ExpressionContext): void {
  if (hasExpression) return ctx.checkAllUsed();
  if (input.ExpressionAttributeNames != null) throw validation('ExpressionAttributeNames can only be specified when using expressions');
  if (input.ExpressionAttributeValues != null) throw validation('ExpressionAttributeValues can only be specified when using expressions');
}

/** Items whose projection was asked for by ProjectionExpression (or the legacy AttributesToGet). */
export function parseProjectionInput(input: Input, ctx: ExpressionContext): DocumentPath[] | undefined {
  const source = optionalString(input, 'ProjectionExpression');
  const legacy = optionalArray(input, 'AttributesToGet');
  if (source !== undefined && legacy) {
    throw validation('Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}');
  }
  if (legacy) return legacy.map((name) => [String(name)]);
  return source === undefined ? undefined : parseProjection(source, ctx);
}

/** PutItem: replaces the whole item, under an optional condition. */
export function putItem(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, LEGACY_WRITE);
  const table = requireTable(state, input);
  const item = input.Item as AttributeMap;
  const size = validateItem(table, item);
  const returnValues = optionalEnum(input, 'ReturnValues', RETURN_VALUES) ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validation('Return values set to invalid value');
  const ctx = expressionContext(input);
  const condition = parseWriteCondition(input, ctx);
  checkNoStrayAttributes(input, condition !== undefined, ctx);
  const returnOld = returnOldOnFailure(input);
  const mode = capacityMode(input);
  const metrics = wantsCollectionMetrics(input);
  if (table.indexes.length) table.checkIndexKeys(item);

  const previous = table.get(item);
  const old = previous?.item;
  if (condition && !evaluateCondition(condition, old)) throw conditionalCheckFailed(old, returnOld);
  const usage = new TableCapacity(table.name);
  usage.table = writeUnits(Math.max(size, previous?.size ?? 0));
  table.put(item, size, usage);
  recordChange(state, table, old, item, undefined, { old: previous?.size, new: size });
  chargeWriteUnits(state, table.name, usage.table);
  const output = returnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
  if (mode === 'NONE' && !metrics) return output;
  return writeOutput(output, table, item, usage, mode, metrics);
}

/** GetItem: one item by key, optionally projected. */
export function getItem(state: DynamoState, input: Input): unknown {
  const table = requireTable(state, input);
  const key = validateKey(table, input.Key);
  const ctx = expressionContext(input);
  const projection = parseProjectionInput(input, ctx);
  checkNoStrayAttributes(input, projection !== undefined && input.ProjectionExpression != null, ctx);
  const consistent = optionalBoolean(input, 'ConsistentRead') ?? false;
  const mode = capacityMode(input);
  const stored = table.get(key);
  const output: Record<string, unknown> = stored ? { Item: projection ? projectItem(stored.item, projection) : stored.item } : {};
  if (mode !== 'NONE') {
    const usage = new TableCapacity(table.name);
    usage.table = readUnits(stored?.size ?? 0, consistent);
    output.ConsumedCapacity = usage.describe(mode);
  }
  return output;
}

/**
 * UpdateItem: applies SET/REMOVE/ADD/DELETE to the item, creating it from its key when it is
 * missing (an INSERT on the stream).
 */
export function updateItem(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, [...LEGACY_WRITE, 'AttributeUpdates']);
  const table = requireTable(state, input);
  const key = validateKey(table, input.Key);
  const returnValues = optionalEnum(input, 'ReturnValues', RETURN_VALUES) ?? 'NONE';
  const ctx = expressionContext(input);
  const updateSource = optionalString(input, 'UpdateExpression');
  const actions = updateSource === undefined ? [] : parseUpdate(updateSource, ctx);
  const condition = parseWriteCondition(input, ctx);
  checkNoStrayAttributes(input, updateSource !== undefined || condition !== undefined, ctx);
  checkUpdatePaths(actions, table.keyNames);
  const returnOld = returnOldOnFailure(input);
  const mode = capacityMode(input);
  const metrics = wantsCollectionMetrics(input);

  const previous = table.get(key);
  const old = previous?.item;
  if (condition && !evaluateCondition(condition, old)) throw conditionalCheckFailed(old, returnOld);
  const updated = applyUpdate(old ?? { ...key }, actions);
  const size = checkItemSize(updated);
  if (table.indexes.length) table.checkIndexKeys(updated);
  const usage = new TableCapacity(table.name);
  usage.table = writeUnits(Math.max(size, previous?.size ?? 0));
  table.put(updated, size, usage);
  recordChange(state, table, old, updated, undefined, { old: previous?.size, new: size });
  chargeWriteUnits(state, table.name, usage.table);

  const paths = actions.map((a) => a.path);
  let attributes: AttributeMap | undefined;
  if (returnValues === 'ALL_OLD') attributes = old;
  else if (returnValues === 'ALL_NEW') attributes = updated;
  else if (returnValues === 'UPDATED_OLD') attributes = old && projectItem(old, paths);
  else if (returnValues === 'UPDATED_NEW') attributes = projectItem(updated, paths);
  const output = attributes && Object.keys(attributes).length ? { Attributes: attributes } : {};
  if (mode === 'NONE' && !metrics) return output;
  return writeOutput(output, table, key, usage, mode, metrics);
}

/** DeleteItem: removing a missing item is not an error and records nothing. */
export function deleteItem(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, LEGACY_WRITE);
  const table = requireTable(state, input);
  const key = validateKey(table, input.Key);
  const returnValues = optionalEnum(input, 'ReturnValues', RETURN_VALUES) ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validation('Return values set to invalid value');
  const ctx = expressionContext(input);
  const condition = parseWriteCondition(input, ctx);
  checkNoStrayAttributes(input, condition !== undefined, ctx);
  const returnOld = returnOldOnFailure(input);
  const mode = capacityMode(input);
  const metrics = wantsCollectionMetrics(input);

  const previous = table.get(key);
  const old = previous?.item;
  if (condition && !evaluateCondition(condition, old)) throw conditionalCheckFailed(old, returnOld);
  const usage = new TableCapacity(table.name);
  usage.table = writeUnits(previous?.size ?? 0);
  if (old) {
    table.delete(key, usage);
    recordChange(state, table, old, undefined);
  }
  chargeWriteUnits(state, table.name, usage.table);
  const output = returnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
  if (mode === 'NONE' && !metrics) return output;
  return writeOutput(output, table, key, usage, mode, metrics);
}

function requestItems(input: Input): Input {
  const items = optionalObject(input, 'RequestItems');
  if (!items) throw validation(`1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null`);
  if (Object.keys(items).length === 0) {
    throw validation(`1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  }
  return items;
}

type Write = { table: Table; put?: AttributeMap; size?: number; key: AttributeMap };

/**
 * BatchWriteItem: up to 25 puts and deletes, validated together before any is applied. The
 * emulator never throttles, so `UnprocessedItems` is always empty.
 */
export function batchWriteItem(state: DynamoState, input: Input): unknown {
  const items = requestItems(input);
  const mode = capacityMode(input);
  const metrics = wantsCollectionMetrics(input);
  const lists = Object.values(items).map((requests) => (Array.isArray(requests) ? requests.length : 0));
  if (lists.some((n) => n > MAX_BATCH_WRITE)) {
    throw validation(`1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]`);
  }
  if (lists.reduce((a, b) => a + b, 0) > MAX_BATCH_WRITE) throw validation('Too many items requested for the BatchWriteItem call');
  const writes: Write[] = [];
  for (const [tableName, requests] of Object.entries(items)) {
    if (!Array.isArray(requests) || requests.length === 0) {
      throw validation(`1 validation error detected: Value at 'requestItems.${tableName}.member' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    }
    const table = tableByName(state, tableName);
    const seen = new Set<string>();
    for (const request of requests as Input[]) {
      const put = optionalObject(request ?? {}, 'PutRequest');
      const del = optionalObject(request ?? {}, 'DeleteRequest');
      if ((put ? 1 : 0) + (del ? 1 : 0) !== 1) {
        throw validation('A WriteRequest must contain exactly one of PutRequest or DeleteRequest');
      }
      let write: Write;
      if (put) {
        const item = put.Item as AttributeMap;
        const size = validateItem(table, item);
        if (table.indexes.length) table.checkIndexKeys(item);
        write = { table, put: item, size, key: table.keyOf(item) };
      } else {
        write = { table, key: validateKey(table, del!.Key) };
      }
      const keyString = table.keyString(write.key);
      if (seen.has(keyString)) throw validation('Provided list of item keys contains duplicates');
      seen.add(keyString);
      writes.push(write);
    }
  }
  const ledger = new CapacityLedger();
  const collections: Record<string, Record<string, unknown>[]> = {};
  for (const write of writes) {
    const previous = write.table.get(write.key);
    const old = previous?.item;
    const usage = ledger.for(write.table.name);
    usage.table += writeUnits(Math.max(write.size ?? 0, previous?.size ?? 0));
    if (write.put) {
      write.table.put(write.put, write.size, usage);
      recordChange(state, write.table, old, write.put);
    } else if (old) {
      write.table.delete(write.key, usage);
      recordChange(state, write.table, old, undefined);
    }
    const collection = metrics ? itemCollectionMetrics(write.table, write.key) : undefined;
    if (collection) (collections[write.table.name] ??= []).push(collection);
  }
  for (const usage of ledger.entries()) chargeWriteUnits(state, usage.tableName, usage.table);
  const output: Record<string, unknown> = { UnprocessedItems: {} };
  if (Object.keys(collections).length) output.ItemCollectionMetrics = collections;
  return ledger.report(output, mode);
}

/** BatchGetItem: up to 100 keys across tables; `UnprocessedKeys` is always empty. */
export function batchGetItem(state: DynamoState, input: Input): unknown {
  const items = requestItems(input);
  const reads: { tableName: string; table: Table; keys: AttributeMap[]; projection?: DocumentPath[]; consistent: boolean }[] = [];
  let total = 0;
  for (const [tableName, raw] of Object.entries(items)) {
    const request = (raw ?? {}) as Input;
    const table = tableByName(state, tableName);
    const keys = optionalArray(request, 'Keys') ?? [];
    if (keys.length === 0) {
      throw validation(`1 validation error detected: Value null at 'requestItems.${tableName}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    }
    const seen = new Set<string>();
    const validKeys = keys.map((key) => {
      const valid = validateKey(table, key);
      const keyString = table.keyString(valid);
      if (seen.has(keyString)) throw validation('Provided list of item keys contains duplicates');
      seen.add(keyString);
      return valid;
    });
    const ctx = expressionContext(request);
    const projection = parseProjectionInput(request, ctx);
    checkNoStrayAttributes(request, projection !== undefined && request.ProjectionExpression != null, ctx);
    total += validKeys.length;
    reads.push({ tableName, table, keys: validKeys, projection, consistent: optionalBoolean(request, 'ConsistentRead') ?? false });
  }
  if (total > MAX_BATCH_GET) throw validation('Too many items requested for the BatchGetItem call');
  const mode = capacityMode(input);
  const ledger = new CapacityLedger();
  const responses: Record<string, AttributeMap[]> = {};
  for (const read of reads) {
    const found: AttributeMap[] = [];
    const usage = ledger.for(read.tableName);
    for (const key of read.keys) {
      const stored = read.table.get(key);
      usage.table += readUnits(stored?.size ?? 0, read.consistent);
      if (stored) found.push(read.projection ? projectItem(stored.item, read.projection) : stored.item);
    }
    responses[read.tableName] = found;
  }
  return ledger.report({ Responses: responses, UnprocessedKeys: {} }, mode);
}
