import { AwsError, validation } from '../core/errors';
import { applyUpdate, checkUpdatePaths, evaluateCondition, projectItem } from './expressions/evaluate';
import { parseCondition, parseUpdate, type Condition } from './expressions/parser';
import type { RequestContext } from '../core/types';
import { capacityMode, CapacityLedger, readUnits, writeUnits } from './capacity';
import { checkItemSize, expressionContext, optionalArray, optionalObject, optionalString, validateItem, validateKey, type Input } from './input';
import { itemCollectionMetrics, parseProjectionInput, returnOldOnFailure, wantsCollectionMetrics } from './items';
import { chargeWriteUnits, recordChange, tableByName, type DynamoState } from './state';
import type { Table } from './table';
import type { AttributeMap } from './values';

/** AWS's limit on actions per transaction. */
const MAX_TRANSACT_ITEMS = 100;
const WRITE_KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

interface PreparedWrite {
  table: Table;
  key: AttributeMap;
  condition?: Condition;
  /** ReturnValuesOnConditionCheckFailure: ALL_OLD puts the current item in the cancellation reason. */
  returnOld: boolean;
  /** The new item, computed from the current one; undefined deletes; 'check' writes nothing. */
  write: (current: AttributeMap | undefined) => AttributeMap | undefined | 'check';
}

function transactItems(input: Input): Input[] {
  const items = optionalArray(input, 'TransactItems');
  if (!items) throw validation(`1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null`);
  if (items.length < 1 || items.length > MAX_TRANSACT_ITEMS) {
    throw validation(
      `1 validation error detected: Value '[…]' at 'transactItems' failed to satisfy constraint: Member must have length ${items.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`,
    );
  }
  return items as Input[];
}

/** Validates one action of TransactWriteItems and prepares its effect without applying it. */
function prepareWrite(state: DynamoState, entry: Input): PreparedWrite {
  const kinds = WRITE_KINDS.filter((k) => entry?.[k] != null);
  if (kinds.length !== 1) throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0];
  const action = optionalObject(entry, kind)!;
  const table = tableByName(state, optionalString(action, 'TableName') ?? '');
  const ctx = expressionContext(action);
  const conditionSource = optionalString(action, 'ConditionExpression');
  const condition = conditionSource === undefined ? undefined : parseCondition(conditionSource, 'ConditionExpression', ctx);
  if (kind === 'ConditionCheck' && !condition) throw validation('The ConditionExpression is required for ConditionCheck');
  const returnOld = returnOldOnFailure(action);

  if (kind === 'Put') {
    const item = action.Item as AttributeMap;
    validateItem(table, item);
    ctx.checkAllUsed();
    if (table.indexes.length) table.checkIndexKeys(item);
    return { table, key: table.keyOf(item), condition, returnOld, write: () => item };
  }
  const key = validateKey(table, action.Key);
  if (kind === 'Update') {
    const source = optionalString(action, 'UpdateExpression');
    if (source === undefined) throw validation('The UpdateExpression is required for Update');
    const actions = parseUpdate(source, ctx);
    ctx.checkAllUsed();
    checkUpdatePaths(actions, table.keyNames);
    return { table, key, condition, returnOld, write: (current) => applyUpdate(current ?? { ...key }, actions) };
  }
  ctx.checkAllUsed();
  return { table, key, condition, returnOld, write: kind === 'Delete' ? () => undefined : () => 'check' };
}

/** How long AWS remembers a ClientRequestToken after the request that used it completes. */
const TOKEN_WINDOW_MS = 10 * 60 * 1000;
const TOKEN = /^[\x21-\x7e]{1,36}$/;

/** JSON with object keys sorted, so two equal requests compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * TransactWriteItems with its `ClientRequestToken` (reference part 2 §5.1): within 10 minutes of
 * completion, the same request with the same token is answered from memory without writing
 * again (a repeat reports the read units of the items instead of write units); a different
 * request with that token is an IdempotentParameterMismatchException.
 */
export function transactWriteItems(state: DynamoState, input: Input, ctx: RequestContext): unknown {
  const token = optionalString(input, 'ClientRequestToken');
  if (token === undefined) return applyTransaction(state, input);
  if (!TOKEN.test(token)) {
    throw validation(`1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`);
  }
  const now = state.deps.clock.now();
  for (const [k, entry] of state.tokens) {
    if (entry.expiresAt > now) break;
    state.tokens.delete(k);
  }
  const { ClientRequestToken: _token, ...rest } = input;
  void _token;
  const request = canonicalJson(rest);
  const mapKey = `${ctx.accountId}\u0000${ctx.region}\u0000${token}`;
  const seen = state.tokens.get(mapKey);
  if (seen && seen.expiresAt > now) {
    if (seen.request !== request) {
      throw new AwsError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.', {
        fields: { Message: 'The request uses the same client token as a previous, but non-identical request.' },
      });
    }
    if ('error' in seen.outcome) throw seen.outcome.error;
    return replayOutput(state, input, seen.outcome.output);
  }
  let outcome: { output: Record<string, unknown> } | { error: AwsError };
  try {
    outcome = { output: applyTransaction(state, input) };
  } catch (error) {
    // Only a completed transaction (applied or cancelled) is remembered; invalid input is not.
    if (!(error instanceof AwsError && error.code === 'TransactionCanceledException')) throw error;
    outcome = { error };
  }
  state.tokens.delete(mapKey);
  state.tokens.set(mapKey, { request, expiresAt: state.deps.clock.now() + TOKEN_WINDOW_MS, outcome });
  if ('error' in outcome) throw outcome.error;
  return outcome.output;
}

