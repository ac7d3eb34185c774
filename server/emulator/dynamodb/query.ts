import { validation } from '../core/errors';
import { beginsWith, evaluateCondition, projectItem } from './expressions/evaluate';
import { parseCondition, type Condition, type DocumentPath, type ExpressionContext, type Operand } from './expressions/parser';
import { expressionContext, optionalBoolean, optionalEnum, optionalNumber, optionalString, rejectLegacy, validateKey, type Input } from './input';
import { capacityMode, readUnits, TableCapacity, type CapacityMode } from './capacity';
import { parseProjectionInput } from './items';
import { requireTable, type DynamoState } from './state';
import { fnv1a, type Partition, type StoredItem, type Table } from './table';
import { canonicalKeyPart, compareScalars, typeOf, type AttributeMap, type AttributeValue } from './values';

/** A Query or Scan page holds at most 1 MB of items read, as on AWS. */
const MAX_PAGE_BYTES = 1024 * 1024;
const SELECT_VALUES = ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] as const;

interface ReadOptions {
  limit: number | undefined;
  filter: Condition | undefined;
  projection: DocumentPath[] | undefined;
  countOnly: boolean;
  consistent: boolean;
  capacity: CapacityMode;
}

/** The options Query and Scan share: Limit, Select, FilterExpression, ProjectionExpression. */
function readOptions(input: Input, ctx: ExpressionContext): ReadOptions {
  if (input.IndexName != null) {
    throw validation(`The table does not have the specified index: ${String(input.IndexName)}`);
  }
  const limit = optionalNumber(input, 'Limit');
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw validation(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  const filterSource = optionalString(input, 'FilterExpression');
  const filter = filterSource === undefined ? undefined : parseCondition(filterSource, 'FilterExpression', ctx);
  const projection = parseProjectionInput(input, ctx);
  const select = optionalEnum(input, 'Select', SELECT_VALUES);
  if (select === 'ALL_PROJECTED_ATTRIBUTES') throw validation('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  if (select === 'COUNT' && projection) {
    throw validation('Cannot specify the AttributesToGet or ProjectionExpression when choosing to get only the Count');
  }
  if (select === 'SPECIFIC_ATTRIBUTES' && !projection) {
    throw validation('Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
  }
  if (select === 'ALL_ATTRIBUTES' && projection) {
    throw validation('Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ALL_ATTRIBUTES');
  }
  return {
    limit,
    filter,
    projection,
    countOnly: select === 'COUNT',
    consistent: optionalBoolean(input, 'ConsistentRead') ?? false,
    capacity: capacityMode(input),
  };
}

/** Walks items in order and builds the page: Limit counts items read, before the filter. */
function readPage(table: Table, items: Iterable<StoredItem>, options: ReadOptions): Record<string, unknown> {
  const out: AttributeMap[] = [];
  let scanned = 0;
  let count = 0;
  let bytes = 0;
  let last: StoredItem | undefined;
  let more = false;
  for (const stored of items) {
    if ((options.limit !== undefined && scanned >= options.limit) || bytes >= MAX_PAGE_BYTES) {
      more = true;
      break;
    }
    scanned++;
    bytes += stored.size;
    last = stored;
    if (options.filter && !evaluateCondition(options.filter, stored.item)) continue;
    count++;
    if (!options.countOnly) out.push(options.projection ? projectItem(stored.item, options.projection) : stored.item);
  }
  const result: Record<string, unknown> = { Count: count, ScannedCount: scanned };
  if (!options.countOnly) result.Items = out;
  if (more && last) result.LastEvaluatedKey = table.keyOf(last.item);
  if (options.capacity !== 'NONE') {
    // Every item read counts, filtered out or not, rounded up once over the whole page.
    const usage = new TableCapacity(table.name);
    usage.table = readUnits(bytes, options.consistent);
    result.ConsumedCapacity = usage.describe(options.capacity);
  }
  return result;
}

/** Index of the first entry whose sort key is ≥ value (or > value with `after`). */
function bound(table: Table, partition: Partition, value: AttributeValue, after: boolean): number {
  const entries = partition.entries;
  const rangeKey = table.rangeKey!;
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cmp = compareScalars(entries[mid].item[rangeKey], value)!;
    if (cmp < 0 || (after && cmp === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function* walk(entries: StoredItem[], from: number, to: number, forward: boolean): Generator<StoredItem> {
  if (forward) {
    for (let i = from; i < to; i++) yield entries[i];
  } else {
    for (let i = to - 1; i >= from; i--) yield entries[i];
  }
}

interface KeyCondition {
  hashValue: AttributeValue;
  range?: { op: string; values: AttributeValue[] };
}

function flattenAnd(condition: Condition, out: Condition[] = []): Condition[] {
  if (condition.kind === 'and') {
    flattenAnd(condition.left, out);
    flattenAnd(condition.right, out);
  } else {
    out.push(condition);
  }
  return out;
}

function keyAttribute(operand: Operand): string | undefined {
  return operand.kind === 'path' && operand.path.length === 1 ? (operand.path[0] as string) : undefined;
}

function operandValue(operand: Operand): AttributeValue {
  if (operand.kind !== 'value') throw validation('Invalid KeyConditionExpression: Key conditions must compare a key attribute with a value');
  return operand.value;
}

/**
 * Splits a KeyConditionExpression into the partition-key equality and the optional sort-key
 * condition (=, <, <=, >, >=, BETWEEN, begins_with), with AWS's messages for what it refuses.
 */
function analyseKeyCondition(table: Table, condition: Condition): KeyCondition {
  const parts = flattenAnd(condition);
  let hashValue: AttributeValue | undefined;
  let range: KeyCondition['range'];
  const checkType = (name: string, value: AttributeValue) => {
    if (typeOf(value) !== table.attributeType(name)) throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  };
  for (const part of parts) {
    if (part.kind === 'or' || part.kind === 'not' || part.kind === 'in') {
      throw validation(`Invalid operator used in KeyConditionExpression: ${part.kind.toUpperCase()}`);
    }
    let name: string | undefined;
    let op: string;
    let values: AttributeValue[];
    if (part.kind === 'compare') {
      if (part.op === '<>') throw validation('Unsupported operator on KeyConditionExpression: operator: <>');
      name = keyAttribute(part.left);
      op = part.op;
      values = [operandValue(part.right)];
    } else if (part.kind === 'between') {
      name = keyAttribute(part.operand);
      op = 'BETWEEN';
      values = [operandValue(part.low), operandValue(part.high)];
    } else if (part.kind === 'function' && part.name === 'begins_with') {
      name = keyAttribute(part.args[0]);
      op = 'begins_with';
      values = [operandValue(part.args[1])];
    } else {
      throw validation(`Invalid operator used in KeyConditionExpression: ${part.kind === 'function' ? part.name : part.kind}`);
    }
    if (name === undefined || !table.keyNames.includes(name)) {
      throw validation(`Query condition missed key schema element${name ? `: ${table.rangeKey && name !== table.hashKey ? table.rangeKey : table.hashKey}` : ''}`);
    }
    values.forEach((v) => checkType(name!, v));
    if (name === table.hashKey) {
      if (op !== '=') throw validation('Query key condition not supported');
      if (hashValue) throw validation('KeyConditionExpressions must only contain one condition per key');
      hashValue = values[0];
    } else {
      if (range) throw validation('KeyConditionExpressions must only contain one condition per key');
      if (op === 'begins_with' && typeOf(values[0]) === 'N') throw validation('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator: begins_with, operand type: N');
      range = { op, values };
    }
  }
  if (!hashValue) throw validation(`Query condition missed key schema element: ${table.hashKey}`);
  return { hashValue, range };
}

/** The slice [from, to) of a partition's entries that satisfies the sort-key condition. */
function rangeSlice(table: Table, partition: Partition, range: KeyCondition['range']): { from: number; to: number; prefix?: AttributeValue } {
  const n = partition.entries.length;
  if (!range || !table.rangeKey) return { from: 0, to: n };
  const [a, b] = range.values;
  switch (range.op) {
    case '=':
      return { from: bound(table, partition, a, false), to: bound(table, partition, a, true) };
    case '<':
      return { from: 0, to: bound(table, partition, a, false) };
    case '<=':
      return { from: 0, to: bound(table, partition, a, true) };
    case '>':
      return { from: bound(table, partition, a, true), to: n };
    case '>=':
      return { from: bound(table, partition, a, false), to: n };
    case 'BETWEEN':
      return { from: bound(table, partition, a, false), to: Math.max(bound(table, partition, a, false), bound(table, partition, b, true)) };
    default: {
      // begins_with: the matching keys are contiguous from the first key ≥ the prefix.
      const from = bound(table, partition, a, false);
      let to = from;
      const rangeKey = table.rangeKey;
      while (to < n && beginsWith(partition.entries[to].item[rangeKey], a)) to++;
      return { from, to };
    }
  }
}


function validateStartKey(table: Table, input: Input): AttributeMap | undefined {
  if (input.ExclusiveStartKey == null) return undefined;
  try {
    return validateKey(table, input.ExclusiveStartKey, 'ExclusiveStartKey');
  } catch {
    throw validation('The provided starting key is invalid: The provided key element does not match the schema');
  }
}

/** Query: one partition, in sort-key order (or reverse), paged by Limit and ExclusiveStartKey. */
export function query(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, ['KeyConditions', 'QueryFilter', 'ConditionalOperator']);
  const table = requireTable(state, input);
  const ctx = expressionContext(input);
  const keySource = optionalString(input, 'KeyConditionExpression');
  if (keySource === undefined) throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const keyCondition = analyseKeyCondition(table, parseCondition(keySource, 'KeyConditionExpression', ctx));
  const options = readOptions(input, ctx);
  ctx.checkAllUsed();
  const forward = optionalBoolean(input, 'ScanIndexForward') ?? true;
  const startKey = validateStartKey(table, input);
  if (startKey && canonicalKeyPart(startKey[table.hashKey]) !== canonicalKeyPart(keyCondition.hashValue)) {
    throw validation('The provided starting key is invalid: The provided key element does not match the schema');
  }

  const partition = table.partitions.get(canonicalKeyPart(keyCondition.hashValue));
  if (!partition) return readPage(table, [], options);
  let { from, to } = rangeSlice(table, partition, keyCondition.range);
  if (startKey) {
    if (!table.rangeKey) return readPage(table, [], options);
    const start = startKey[table.rangeKey];
    if (forward) from = Math.max(from, bound(table, partition, start, true));
    else to = Math.min(to, bound(table, partition, start, false));
  }
  return readPage(table, walk(partition.entries, from, Math.max(from, to), forward), options);
}

/** The hash range [lo, hi) of a Scan segment: partitions are spread by the hash of their key. */
function segmentRange(segment: number, total: number): [number, number] {
  const space = 2 ** 32;
  return [Math.floor((segment * space) / total), Math.floor(((segment + 1) * space) / total)];
}

function* scanItems(table: Table, startKey: AttributeMap | undefined, hashRange: [number, number]): Generator<StoredItem> {
  const partitions = table.scanPartitions();
  let startHash = hashRange[0];
  let startCanonical = '';
  if (startKey) {
    startCanonical = canonicalKeyPart(startKey[table.hashKey]);
    startHash = fnv1a(startCanonical);
  }
  // Binary search for the first partition at or after (startHash, startCanonical).
  let lo = 0;
  let hi = partitions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = partitions[mid];
    if (p.hash < startHash || (p.hash === startHash && p.canonical < startCanonical)) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < partitions.length; i++) {
    const partition = partitions[i];
    if (partition.hash >= hashRange[1]) return;
    let from = 0;
    if (startKey && partition.canonical === startCanonical) {
      if (!table.rangeKey) continue; // the start item itself
      from = bound(table, partition, startKey[table.rangeKey], true);
    }
    // Copy: a page read must not skip or repeat items if the partition changes under it.
    yield* partition.entries.slice(from);
  }
}

/** Scan: every item in hash order, optionally one segment of a parallel scan. */
export function scan(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, ['ScanFilter', 'ConditionalOperator']);
  const table = requireTable(state, input);
  const ctx = expressionContext(input);
  const options = readOptions(input, ctx);
  ctx.checkAllUsed();
  const segment = optionalNumber(input, 'Segment');
  const totalSegments = optionalNumber(input, 'TotalSegments');
  if (segment !== undefined && totalSegments === undefined) {
    throw validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (totalSegments !== undefined && segment === undefined) {
    throw validation('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (totalSegments !== undefined && (!Number.isInteger(totalSegments) || totalSegments < 1 || totalSegments > 1_000_000)) {
    throw validation(`1 validation error detected: Value '${totalSegments}' at 'totalSegments' failed to satisfy constraint: Member must have value ${totalSegments < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000000'}`);
  }
  if (segment !== undefined && (!Number.isInteger(segment) || segment < 0 || segment >= totalSegments!)) {
    throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${totalSegments}`);
  }
  const hashRange = segment === undefined ? ([0, 2 ** 32] as [number, number]) : segmentRange(segment, totalSegments!);
  const startKey = validateStartKey(table, input);
  return readPage(table, scanItems(table, startKey, hashRange), options);
}
