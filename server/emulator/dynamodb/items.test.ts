import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';
import { createTestTable } from './test-support';

let emu: TestEmulator;
let table: string; // hash key pk (S)
let ranged: string; // pk (S) + sk (N)
beforeAll(async () => {
  emu = await startTestEmulator();
  table = await createTestTable(emu.dynamodb);
  ranged = await createTestTable(emu.dynamodb, { sortKeyType: 'N' });
});
afterAll(async () => {
  await emu.stop();
});

const get = async (pk: string, t = table) => (await emu.dynamodb.send(new GetItemCommand({ TableName: t, Key: { pk: { S: pk } } }))).Item;

describe('PutItem / GetItem', () => {
  it('round-trips every AttributeValue type exactly', async () => {
    const item: Record<string, AttributeValue> = {
      pk: { S: 'all-types' },
      s: { S: 'héllo 😀' },
      n: { N: '12345678901234567890123456789012345678' },
      small: { N: '-0.000001' },
      b: { B: new Uint8Array([0, 1, 2, 255]) },
      ss: { SS: ['x', 'y'] },
      ns: { NS: ['1.5', '-2'] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
      m: { M: { inner: { L: [{ NULL: true }, { BOOL: false }, { S: '' }] } } },
      l: { L: [{ N: '1' }, { M: {} }, { L: [] }] },
      nul: { NULL: true },
      yes: { BOOL: true },
    };
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: item }));
    expect(await get('all-types')).toEqual(item);
  });

  it('returns no Item for a missing key, and a projection when asked', async () => {
    expect(await get('nobody')).toBeUndefined();
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'proj' }, a: { M: { b: { S: 'x' }, c: { S: 'y' } } }, d: { N: '1' } } }));
    const out = await emu.dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'proj' } }, ProjectionExpression: '#a.b, d', ExpressionAttributeNames: { '#a': 'a' } }),
    );
    expect(out.Item).toEqual({ a: { M: { b: { S: 'x' } } }, d: { N: '1' } });
  });

  it('replaces the whole item and returns ALL_OLD', async () => {
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'replace' }, a: { S: '1' } } }));
    const out = await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'replace' }, b: { S: '2' } }, ReturnValues: 'ALL_OLD' }));
    expect(out.Attributes).toEqual({ pk: { S: 'replace' }, a: { S: '1' } });
    expect(await get('replace')).toEqual({ pk: { S: 'replace' }, b: { S: '2' } });
  });

  it('honours a ConditionExpression, failing with ConditionalCheckFailedException', async () => {
    const put = (extra: Partial<PutItemCommandInput>) => emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'cond' }, v: { N: '1' } }, ...extra }));
    await put({ ConditionExpression: 'attribute_not_exists(pk)' });
    await expect(put({ ConditionExpression: 'attribute_not_exists(pk)' })).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      $metadata: { httpStatusCode: 400 },
    });
    await put({ ConditionExpression: 'v = :one', ExpressionAttributeValues: { ':one': { N: '1.0' } } });
  });

  it.each<[string, Record<string, AttributeValue>, string]>([
    ['a missing key', { other: { S: 'x' } }, 'One or more parameter values were invalid: Missing the key pk in the item'],
    ['a key of the wrong type', { pk: { N: '1' } }, 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'],
    ['an empty string key', { pk: { S: '' } }, 'The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
    ['an empty set', { pk: { S: 'x' }, s: { SS: [] } }, 'One or more parameter values were invalid: An string set  may not be empty'],
    ['a bad number', { pk: { S: 'x' }, n: { N: 'twelve' } }, 'The parameter cannot be converted to a numeric value: twelve'],
  ])('refuses an item with %s', async (_, item, message) => {
    const error = await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: item })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toContain(message);
  });

  it('refuses an item over 400 KB and accepts one just under', async () => {
    const under = 'x'.repeat(400 * 1024 - 'pk'.length - 'big'.length - 'size'.length); // exactly 400 KB
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'big' }, size: { S: under } } }));
    await expect(emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'big' }, size: { S: `${under}y` } } }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
  });

  it('refuses unused and undefined expression attributes as AWS does', async () => {
    const base = { TableName: table, Item: { pk: { S: 'expr' } } };
    await expect(
      emu.dynamodb.send(new PutItemCommand({ ...base, ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':x': { S: 'x' } } })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}' });
    await expect(emu.dynamodb.send(new PutItemCommand({ ...base, ConditionExpression: 'pk = :x' }))).rejects.toMatchObject({
      message: 'An expression attribute value used in expression is not defined; attribute value: :x',
    });
    await expect(emu.dynamodb.send(new PutItemCommand({ ...base, ExpressionAttributeNames: { '#p': 'pk' } }))).rejects.toMatchObject({
      message: 'ExpressionAttributeNames can only be specified when using expressions',
    });
    await expect(
      emu.dynamodb.send(new PutItemCommand({ ...base, ConditionExpression: 'attribute_not_exists(#p)', ExpressionAttributeNames: { p: 'pk' } })),
    ).rejects.toMatchObject({ message: 'ExpressionAttributeNames contains invalid key: Syntax error; key: "p"' });
  });

  it('refuses a GetItem key that does not match the schema', async () => {
    const keys: Record<string, AttributeValue>[] = [{ pk: { N: '1' } }, { pk: { S: 'a' }, extra: { S: 'b' } }, { other: { S: 'a' } }];
    for (const Key of keys) {
      await expect(emu.dynamodb.send(new GetItemCommand({ TableName: table, Key }))).rejects.toMatchObject({
        name: 'ValidationException',
        message: 'The provided key element does not match the schema',
      });
    }
  });

  it('treats numerically equal sort keys as the same item', async () => {
    await emu.dynamodb.send(new PutItemCommand({ TableName: ranged, Item: { pk: { S: 'n' }, sk: { N: '1' }, v: { S: 'first' } } }));
    await emu.dynamodb.send(new PutItemCommand({ TableName: ranged, Item: { pk: { S: 'n' }, sk: { N: '1.00' }, v: { S: 'second' } } }));
    const out = await emu.dynamodb.send(new GetItemCommand({ TableName: ranged, Key: { pk: { S: 'n' }, sk: { N: '1.0' } } }));
    expect(out.Item?.v).toEqual({ S: 'second' });
  });
});