/** A repeated transaction's answer: nothing is written again, so capacity is the reads of its items. */
function replayOutput(state: DynamoState, input: Input, output: Record<string, unknown>): Record<string, unknown> {
  const mode = capacityMode(input);
  if (mode === 'NONE') return output;
  const ledger = new CapacityLedger('read');
  for (const entry of transactItems(input)) {
    const kind = WRITE_KINDS.find((k) => entry?.[k] != null)!;
    const action = entry[kind] as Input;
    const table = tableByName(state, optionalString(action, 'TableName') ?? '');
    const key = kind === 'Put' ? table.keyOf(action.Item as AttributeMap) : (action.Key as AttributeMap);
    ledger.for(table.name).table += readUnits(table.get(key)?.size ?? 0, true);
  }
  return ledger.report({ ...output }, mode);
}

/**
 * Applies a transaction: all actions succeed or none is applied. Every condition is checked
 * against the items as they are before the transaction; one failure cancels the whole
 * transaction with AWS's per-action reasons (and, where asked, the current item).
 */
function applyTransaction(state: DynamoState, input: Input): Record<string, unknown> {
  const mode = capacityMode(input);
  const metrics = wantsCollectionMetrics(input);
  const prepared = transactItems(input).map((entry) => prepareWrite(state, entry));
  const targets = new Set<string>();
  for (const p of prepared) {
    const target = `${p.table.name}\u0000${p.table.keyString(p.key)}`;
    if (targets.has(target)) throw validation('Transaction request cannot include multiple operations on one item');
    targets.add(target);
  }
  const stored = prepared.map((p) => p.table.get(p.key));
  const currents = stored.map((s) => s?.item);
  const failed = prepared.map((p, i) => p.condition !== undefined && !evaluateCondition(p.condition, currents[i]));
  if (failed.some(Boolean)) {
    const reasons = prepared.map((p, i) => {
      if (!failed[i]) return { Code: 'None' };
      const reason: Record<string, unknown> = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
      if (p.returnOld && currents[i]) reason.Item = currents[i];
      return reason;
    });
    const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`;
    throw new AwsError('TransactionCanceledException', message, { fields: { Message: message, CancellationReasons: reasons } });
  }
  const results = prepared.map((p, i) => p.write(currents[i]));
  const sizes = results.map((r) => (r && r !== 'check' ? checkItemSize(r) : 0));
  results.forEach((r, i) => {
    if (r && r !== 'check' && prepared[i].table.indexes.length) prepared[i].table.checkIndexKeys(r);
  });
  const ledger = new CapacityLedger('write');
  const collections: Record<string, Record<string, unknown>[]> = {};
  prepared.forEach((p, i) => {
    const result = results[i];
    const usage = ledger.for(p.table.name);
    usage.table += writeUnits(Math.max(sizes[i], stored[i]?.size ?? 0));
    if (result === 'check') return;
    if (result === undefined) {
      if (currents[i]) p.table.delete(p.key, usage);
    } else {
      p.table.put(result, sizes[i], usage);
    }
    recordChange(state, p.table, currents[i], result);
    const collection = metrics ? itemCollectionMetrics(p.table, p.key) : undefined;
    if (collection) (collections[p.table.name] ??= []).push(collection);
  });
  ledger.scale(2);
  for (const usage of ledger.entries()) chargeWriteUnits(state, usage.tableName, usage.table);
  const output: Record<string, unknown> = {};
  if (Object.keys(collections).length) output.ItemCollectionMetrics = collections;
  return ledger.report(output, mode);
}

/** TransactGetItems: up to 100 reads, answered in request order. */
export function transactGetItems(state: DynamoState, input: Input): unknown {
  const mode = capacityMode(input);
  const reads = transactItems(input).map((entry) => {
    const get = optionalObject(entry ?? {}, 'Get');
    if (!get) throw validation('TransactItems can only contain Get');
    const table = tableByName(state, optionalString(get, 'TableName') ?? '');
    const key = validateKey(table, get.Key);
    const ctx = expressionContext(get);
    const projection = parseProjectionInput(get, ctx);
    ctx.checkAllUsed();
    return { table, key, projection };
  });
  const ledger = new CapacityLedger('read');
  const responses = reads.map(({ table, key, projection }) => {
    const stored = table.get(key);
    ledger.for(table.name).table += readUnits(stored?.size ?? 0, true);
    if (!stored) return {};
    return { Item: projection ? projectItem(stored.item, projection) : stored.item };
  });
  ledger.scale(2);
  return ledger.report({ Responses: responses }, mode);
}
