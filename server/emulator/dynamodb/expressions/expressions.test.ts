import { describe, expect, it } from 'vitest';
import type { AttributeMap, AttributeValue } from '../values';
import { applyUpdate, checkUpdatePaths, evaluateCondition, projectItem } from './evaluate';
import { ExpressionContext, parseCondition, parseProjection, parseUpdate } from './parser';

const entriesList: AttributeValue[] = [{ M: { sku: { S: 'A' }, n: { N: '1' } } }, { M: { sku: { S: 'B' }, n: { N: '2' } } }];
const item: AttributeMap = {
  id: { S: 'order-1' },
  status: { S: 'PAID' },
  amount: { N: '42.50' },
  qty: { N: '3' },
  tags: { SS: ['rush', 'gift'] },
  scores: { NS: ['1', '2'] },
  entries: { L: entriesList },
  address: { M: { city: { S: 'Paris' }, zip: { S: '75001' } } },
  bin: { B: 'AQID' },
  gone: { NULL: true },
  flag: { BOOL: true },
};

const values: Record<string, AttributeValue> = {
  ':paid': { S: 'PAID' },
  ':new': { S: 'NEW' },
  ':p': { S: 'Pa' },
  ':40': { N: '40' },
  ':fortyTwoHalf': { N: '42.5' },
  ':50': { N: '50' },
  ':2': { N: '2' },
  ':three': { N: '3.0' },
  ':rush': { S: 'rush' },
  ':S': { S: 'S' },
  ':SS': { S: 'SS' },
  ':M': { S: 'M' },
  ':skuA': { M: { sku: { S: 'A' }, n: { N: '1' } } },
  ':b01': { B: 'AQ==' },
};
const names = { '#s': 'status', '#a': 'address' };

function check(source: string, target: AttributeMap | null = item): boolean {
  const ctx = new ExpressionContext(names, values);
  return evaluateCondition(parseCondition(source, 'ConditionExpression', ctx), target ?? undefined);
}

