import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand as DocQueryCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';
import { createTestTable } from './test-support';

let emu: TestEmulator;
let numbers: string; // pk S, sk N
let strings: string; // pk S, sk S
let binaries: string; // pk S, sk B

// Sort keys written out of order; their numeric order is the order of this list, sorted.
const NUMERIC_KEYS = ['10', '9', '-1', '0.5', '1E+2', '-100.25', '12345678901234567890123456789012345678', '12345678901234567890123456789012345677'];
const NUMERIC_ORDER = ['-100.25', '-1', '0.5', '9', '10', '1E+2', '12345678901234567890123456789012345677', '12345678901234567890123456789012345678'];
const STRING_KEYS = ['b', 'a', 'ab', 'B', '\uff5e', '\u{1f600}', 'abc', 'ac'];
const STRING_ORDER = ['B', 'a', 'ab', 'abc', 'ac', 'b', '\uff5e', '\u{1f600}']; // UTF-8 byte order

beforeAll(async () => {
  emu = await startTestEmulator();
  numbers = await createTestTable(emu.dynamodb, { sortKeyType: 'N' });
  strings = await createTestTable(emu.dynamodb, { sortKeyType: 'S' });
  binaries = await createTestTable(emu.dynamodb, { sortKeyType: 'B' });
  for (const [i, sk] of NUMERIC_KEYS.entries()) {
    await emu.dynamodb.send(new PutItemCommand({ TableName: numbers, Item: { pk: { S: 'p' }, sk: { N: sk }, i: { N: String(i) }, odd: { BOOL: i % 2 === 1 } } }));
  }
  await emu.dynamodb.send(new PutItemCommand({ TableName: numbers, Item: { pk: { S: 'other' }, sk: { N: '1' } } }));
  for (const sk of STRING_KEYS) await emu.dynamodb.send(new PutItemCommand({ TableName: strings, Item: { pk: { S: 'p' }, sk: { S: sk } } }));
  for (const bytes of [[2], [1, 255], [1], [1, 0], [255]]) {
    await emu.dynamodb.send(new PutItemCommand({ TableName: binaries, Item: { pk: { S: 'p' }, sk: { B: new Uint8Array(bytes) } } }));
  }
});
afterAll(async () => {
  await emu.stop();
});

const sortKeys = (items: Record<string, AttributeValue>[] | undefined) => (items ?? []).map((item) => item.sk.N ?? item.sk.S ?? Array.from(item.sk.B!).join(','));

async function queryNumbers(condition: string, values: Record<string, AttributeValue>, extra: Partial<QueryCommandInput> = {}) {
  return emu.dynamodb.send(
    new QueryCommand({ TableName: numbers, KeyConditionExpression: condition, ExpressionAttributeValues: { ':p': { S: 'p' }, ...values }, ...extra }),
  );
}

