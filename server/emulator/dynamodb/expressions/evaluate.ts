import type { AttributeMap, AttributeValue } from '../values';
import { attributeValuesEqual, compareScalars, typeOf } from '../values';
import { validation } from '../../core/errors';
import { addNumbers, canonicalNumber } from '../numbers';
import { formatPath, type Condition, type DocumentPath, type Operand, type UpdateAction } from './parser';

/** The value at a document path, or undefined when any step is missing or of the wrong type. */
export function getPath(item: AttributeMap | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item) return undefined;
  let current: AttributeValue | undefined = item[path[0] as string];
  for (let i = 1; i < path.length && current; i++) {
    const step = path[i];
    if (typeof step === 'number') current = 'L' in current ? current.L[step] : undefined;
    else current = 'M' in current ? current.M[step] : undefined;
  }
  return current;
}

/** DynamoDB's `size()`: string length, binary bytes, set/list/map element count. */
function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (!value) return undefined;
  let n: number;
  if ('S' in value) n = [...value.S].length;
  else if ('B' in value) n = Buffer.from(value.B, 'base64').length;
  else if ('SS' in value) n = value.SS.length;
  else if ('NS' in value) n = value.NS.length;
  else if ('BS' in value) n = value.BS.length;
  else if ('L' in value) n = value.L.length;
  else if ('M' in value) n = Object.keys(value.M).length;
  else return undefined;
  return { N: String(n) };
}

/** The value of a condition operand against an item (undefined: the attribute does not exist). */
export function evaluateOperand(operand: Operand, item: AttributeMap | undefined): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return getPath(item, operand.path);
    case 'value':
      return operand.value;
    case 'size':
      return sizeOf(getPath(item, operand.path));
    default:
      return evaluateSetOperand(operand, item);
  }
}

function compare(op: string, left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  if (op === '=') return !!left && !!right && attributeValuesEqual(left, right);
  // `a <> :v` is true when `a` does not exist, as on AWS.
  if (op === '<>') return !left || !right || !attributeValuesEqual(left, right);
  if (!left || !right) return false;
  const cmp = compareScalars(left, right);
  if (cmp === undefined) return false;
  switch (op) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

function contains(haystack: AttributeValue | undefined, needle: AttributeValue | undefined): boolean {
  if (!haystack || !needle) return false;
  if ('S' in haystack) return 'S' in needle && haystack.S.includes(needle.S);
  if ('SS' in haystack) return 'S' in needle && haystack.SS.includes(needle.S);
  if ('NS' in haystack) return 'N' in needle && haystack.NS.some((n) => canonicalNumber(n) === canonicalNumber(needle.N));
  if ('BS' in haystack) return 'B' in needle && haystack.BS.includes(needle.B);
  if ('L' in haystack) return haystack.L.some((v) => attributeValuesEqual(v, needle));
  if ('B' in haystack) return 'B' in needle && Buffer.from(haystack.B, 'base64').includes(Buffer.from(needle.B, 'base64'));
  return false;
}

/** `begins_with` for S (characters) and B (bytes); false for any other pair of types. */
export function beginsWith(value: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (!value || !prefix) return false;
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) {
    const v = Buffer.from(value.B, 'base64');
    const p = Buffer.from(prefix.B, 'base64');
    return v.length >= p.length && v.subarray(0, p.length).equals(p);
  }
  return false;
}

/** Evaluates a condition (Condition-, Filter- or KeyConditionExpression) against an item. */
export function evaluateCondition(condition: Condition, item: AttributeMap | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.operand, item);
    case 'compare':
      return compare(condition.op, evaluateOperand(condition.left, item), evaluateOperand(condition.right, item));
    case 'between': {
      const value = evaluateOperand(condition.operand, item);
      return compare('>=', value, evaluateOperand(condition.low, item)) && compare('<=', value, evaluateOperand(condition.high, item));
    }
    case 'in': {
      const value = evaluateOperand(condition.operand, item);
      return condition.list.some((entry) => compare('=', value, evaluateOperand(entry, item)));
    }
    case 'function': {
      const [first, second] = condition.args;
      const value = evaluateOperand(first, item);
      switch (condition.name) {
        case 'attribute_exists':
          return value !== undefined;
        case 'attribute_not_exists':
          return value === undefined;
        case 'attribute_type': {
          const type = evaluateOperand(second, item);
          return !!value && !!type && 'S' in type && typeOf(value) === type.S;
        }
        case 'begins_with':
          return beginsWith(value, evaluateOperand(second, item));
        case 'contains':
          return contains(value, evaluateOperand(second, item));
      }
    }
  }
}

// ---- update expressions ----

