import { validation } from '../core/errors';
import { beginsWith, evaluateCondition, projectItem } from './expressions/evaluate';
import { parseCondition, type Condition, type DocumentPath, type ExpressionContext, type Operand } from './expressions/parser';
import { expressionContext, optionalBoolean, optionalEnum, optionalNumber, optionalString, rejectLegacy, validateKey, type Input } from './input';
import { capacityMode, readUnits, TableCapacity, type CapacityMode } from './capacity';
import { parseProjectionInput } from './items';
import { requireTable, type DynamoState } from './state';
import { compareEntry, positionOf, SecondaryIndex, type KeyedStore } from './indexes';
import { fnv1a, type Partition, type StoredItem, type Table } from './table';
import { canonicalKeyPart, compareScalars, typeOf, type AttributeMap, type AttributeValue } from './values';

/** A Query or Scan page holds at most 1 MB of items read, as on AWS. */
const MAX_PAGE_BYTES = 1024 * 1024;
const SELECT_VALUES = ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] as const;

interface ReadOptions {
  /** The index read (IndexName), or undefined for the table itself. */
  index: SecondaryIndex | undefined;
  /** An LSI read that needs attributes the index does not project: items come from the table. */
  fetchFromTable: boolean;
  limit: number | undefined;
  filter: Condition | undefined;
  projection: DocumentPath[] | undefined;
  countOnly: boolean;
  consistent: boolean;
  capacity: CapacityMode;
}

/** The index `IndexName` names, with AWS's answers for a missing or still-backfilling one. */
function indexOf(table: Table, input: Input): SecondaryIndex | undefined {
  const name = optionalString(input, 'IndexName');
  if (name === undefined) return undefined;
  const index = table.index(name);
  if (!index) throw validation(`The table does not have the specified index: ${name}`);
  if (index.status === 'CREATING') throw validation(`Cannot read from backfilling global secondary index: ${name}`);
  return index;
}