describe('UpdateItem', () => {
  const update = (pk: string, expression: string, values?: Record<string, AttributeValue>, extra: Record<string, unknown> = {}) =>
    emu.dynamodb.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: pk } }, UpdateExpression: expression, ExpressionAttributeValues: values, ...extra }),
    );

  it('creates a missing item from its key', async () => {
    const out = await update('created', 'SET a = :a', { ':a': { S: 'x' } }, { ReturnValues: 'ALL_NEW' });
    expect(out.Attributes).toEqual({ pk: { S: 'created' }, a: { S: 'x' } });
  });

  it('applies SET, REMOVE, ADD and DELETE with nested paths and functions', async () => {
    await emu.dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: 'full' }, n: { N: '10' }, tags: { SS: ['a', 'b'] }, doc: { M: { entries: { L: [{ M: { c: { S: 'old' } } }] } } }, dropme: { S: 'x' } },
      }),
    );
    // `doc.entries[0].c` and `doc.entries` overlap: AWS refuses the whole update and changes nothing.
    await expect(
      update('full', 'SET doc.entries[0].c = :new, n = :new, doc.entries = list_append(doc.entries, :more)', { ':new': { S: 'new' }, ':more': { L: [{ S: 'tail' }] } }),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Two document paths overlap') });
    expect((await get('full'))?.n).toEqual({ N: '10' });


    await update(
      'full',
      'SET doc.entries[0].c = :new, n = n - :one, #cnt = if_not_exists(#cnt, :zero) + :one REMOVE dropme ADD tags :c DELETE unrelated :a',
      { ':new': { S: 'new' }, ':one': { N: '1' }, ':zero': { N: '0' }, ':c': { SS: ['c'] }, ':a': { SS: ['a'] } },
      { ExpressionAttributeNames: { '#cnt': 'count' } },
    );
    expect(await get('full')).toEqual({
      pk: { S: 'full' },
      n: { N: '9' },
      count: { N: '1' },
      tags: { SS: ['a', 'b', 'c'] },
      doc: { M: { entries: { L: [{ M: { c: { S: 'new' } } }] } } },
    });
  });

  it.each<[string, string, Record<string, AttributeValue> | undefined]>([
    ['UPDATED_OLD', '{"a":{"S":"1"}}', undefined],
    ['UPDATED_NEW', '{"a":{"S":"2"},"b":{"S":"new"}}', undefined],
    ['ALL_OLD', '{"pk":{"S":"rv"},"a":{"S":"1"},"keep":{"S":"k"}}', undefined],
    ['ALL_NEW', '{"pk":{"S":"rv"},"a":{"S":"2"},"keep":{"S":"k"},"b":{"S":"new"}}', undefined],
  ])('returns %s', async (returnValues, expected) => {
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'rv' }, a: { S: '1' }, keep: { S: 'k' } } }));
    const out = await update('rv', 'SET a = :two, b = :new', { ':two': { S: '2' }, ':new': { S: 'new' } }, { ReturnValues: returnValues });
    expect(out.Attributes).toEqual(JSON.parse(expected));
  });

  it('fails the condition without changing the item', async () => {
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'guard' }, version: { N: '2' } } }));
    await expect(
      update('guard', 'SET version = version + :one', { ':one': { N: '1' }, ':expected': { N: '1' } }, { ConditionExpression: 'version = :expected' }),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await get('guard'))?.version).toEqual({ N: '2' });
  });

  it.each<[string, string, Record<string, AttributeValue> | undefined, string]>([
    ['a syntax error', 'SET a = ', undefined, 'Invalid UpdateExpression: Syntax error; token: "<EOF>"'],
    ['a reserved word', 'SET status = :v', { ':v': { S: 'x' } }, 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status'],
    ['a key attribute', 'SET pk = :v', { ':v': { S: 'x' } }, 'Cannot update attribute pk. This attribute is part of the key'],
    ['an unused value', 'SET a = :v', { ':v': { S: 'x' }, ':w': { S: 'y' } }, 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}'],
    ['an undefined value', 'SET a = :v', undefined, 'An expression attribute value used in expression is not defined; attribute value: :v'],
    ['arithmetic on a string', 'SET a = :v + :v', { ':v': { S: 'x' } }, 'An operand in the update expression has an incorrect data type'],
  ])('refuses %s', async (_, expression, values, message) => {
    const error = await update('bad', expression, values).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toContain(message);
  });
});