const incorrectOperand = (operator: string, value: AttributeValue) =>
  operator === 'ADD' || operator === 'DELETE'
    ? validation(`Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${operator}, operand type: ${typeOf(value)}`)
    : validation('An operand in the update expression has an incorrect data type');

const missingAttribute = () => validation('The provided expression refers to an attribute that does not exist in the item');

function evaluateSetOperand(operand: Operand, item: AttributeMap | undefined): AttributeValue {
  switch (operand.kind) {
    case 'value':
      return operand.value;
    case 'path': {
      const value = getPath(item, operand.path);
      if (!value) throw missingAttribute();
      return value;
    }
    case 'if_not_exists':
      return getPath(item, operand.path) ?? evaluateSetOperand(operand.fallback, item);
    case 'list_append': {
      const left = evaluateSetOperand(operand.left, item);
      const right = evaluateSetOperand(operand.right, item);
      if (!('L' in left)) throw incorrectOperand('list_append', left);
      if (!('L' in right)) throw incorrectOperand('list_append', right);
      return { L: [...left.L, ...right.L] };
    }
    case 'arith': {
      const left = evaluateSetOperand(operand.left, item);
      const right = evaluateSetOperand(operand.right, item);
      if (!('N' in left)) throw incorrectOperand(operand.op, left);
      if (!('N' in right)) throw incorrectOperand(operand.op, right);
      return { N: addNumbers(left.N, right.N, operand.op === '-') };
    }
    case 'size':
      throw validation('Invalid UpdateExpression: The function is not allowed in an update expression; function: size');
  }
}

const invalidPath = () => validation('The document path provided in the update expression is invalid for update');

/**
 * Returns a copy of `container` with `value` at `path[index…]` (or the step removed when `value`
 * is undefined). Containers along the path are copied, never mutated: stored items and the
 * images handed to the stream must not change after the fact.
 */
function setIn(container: AttributeValue, path: DocumentPath, index: number, value: AttributeValue | undefined): AttributeValue {
  const step = path[index];
  const last = index === path.length - 1;
  if (typeof step === 'number') {
    if (!('L' in container)) throw invalidPath();
    const list = container.L.slice();
    if (last) {
      if (value === undefined) {
        if (step < list.length) list.splice(step, 1);
      } else if (step >= list.length) list.push(value);
      else list[step] = value;
    } else {
      const child = list[step];
      if (!child) {
        if (value === undefined) return container;
        throw invalidPath();
      }
      list[step] = setIn(child, path, index + 1, value);
    }
    return { L: list };
  }
  if (!('M' in container)) throw invalidPath();
  const map = { ...container.M };
  if (last) {
    if (value === undefined) delete map[step];
    else map[step] = value;
  } else {
    const child = map[step];
    if (!child) {
      if (value === undefined) return container;
      throw invalidPath();
    }
    map[step] = setIn(child, path, index + 1, value);
  }
  return { M: map };
}

/** Sets (or with undefined removes) the value at `path` in a shallow-copied item. */
function assignPath(item: AttributeMap, path: DocumentPath, value: AttributeValue | undefined): void {
  const top = path[0] as string;
  if (path.length === 1) {
    if (value === undefined) delete item[top];
    else item[top] = value;
    return;
  }
  const root = item[top];
  if (!root) {
    if (value === undefined) return;
    throw invalidPath();
  }
  item[top] = setIn(root, path, 1, value);
}

function addToValue(existing: AttributeValue | undefined, operand: AttributeValue): AttributeValue {
  const type = typeOf(operand);
  if (type !== 'N' && type !== 'SS' && type !== 'NS' && type !== 'BS') throw incorrectOperand('ADD', operand);
  if (!existing) return operand;
  if ('N' in operand) {
    if (!('N' in existing)) throw validation('An operand in the update expression has an incorrect data type');
    return { N: addNumbers(existing.N, operand.N) };
  }
  if (typeOf(existing) !== type) throw validation('An operand in the update expression has an incorrect data type');
  const canon = type === 'NS' ? canonicalNumber : (s: string) => s;
  const current = (existing as Record<string, string[]>)[type];
  const seen = new Set(current.map(canon));
  const merged = current.slice();
  for (const v of (operand as Record<string, string[]>)[type]) if (!seen.has(canon(v))) merged.push(v);
  return { [type]: merged } as AttributeValue;
}