/** The options Query and Scan share: IndexName, Limit, Select, FilterExpression, ProjectionExpression, ConsistentRead. */
function readOptions(table: Table, input: Input, ctx: ExpressionContext): ReadOptions {
  const index = indexOf(table, input);
  const limit = optionalNumber(input, 'Limit');
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw validation(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  const filterSource = optionalString(input, 'FilterExpression');
  const filter = filterSource === undefined ? undefined : parseCondition(filterSource, 'FilterExpression', ctx);
  const projection = parseProjectionInput(input, ctx);
  const select = optionalEnum(input, 'Select', SELECT_VALUES);
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !index) {
    throw validation('One or more parameter values were invalid: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && projection) {
    throw validation('Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES');
  }
  const partial = index !== undefined && index.projection.ProjectionType !== 'ALL';
  if (select === 'ALL_ATTRIBUTES' && partial && index.kind === 'GSI') {
    throw validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
  const consistent = optionalBoolean(input, 'ConsistentRead') ?? false;
  if (consistent && index?.kind === 'GSI') throw validation('Consistent reads are not supported on global secondary indexes');
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
    index,
    // An LSI fetches what it does not project from the table (AWS charges the extra reads); a GSI cannot.
    fetchFromTable: partial && index.kind === 'LSI' && (select === 'ALL_ATTRIBUTES' || projection !== undefined),
    limit,
    filter,
    projection,
    countOnly: select === 'COUNT',
    consistent,
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
    const item = options.fetchFromTable ? (table.items.get(stored.keyString)?.item ?? stored.item) : stored.item;
    if (options.filter && !evaluateCondition(options.filter, item)) continue;
    count++;
    if (!options.countOnly) out.push(options.projection ? projectItem(item, options.projection) : item);
  }
  const result: Record<string, unknown> = { Count: count, ScannedCount: scanned };
  if (!options.countOnly) result.Items = out;
  if (more && last) result.LastEvaluatedKey = options.index ? pick(last.item, options.index.startKeyNames) : table.keyOf(last.item);
  if (options.capacity !== 'NONE') {
    // Every item read counts, filtered out or not, rounded up once over the whole page; an
    // index read is charged to the index.
    const usage = new TableCapacity(table.name);
    const units = readUnits(bytes, options.consistent);
    if (options.index) usage.addIndex(options.index.kind, options.index.name, units);
    else usage.table = units;
    result.ConsumedCapacity = usage.describe(options.capacity);
  }
  return result;
}

function pick(item: AttributeMap, names: string[]): AttributeMap {
  const out: AttributeMap = {};
  for (const name of names) out[name] = item[name];
  return out;
}

/** Index of the first entry whose sort key is ≥ value (or > value with `after`). */
function bound(store: KeyedStore, partition: Partition, value: AttributeValue, after: boolean): number {
  const entries = partition.entries;
  const rangeKey = store.rangeKey!;
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
function analyseKeyCondition(table: KeyedStore, condition: Condition): KeyCondition {
  const parts = flattenAnd(condition);
  let hashValue: AttributeValue | undefined;
  let range: KeyCondition['range'];
  let unknown = false;
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
    if (name === undefined) throw validation('Query condition missed key schema element');
    if (!table.keyNames.includes(name)) {
      // A condition on another attribute: AWS names the key it then misses, the hash key first.
      unknown = true;
      continue;
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
  if (unknown) throw validation(`Query condition missed key schema element: ${table.rangeKey ?? table.hashKey}`);
  return { hashValue, range };
}

/** The slice [from, to) of a partition's entries that satisfies the sort-key condition. */
function rangeSlice(table: KeyedStore, partition: Partition, range: KeyCondition['range']): { from: number; to: number; prefix?: AttributeValue } {
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


/**
 * `ExclusiveStartKey`: the table key, and for an index read also the index key (what
 * `LastEvaluatedKey` holds), each attribute present with its declared type.
 */
function validateStartKey(table: Table, index: SecondaryIndex | undefined, input: Input): AttributeMap | undefined {
  if (input.ExclusiveStartKey == null) return undefined;
  const invalid = () => validation('The provided starting key is invalid: The provided key element does not match the schema');
  if (!index) {
    try {
      return validateKey(table, input.ExclusiveStartKey, 'ExclusiveStartKey');
    } catch {
      throw invalid();
    }
  }
  const key = input.ExclusiveStartKey as AttributeMap;
  if (typeof key !== 'object' || Array.isArray(key)) throw invalid();
  const names = Object.keys(key);
  if (names.length !== index.startKeyNames.length) throw invalid();
  for (const name of index.startKeyNames) {
    const value = key[name];
    if (!value || typeof value !== 'object' || typeOf(value) !== table.attributeType(name)) throw invalid();
  }
  return key;
}

/** First entry strictly after the start key's position in its partition. */
function afterStart(store: KeyedStore, table: Table, partition: Partition, startKey: AttributeMap): number {
  if (!(store instanceof SecondaryIndex)) return store.rangeKey ? bound(store, partition, startKey[store.rangeKey], true) : partition.entries.length;
  const keyString = table.keyString(startKey);
  const range = store.rangeKey ? startKey[store.rangeKey] : undefined;
  const at = positionOf(store, partition, range, keyString);
  return at < partition.entries.length && compareEntry(store, partition.entries[at], range, keyString) === 0 ? at + 1 : at;
}

/** First entry at or after the start key's position: a backward read stops before it. */
function beforeStart(store: KeyedStore, table: Table, partition: Partition, startKey: AttributeMap): number {
  if (!(store instanceof SecondaryIndex)) return store.rangeKey ? bound(store, partition, startKey[store.rangeKey], false) : 0;
  return positionOf(store, partition, store.rangeKey ? startKey[store.rangeKey] : undefined, table.keyString(startKey));
}

/** Query: one partition, in sort-key order (or reverse), paged by Limit and ExclusiveStartKey. */
export function query(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, ['KeyConditions', 'QueryFilter', 'ConditionalOperator']);
  const table = requireTable(state, input);
  const ctx = expressionContext(input);
  const keySource = optionalString(input, 'KeyConditionExpression');
  if (keySource === undefined) throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const options = readOptions(table, input, ctx);
  const store: KeyedStore = options.index ?? table;
  const keyCondition = analyseKeyCondition(store, parseCondition(keySource, 'KeyConditionExpression', ctx));
  ctx.checkAllUsed();
  const forward = optionalBoolean(input, 'ScanIndexForward') ?? true;
  const startKey = validateStartKey(table, options.index, input);
  if (startKey && canonicalKeyPart(startKey[store.hashKey]) !== canonicalKeyPart(keyCondition.hashValue)) {
    throw validation('The provided starting key is invalid: The provided key element does not match the schema');
  }

  const partition = store.partitions.get(canonicalKeyPart(keyCondition.hashValue));
  if (!partition) return readPage(table, [], options);
  let { from, to } = rangeSlice(store, partition, keyCondition.range);
  if (startKey) {
    if (forward) from = Math.max(from, afterStart(store, table, partition, startKey));
    else to = Math.min(to, beforeStart(store, table, partition, startKey));
  }
  return readPage(table, walk(partition.entries, from, Math.max(from, to), forward), options);
}

/** The hash range [lo, hi) of a Scan segment: partitions are spread by the hash of their key. */
function segmentRange(segment: number, total: number): [number, number] {
  const space = 2 ** 32;
  return [Math.floor((segment * space) / total), Math.floor(((segment + 1) * space) / total)];
}

function* scanItems(store: KeyedStore, table: Table, startKey: AttributeMap | undefined, hashRange: [number, number]): Generator<StoredItem> {
  const partitions = store.scanPartitions();
  let startHash = hashRange[0];
  let startCanonical = '';
  if (startKey) {
    startCanonical = canonicalKeyPart(startKey[store.hashKey]);
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
    if (startKey && partition.canonical === startCanonical) from = afterStart(store, table, partition, startKey);
    // Copy: a page read must not skip or repeat items if the partition changes under it.
    yield* partition.entries.slice(from);
  }
}

/** Scan: every item in hash order, optionally one segment of a parallel scan. */
export function scan(state: DynamoState, input: Input): unknown {
  rejectLegacy(input, ['ScanFilter', 'ConditionalOperator']);
  const table = requireTable(state, input);
  const ctx = expressionContext(input);
  const options = readOptions(table, input, ctx);
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
  const startKey = validateStartKey(table, options.index, input);
  return readPage(table, scanItems(options.index ?? table, table, startKey, hashRange), options);
}