describe('DeleteItem', () => {
  it('deletes, returns ALL_OLD, and ignores a missing item', async () => {
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'del' }, v: { S: 'x' } } }));
    const out = await emu.dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'del' } }, ReturnValues: 'ALL_OLD' }));
    expect(out.Attributes).toEqual({ pk: { S: 'del' }, v: { S: 'x' } });
    expect(await get('del')).toBeUndefined();
    const again = await emu.dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'del' } }, ReturnValues: 'ALL_OLD' }));
    expect(again.Attributes).toBeUndefined();
  });

  it('honours a condition', async () => {
    await emu.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'keep' }, locked: { BOOL: true } } }));
    await expect(
      emu.dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'keep' } }, ConditionExpression: 'attribute_not_exists(locked)' })),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await get('keep')).toBeDefined();
  });
});

describe('DynamoDBDocumentClient', () => {
  it('puts, updates, gets and deletes native JavaScript values', async () => {
    const doc = DynamoDBDocumentClient.from(emu.dynamodb);
    await doc.send(new PutCommand({ TableName: table, Item: { pk: 'doc', n: 1, list: ['a', 2], nested: { ok: true, none: null }, set: new Set(['x']) } }));
    const updated = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'doc' },
        UpdateExpression: 'SET n = n + :inc, nested.added = :v',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':inc': 41, ':v': 'yes' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(updated.Attributes).toEqual({ n: 42, nested: { added: 'yes' } });
    const got = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'doc' } }));
    expect(got.Item).toEqual({ pk: 'doc', n: 42, list: ['a', 2], nested: { ok: true, none: null, added: 'yes' }, set: new Set(['x']) });
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'doc' } }));
    expect((await doc.send(new GetCommand({ TableName: table, Key: { pk: 'doc' } }))).Item).toBeUndefined();
  });
});
