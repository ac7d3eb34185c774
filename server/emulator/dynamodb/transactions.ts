import { AwsError, validation } from '../core/errors';
import { applyUpdate, checkUpdatePaths, evaluateCondition, projectItem } from './expressions/evaluate';
import { parseCondition, parseUpdate, type Condition } from './expressions/parser';
import { checkItemSize, expressionContext, optionalArray, optionalObject, optionalString, validateItem, validateKey, type Input } from './input';
import { parseProjectionInput } from './items';
import { recordChange, tableByName, type DynamoState } from './state';
import type { Table } from './table';
import type { AttributeMap } from './values';

/** AWS's limit on actions per transaction. */
const MAX_TRANSACT_ITEMS = 100;
const WRITE_KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

interface PreparedWrite {
  table: Table;
  key: AttributeMap;
  condition?: Condition;
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

  if (kind === 'Put') {
    const item = action.Item as AttributeMap;
    validateItem(table, item);
    ctx.checkAllUsed();
    return { table, key: table.keyOf(item), condition, write: () => item };
  }
  const key = validateKey(table, action.Key);
  if (kind === 'Update') {
    const source = optionalString(action, 'UpdateExpression');
    if (source === undefined) throw validation('The UpdateExpression is required for Update');
    const actions = parseUpdate(source, ctx);
    ctx.checkAllUsed();
    checkUpdatePaths(actions, table.keyNames);
    return { table, key, condition, write: (current) => applyUpdate(current ?? { ...key }, actions) };
  }
  ctx.checkAllUsed();
  return { table, key, condition, write: kind === 'Delete' ? () => undefined : () => 'check' };
}

/**
 * TransactWriteItems: all actions succeed or none is applied. Every condition is checked
 * against the items as they are before the transaction; one failure cancels the whole
 * transaction with AWS's per-action reasons in the message.
 */
export function transactWriteItems(state: DynamoState, input: Input): unknown {
  const prepared = transactItems(input).map((entry) => prepareWrite(state, entry));
  const targets = new Set<string>();
  for (const p of prepared) {
    const target = `${p.table.name}\u0000${p.table.keyString(p.key)}`;
    if (targets.has(target)) throw validation('Transaction request cannot include multiple operations on one item');
    targets.add(target);
  }
  const currents = prepared.map((p) => p.table.get(p.key)?.item);
  const reasons = prepared.map((p, i) => (p.condition && !evaluateCondition(p.condition, currents[i]) ? 'ConditionalCheckFailed' : 'None'));
  if (reasons.some((r) => r !== 'None')) {
    throw new AwsError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.join(', ')}]`);
  }
  const results = prepared.map((p, i) => p.write(currents[i]));
  const sizes = results.map((r) => (r && r !== 'check' ? checkItemSize(r) : 0));
  prepared.forEach((p, i) => {
    const result = results[i];
    if (result === 'check') return;
    if (result === undefined) {
      if (currents[i]) p.table.delete(p.key);
    } else {
      p.table.put(result, sizes[i]);
    }
    recordChange(state, p.table, currents[i], result);
  });
  return {};
}

/** TransactGetItems: up to 100 reads, answered in request order. */
export function transactGetItems(state: DynamoState, input: Input): unknown {
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
  return {
    Responses: reads.map(({ table, key, projection }) => {
      const item = table.get(key)?.item;
      if (!item) return {};
      return { Item: projection ? projectItem(item, projection) : item };
    }),
  };
}