function deleteFromValue(existing: AttributeValue | undefined, operand: AttributeValue): AttributeValue | undefined {
  const type = typeOf(operand);
  if (type !== 'SS' && type !== 'NS' && type !== 'BS') throw incorrectOperand('DELETE', operand);
  if (!existing) return undefined;
  if (typeOf(existing) !== type) throw validation('An operand in the update expression has an incorrect data type');
  const canon = type === 'NS' ? canonicalNumber : (s: string) => s;
  const remove = new Set((operand as Record<string, string[]>)[type].map(canon));
  const kept = (existing as Record<string, string[]>)[type].filter((v) => !remove.has(canon(v)));
  // A set cannot be empty: removing its last element removes the attribute.
  return kept.length ? ({ [type]: kept } as AttributeValue) : undefined;
}

/**
 * Checks the paths of an update's actions pairwise: one may not be a prefix of another, as
 * AWS refuses ("Two document paths overlap…"), and none may touch a key attribute.
 */
export function checkUpdatePaths(actions: UpdateAction[], keyNames: string[]): void {
  for (const action of actions) {
    if (keyNames.includes(action.path[0] as string)) {
      throw validation(`One or more parameter values were invalid: Cannot update attribute ${action.path[0]}. This attribute is part of the key`);
    }
  }
  for (let i = 0; i < actions.length; i++) {
    for (let j = i + 1; j < actions.length; j++) {
      const a = actions[i].path;
      const b = actions[j].path;
      const n = Math.min(a.length, b.length);
      let k = 0;
      while (k < n && a[k] === b[k]) k++;
      if (k < n) continue;
      const word = a.length === b.length ? 'conflict' : 'overlap';
      throw validation(`Invalid UpdateExpression: Two document paths ${word} with each other; must remove or rewrite one of these paths; path one: ${formatPath(a)}, path two: ${formatPath(b)}`);
    }
  }
}

/**
 * Applies an update's actions to an item (undefined when it does not exist yet) and returns
 * the new item. Every right-hand side reads the item as it was before the update, as AWS does.
 */
export function applyUpdate(item: AttributeMap | undefined, actions: UpdateAction[]): AttributeMap {
  const before = item;
  const values = actions.map((action) => (action.kind === 'REMOVE' ? undefined : evaluateSetOperand(action.value, before)));
  const result: AttributeMap = { ...(item ?? {}) };
  // REMOVEs of list elements go from the highest index down, so each index means the original list.
  const order = actions.map((_, i) => i);
  order.sort((x, y) => {
    const a = actions[x];
    const b = actions[y];
    if (a.kind === 'REMOVE' && b.kind === 'REMOVE') {
      const ai = a.path[a.path.length - 1];
      const bi = b.path[b.path.length - 1];
      if (typeof ai === 'number' && typeof bi === 'number') return bi - ai;
    }
    return x - y;
  });
  for (const i of order) {
    const action = actions[i];
    switch (action.kind) {
      case 'SET':
        assignPath(result, action.path, values[i]!);
        break;
      case 'REMOVE':
        assignPath(result, action.path, undefined);
        break;
      case 'ADD':
        assignPath(result, action.path, addToValue(getPath(before, action.path), values[i]!));
        break;
      case 'DELETE': {
        const existing = getPath(before, action.path);
        if (existing) assignPath(result, action.path, deleteFromValue(existing, values[i]!));
        else deleteFromValue(undefined, values[i]!);
        break;
      }
    }
  }
  return result;
}

// ---- projections ----

type Tree = { value?: AttributeValue; children?: Map<string | number, Tree> };

/**
 * The parts of an item named by a ProjectionExpression (or the paths an update touched, for
 * UPDATED_OLD/UPDATED_NEW). List elements keep their relative order and are compacted, as AWS
 * returns them.
 */
export function projectItem(item: AttributeMap, paths: DocumentPath[]): AttributeMap {
  const root: Tree = { children: new Map() };
  for (const path of paths) {
    const value = getPath(item, path);
    if (value === undefined) continue;
    let node = root;
    for (const step of path) {
      if (node.value) break; // an ancestor is already projected whole
      node.children ??= new Map();
      let child = node.children.get(step);
      if (!child) node.children.set(step, (child = {}));
      node = child;
    }
    if (!node.value) {
      node.value = value;
      delete node.children;
    }
  }
  const out: AttributeMap = {};
  for (const [name, child] of root.children!) out[name as string] = build(child, item[name as string]);
  return out;
}

function build(node: Tree, source: AttributeValue): AttributeValue {
  if (node.value) return node.value;
  const entries = [...node.children!.entries()];
  if ('L' in source) {
    entries.sort((a, b) => (a[0] as number) - (b[0] as number));
    return { L: entries.map(([index, child]) => build(child, source.L[index as number])) };
  }
  const map: AttributeMap = {};
  for (const [name, child] of entries) map[name as string] = build(child, (source as { M: AttributeMap }).M[name as string]);
  return { M: map };
}