describe('condition expressions', () => {
  it.each<[string, boolean]>([
    ['#s = :paid', true],
    ['#s <> :paid', false],
    ['#s = :new', false],
    ['amount = :fortyTwoHalf', true], // numbers by value: 42.50 = 42.5
    ['amount > :40', true],
    ['amount >= :fortyTwoHalf', true],
    ['amount < :40', false],
    ['amount <= :50', true],
    ['qty = :three', true],
    ['amount BETWEEN :40 AND :50', true],
    ['qty BETWEEN :40 AND :50', false],
    ['#s IN (:new, :paid)', true],
    ['#s IN (:new)', false],
    ['attribute_exists(#a.city)', true],
    ['attribute_exists(#a.country)', false],
    ['attribute_not_exists(absent)', true],
    ['attribute_not_exists(entries[5])', true],
    ['attribute_exists(entries[1].sku)', true],
    ['attribute_type(tags, :SS)', true],
    ['attribute_type(#a, :M)', true],
    ['attribute_type(#a, :S)', false],
    ['begins_with(#a.city, :p)', true],
    ['begins_with(#s, :p)', false],
    ['begins_with(bin, :b01)', true],
    ['contains(tags, :rush)', true],
    ['contains(scores, :2)', true],
    ['contains(#s, :p)', false],
    ['contains(entries, :skuA)', true],
    ['size(tags) = :2', true],
    ['size(entries) > :2', false],
    ['size(#a.city) BETWEEN :2 AND :50', true],
    ['NOT #s = :new', true],
    ['NOT (#s = :paid AND qty = :three)', false],
    ['#s = :new OR qty = :three AND amount > :40', true], // AND binds tighter than OR
    ['(#s = :new OR qty = :three) AND amount > :50', false],
    ['absent = :paid', false],
    ['absent <> :paid', true], // a absent attribute is never equal to a value
    ['amount > :paid', false], // different types do not compare
    ['entries[0].sku = :skuA', false],
    ['gone = gone', true],
    ['flag = flag AND NOT flag <> flag', true],
    ['#s = :paid and amount > :40', true], // keywords are case-insensitive
  ])('%s → %s', (source, expected) => {
    expect(check(source)).toBe(expected);
  });

  it('evaluates against a absent item as though every attribute were absent', () => {
    expect(check('attribute_not_exists(id)', null)).toBe(true);
    expect(check('attribute_exists(id)', null)).toBe(false);
  });

  it.each<[string, string]>([
    ['#s = ', 'Invalid ConditionExpression: Syntax error; token: "<EOF>"'],
    ['#s == :paid', 'Invalid ConditionExpression: Syntax error; token: "="'],
    ['#s = :paid AND', 'Invalid ConditionExpression: Syntax error; token: "<EOF>"'],
    ['(#s = :paid', 'Invalid ConditionExpression: Syntax error; token: "<EOF>"'],
    ['#s = :paid)', 'Invalid ConditionExpression: Syntax error; token: ")"'],
    ['#s $ :paid', 'Invalid ConditionExpression: Syntax error; token: "$"'],
    ['#nope = :paid', 'An expression attribute name used in the document path is not defined; attribute name: #nope'],
    ['#s = :nope', 'An expression attribute value used in expression is not defined; attribute value: :nope'],
    ['frobnicate(#s)', 'Invalid ConditionExpression: Invalid function name; function: frobnicate'],
    ['attribute_exists(#s, :paid)', 'Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2'],
    ['attribute_type(#s, :paid)', 'Invalid attribute type name found; type: PAID'],
    ['qty BETWEEN :50 AND :40', 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound'],
    ['', 'Invalid ConditionExpression: The expression can not be empty;'],
    ['if_not_exists(#s, :paid) = :paid', 'The function is not allowed to be used this way in an expression; function: if_not_exists'],
    ['begins_with(:p, :p)', 'Invalid ConditionExpression: Operator or function requires a document path; operator or function: begins_with'],
    ['size(:p) > :2', 'Invalid ConditionExpression: Operator or function requires a document path; operator or function: size'],
    ['status = :paid', 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status'],
    ['#a.Name = :paid', 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name'],
    // A syntax error is reported before a reserved word, as AWS does.
    ['status = ', 'Invalid ConditionExpression: Syntax error; token: "<EOF>"'],
  ])('rejects %j', (source, message) => {
    expect(() => check(source)).toThrow(message);
  });

  it('records which names and values were used, and reports the unused ones as AWS does', () => {
    const ctx = new ExpressionContext({ '#s': 'status', '#x': 'x' }, { ':paid': { S: 'PAID' }, ':x': { S: 'x' } });
    parseCondition('#s = :paid', 'ConditionExpression', ctx);
    expect(() => ctx.checkAllUsed()).toThrow('Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}');
    parseCondition('#x = #x', 'FilterExpression', ctx);
    expect(() => ctx.checkAllUsed()).toThrow('Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}');
  });
});

function update(source: string, target: AttributeMap | undefined = item, keyNames = ['id']): AttributeMap {
  const ctx = new ExpressionContext(
    { '#c': 'count', '#a': 'address' },
    {
      ':one': { N: '1' },
      ':zero': { N: '0' },
      ':x': { S: 'x' },
      ':l': { L: [{ S: 'z' }] },
      ':ss': { SS: ['new', 'rush'] },
      ':ns': { NS: ['2', '3'] },
      ':rush': { SS: ['rush', 'gift'] },
      ':city': { S: 'Lyon' },
      ':big': { N: '0.1' },
    },
  );
  const actions = parseUpdate(source, ctx);
  checkUpdatePaths(actions, keyNames);
  return applyUpdate(target, actions);
}

describe('update expressions', () => {
  it.each<[string, string, AttributeValue | undefined]>([
    ['SET qty = qty + :one', 'qty', { N: '4' }],
    ['SET qty = qty - :one', 'qty', { N: '2' }],
    ['SET amount = amount + :big', 'amount', { N: '42.6' }],
    ['SET #c = if_not_exists(#c, :zero) + :one', 'count', { N: '1' }],
    ['SET qty = if_not_exists(qty, :zero)', 'qty', { N: '3' }],
    ['SET newList = list_append(:l, :l)', 'newList', { L: [{ S: 'z' }, { S: 'z' }] }],
    ['SET #a.city = :city', 'address', { M: { city: { S: 'Lyon' }, zip: { S: '75001' } } }],
    ['SET entries[1].sku = :x', 'entries', { L: [{ M: { sku: { S: 'A' }, n: { N: '1' } } }, { M: { sku: { S: 'x' }, n: { N: '2' } } }] }],
    ['SET entries[9] = :x', 'entries', { L: [entriesList[0], entriesList[1], { S: 'x' }] }], // past the end appends
    ['REMOVE #a.zip', 'address', { M: { city: { S: 'Paris' } } }],
    ['REMOVE entries[0]', 'entries', { L: [entriesList[1]] }],
    ['REMOVE entries[0], entries[1]', 'entries', { L: [] }], // both indexes mean the original list
    ['REMOVE qty', 'qty', undefined],
    ['ADD qty :one', 'qty', { N: '4' }],
    ['ADD fresh :one', 'fresh', { N: '1' }],
    ['ADD tags :ss', 'tags', { SS: ['rush', 'gift', 'new'] }],
    ['ADD scores :ns', 'scores', { NS: ['1', '2', '3'] }],
    ['DELETE tags :ss', 'tags', { SS: ['gift'] }],
    ['DELETE tags :rush', 'tags', undefined], // a set emptied by DELETE disappears
    ['SET a = :x, b = :x REMOVE qty ADD n :one', 'a', { S: 'x' }],
    ['set qty = :one', 'qty', { N: '1' }],
  ])('%s → %s', (source, attribute, expected) => {
    expect(update(source)[attribute]).toEqual(expected);
  });

  it('reads every right-hand side from the item as it was before the update', () => {
    const result = update('SET qty = :one, amount = qty');
    expect(result.qty).toEqual({ N: '1' });
    expect(result.amount).toEqual({ N: '3' });
  });

  it('never mutates the item it was given', () => {
    const before = JSON.stringify(item);
    update('SET #a.city = :city, entries[0].sku = :x REMOVE tags ADD scores :ns');
    expect(JSON.stringify(item)).toBe(before);
  });

  it('starts from nothing for a absent item', () => {
    expect(update('SET a = :x', { id: { S: 'k' } })).toEqual({ id: { S: 'k' }, a: { S: 'x' } });
  });

  it.each<[string, string]>([
    ['SET', 'Invalid UpdateExpression: Syntax error; token: "<EOF>"'],
    ['SET a :x', 'Invalid UpdateExpression: Syntax error; token: ":x"'],
    ['SET , a = :x', 'Invalid UpdateExpression: Syntax error; token: ","'],
    ['SET a = :x,', 'Invalid UpdateExpression: Syntax error; token: "<EOF>"'],
    ['PUT a = :x', 'Invalid UpdateExpression: Syntax error; token: "PUT"'],
    ['SET #c = :x, size = :x', 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size'],
    ['SET a = :x SET b = :x', 'The "SET" section can only be used once in an update expression;'],
    ['SET a = size(tags)', 'Invalid UpdateExpression: The function is not allowed in an update expression; function: size'],
    ['SET a = :x, a = :one', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['SET #a = :x REMOVE #a.city', 'Two document paths overlap with each other'],
    ['SET id = :x', 'Cannot update attribute id. This attribute is part of the key'],
    ['SET qty = qty + :x', 'An operand in the update expression has an incorrect data type'],
    ['SET a = absent + :one', 'The provided expression refers to an attribute that does not exist in the item'],
    ['SET a = list_append(qty, :l)', 'An operand in the update expression has an incorrect data type'],
    ['SET nothere.deeper = :x', 'The document path provided in the update expression is invalid for update'],
    ['ADD #a :x', 'Incorrect operand type for operator or function; operator: ADD, operand type: S'],
    ['ADD tags :one', 'An operand in the update expression has an incorrect data type'],
    ['DELETE qty :one', 'Incorrect operand type for operator or function; operator: DELETE, operand type: N'],
  ])('rejects %j', (source, message) => {
    expect(() => update(source)).toThrow(message);
  });
});

describe('projections', () => {
  function project(source: string): AttributeMap {
    return projectItem(item, parseProjection(source, new ExpressionContext({ '#a': 'address' }, undefined)));
  }

  it.each<[string, AttributeMap]>([
    ['id', { id: item.id }],
    ['id, qty, absent', { id: item.id, qty: item.qty }],
    ['#a.city', { address: { M: { city: { S: 'Paris' } } } }],
    ['entries[1].sku', { entries: { L: [{ M: { sku: { S: 'B' } } }] } }],
    ['entries[1], entries[0].n', { entries: { L: [{ M: { n: { N: '1' } } }, entriesList[1]] } }],
    ['#a, #a.city', { address: item.address }],
  ])('%s', (source, expected) => {
    expect(project(source)).toEqual(expected);
  });

  it('rejects a malformed path', () => {
    expect(() => project('entries[x]')).toThrow('Invalid ProjectionExpression: Syntax error; token: "x"');
  });
});