describe('Query', () => {
  it('orders N sort keys numerically, with 38-digit precision', async () => {
    const out = await queryNumbers('pk = :p', {});
    expect(sortKeys(out.Items)).toEqual(NUMERIC_ORDER);
    expect(out).toMatchObject({ Count: 8, ScannedCount: 8 });
    expect(out.LastEvaluatedKey).toBeUndefined();
  });

  it('orders S sort keys by UTF-8 bytes and B sort keys by bytes', async () => {
    const s = await emu.dynamodb.send(new QueryCommand({ TableName: strings, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
    expect(sortKeys(s.Items)).toEqual(STRING_ORDER);
    const b = await emu.dynamodb.send(new QueryCommand({ TableName: binaries, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
    expect(sortKeys(b.Items)).toEqual(['1', '1,0', '1,255', '2', '255']);
  });

  it.each<[string, Record<string, AttributeValue>, string[]]>([
    ['pk = :p AND sk = :v', { ':v': { N: '10.0' } }, ['10']],
    ['pk = :p AND sk < :v', { ':v': { N: '0.5' } }, ['-100.25', '-1']],
    ['pk = :p AND sk <= :v', { ':v': { N: '0.5' } }, ['-100.25', '-1', '0.5']],
    ['pk = :p AND sk > :v', { ':v': { N: '100' } }, ['12345678901234567890123456789012345677', '12345678901234567890123456789012345678']],
    ['pk = :p AND sk >= :v', { ':v': { N: '100' } }, ['1E+2', '12345678901234567890123456789012345677', '12345678901234567890123456789012345678']],
    ['pk = :p AND sk BETWEEN :lo AND :hi', { ':lo': { N: '-1' }, ':hi': { N: '9' } }, ['-1', '0.5', '9']],
    ['sk BETWEEN :lo AND :hi AND pk = :p', { ':lo': { N: '9.5' }, ':hi': { N: '9.9' } }, []],
  ])('%s', async (condition, values, expected) => {
    expect(sortKeys((await queryNumbers(condition, values)).Items)).toEqual(expected);
  });

  it('supports begins_with on a string sort key', async () => {
    const out = await emu.dynamodb.send(
      new QueryCommand({ TableName: strings, KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)', ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { S: 'a' } } }),
    );
    expect(sortKeys(out.Items)).toEqual(['a', 'ab', 'abc', 'ac']);
  });

  it('reads backwards with ScanIndexForward false', async () => {
    const out = await queryNumbers('pk = :p AND sk < :v', { ':v': { N: '10' } }, { ScanIndexForward: false });
    expect(sortKeys(out.Items)).toEqual(['9', '0.5', '-1', '-100.25']);
  });

  it.each([true, false])('pages with Limit and ExclusiveStartKey (forward: %s)', async (forward) => {
    const seen: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    let pages = 0;
    do {
      const out = await queryNumbers('pk = :p', {}, { Limit: 3, ExclusiveStartKey: start, ScanIndexForward: forward });
      seen.push(...sortKeys(out.Items));
      start = out.LastEvaluatedKey;
      pages++;
    } while (start);
    expect(seen).toEqual(forward ? NUMERIC_ORDER : [...NUMERIC_ORDER].reverse());
    expect(pages).toBe(3);
  });

  it('counts Limit before the filter, and reports Count and ScannedCount apart', async () => {
    const out = await queryNumbers('pk = :p', { ':yes': { BOOL: true } }, { FilterExpression: 'odd = :yes', Limit: 4 });
    expect(out).toMatchObject({ Count: 3, ScannedCount: 4 }); // i = 5, 3 and 1 are odd; i = 2 is not
    expect(out.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '9' } });
  });

  it('returns only a count with Select COUNT, and projections with ProjectionExpression', async () => {
    const count = await queryNumbers('pk = :p', {}, { Select: 'COUNT' });
    expect(count.Items).toBeUndefined();
    expect(count.Count).toBe(8);
    const projected = await queryNumbers('pk = :p AND sk = :v', { ':v': { N: '9' } }, { ProjectionExpression: 'i' });
    expect(projected.Items).toEqual([{ i: { N: '1' } }]);
  });

  it('returns nothing for a partition that does not exist', async () => {
    const out = await emu.dynamodb.send(new QueryCommand({ TableName: numbers, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'none' } } }));
    expect(out).toMatchObject({ Items: [], Count: 0, ScannedCount: 0 });
  });

  it.each<[string, Record<string, AttributeValue>, string]>([
    ['sk = :v', { ':v': { N: '1' } }, 'Query condition missed key schema element: pk'],
    ['pk = :p OR sk = :v', { ':v': { N: '1' } }, 'Invalid operator used in KeyConditionExpression: OR'],
    ['pk = :p AND sk <> :v', { ':v': { N: '1' } }, 'Unsupported operator on KeyConditionExpression: operator: <>'],
    ['pk = :p AND sk = :v', { ':v': { S: '1' } }, 'Condition parameter type does not match schema type'],
    ['pk = :p AND extra = :v', { ':v': { N: '1' } }, 'Query condition missed key schema element'],
    ['pk = :p AND', {}, 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>"'],
  ])('refuses %s', async (condition, values, message) => {
    const error = await queryNumbers(condition, values).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toContain(message);
  });

  it('works through the DocumentClient', async () => {
    const doc = DynamoDBDocumentClient.from(emu.dynamodb);
    const out = await doc.send(new DocQueryCommand({ TableName: numbers, KeyConditionExpression: 'pk = :p AND sk > :v', ExpressionAttributeValues: { ':p': 'p', ':v': 9 } }));
    expect(out.Items?.map((item) => item.sk)).toHaveLength(4);
  });
});

describe('Scan', () => {
  async function scanAll(extra: Partial<ScanCommandInput> = {}): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await emu.dynamodb.send(new ScanCommand({ TableName: numbers, ExclusiveStartKey: start, ...extra }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  it('pages through every item exactly once', async () => {
    const items = await scanAll({ Limit: 2 });
    expect(items).toHaveLength(9);
    expect(new Set(items.map((item) => `${item.pk.S}/${item.sk.N}`)).size).toBe(9);
  });

  it('splits the table into disjoint segments that together cover it', async () => {
    const segments = await Promise.all([0, 1, 2].map((Segment) => scanAll({ Segment, TotalSegments: 3, Limit: 2 })));
    const keys = segments.flat().map((item) => `${item.pk.S}/${item.sk.N}`);
    expect(keys).toHaveLength(9);
    expect(new Set(keys).size).toBe(9);
  });

  it('filters, counting every item read in ScannedCount', async () => {
    const out = await emu.dynamodb.send(new ScanCommand({ TableName: numbers, FilterExpression: 'attribute_exists(i) AND i < :three', ExpressionAttributeValues: { ':three': { N: '3' } } }));
    expect(out).toMatchObject({ Count: 3, ScannedCount: 9 });
  });

  it('stops a page once 1 MB has been read, and continues from there', async () => {
    const t = await createTestTable(emu.dynamodb);
    const big = 'x'.repeat(390 * 1024);
    for (const pk of ['a', 'b', 'c', 'd']) await emu.dynamodb.send(new PutItemCommand({ TableName: t, Item: { pk: { S: pk }, big: { S: big } } }));
    const first = await emu.dynamodb.send(new ScanCommand({ TableName: t, ProjectionExpression: 'pk' }));
    expect(first.ScannedCount).toBe(3); // 3 × 390 KB passes 1 MB
    expect(first.LastEvaluatedKey).toBeDefined();
    const rest = await emu.dynamodb.send(new ScanCommand({ TableName: t, ProjectionExpression: 'pk', ExclusiveStartKey: first.LastEvaluatedKey }));
    expect(rest.ScannedCount).toBe(1);
    expect(rest.LastEvaluatedKey).toBeUndefined();
    expect([...first.Items!, ...rest.Items!].map((item) => item.pk.S).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a Segment without TotalSegments, or out of range', async () => {
    await expect(emu.dynamodb.send(new ScanCommand({ TableName: numbers, Segment: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(emu.dynamodb.send(new ScanCommand({ TableName: numbers, Segment: 3, TotalSegments: 3 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Segment: 3 is not less than TotalSegments: 3'),
    });
  });

  it('works with the DocumentClient paginator', async () => {
    const doc = DynamoDBDocumentClient.from(emu.dynamodb);
    let count = 0;
    for await (const page of paginateScan({ client: doc, pageSize: 4 }, { TableName: numbers })) count += page.Items?.length ?? 0;
    expect(count).toBe(9);
  });
});

describe('BatchWriteItem / BatchGetItem', () => {
  it('writes puts and deletes across tables and reads them back', async () => {
    const a = await createTestTable(emu.dynamodb);
    const b = await createTestTable(emu.dynamodb, { sortKeyType: 'N' });
    await emu.dynamodb.send(new PutItemCommand({ TableName: a, Item: { pk: { S: 'doomed' } } }));
    const written = await emu.dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [a]: [{ PutRequest: { Item: { pk: { S: 'x' }, v: { N: '1' } } } }, { DeleteRequest: { Key: { pk: { S: 'doomed' } } } }],
          [b]: [{ PutRequest: { Item: { pk: { S: 'y' }, sk: { N: '2' } } } }],
        },
      }),
    );
    expect(written.UnprocessedItems).toEqual({});
    const read = await emu.dynamodb.send(
      new BatchGetItemCommand({
        RequestItems: {
          [a]: { Keys: [{ pk: { S: 'x' } }, { pk: { S: 'doomed' } }], ProjectionExpression: 'v' },
          [b]: { Keys: [{ pk: { S: 'y' }, sk: { N: '2.0' } }] },
        },
      }),
    );
    expect(read.Responses).toEqual({ [a]: [{ v: { N: '1' } }], [b]: [{ pk: { S: 'y' }, sk: { N: '2' } }] });
    expect(read.UnprocessedKeys).toEqual({});
  });

  it('refuses more than 25 writes or 100 keys, and duplicate keys', async () => {
    const t = await createTestTable(emu.dynamodb);
    const puts = (n: number) => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: { S: `k${i}` } } } }));
    await expect(emu.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [t]: puts(26) } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await emu.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [t]: puts(25) } }));
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: { S: `k${i}` } }));
    await expect(emu.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [t]: { Keys: keys(101) } } }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Too many items requested for the BatchGetItem call',
    });
    const got = await emu.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [t]: { Keys: keys(100) } } }));
    expect(got.Responses?.[t]).toHaveLength(25);
    await expect(
      emu.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [t]: [...puts(1), ...puts(1)] } })),
    ).rejects.toMatchObject({ message: 'Provided list of item keys contains duplicates' });
    await expect(emu.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [t]: { Keys: [...keys(1), ...keys(1)] } } }))).rejects.toMatchObject({
      message: 'Provided list of item keys contains duplicates',
    });
  });

  it('applies nothing when one request in the batch is invalid', async () => {
    const t = await createTestTable(emu.dynamodb);
    await expect(
      emu.dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: { [t]: [{ PutRequest: { Item: { pk: { S: 'ok' } } } }, { PutRequest: { Item: { pk: { N: '1' } } } }] } }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const out = await emu.dynamodb.send(new ScanCommand({ TableName: t }));
    expect(out.Count).toBe(0);
  });
});
