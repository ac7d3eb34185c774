import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../types/queues';
import type { TableKeySpec } from '../types/traces';
import { canonicalNumber } from '../decimal';
import { buildKeySpecs, eventMatchesRef, findItemRefs, keyValueEquals, parseItemQuery, refsForQuery, toKeyValue } from './correlation';

const ORDERS: TableKeySpec = { table: 'orders', hash: { name: 'orderId', type: 'S' }, source: 'key_schema' };
const COUNTERS: TableKeySpec = { table: 'counters', hash: { name: 'counterId', type: 'N' }, source: 'key_schema' };
const BLOBS: TableKeySpec = { table: 'blobs', hash: { name: 'digest', type: 'B' }, source: 'key_schema' };
const LINES: TableKeySpec = { table: 'lines', hash: { name: 'orderRef', type: 'S' }, range: { name: 'line', type: 'N' }, source: 'key_schema' };

const msg = (body: string, attributes: QueueMessage['attributes'] = []) => ({ body, attributes });
const attr = (name: string, value: string, binary = false) => ({ name, dataType: binary ? 'Binary' : 'String', value, binary });

describe('toKeyValue', () => {
  it.each([
    ['ord-1', 'S', { S: 'ord-1' }],
    [42, 'S', { S: '42' }],
    ['', 'S', undefined],
    [null, 'S', undefined],
    [{ S: 'ord-1' }, 'S', { S: 'ord-1' }],
    [{ N: '1' }, 'S', undefined],
    [42, 'N', { N: '42' }],
    ['42.50', 'N', { N: '42.50' }],
    ['1e3', 'N', { N: '1e3' }],
    ['forty', 'N', undefined],
    [{ N: '7' }, 'N', { N: '7' }],
    [true, 'N', undefined],
    ['AAEC', 'B', { B: 'AAEC' }],
    ['not base64!', 'B', undefined],
    ['abc', 'B', undefined],
    [{ B: 'AAEC' }, 'B', { B: 'AAEC' }],
  ] as const)('%j as %s is %j', (value, type, expected) => expect(toKeyValue(value, type)).toEqual(expected));
});

describe('keyValueEquals', () => {
  it.each([
    [{ S: 'a' }, { S: 'a' }, true],
    [{ S: 'a' }, { S: 'A' }, false],
    [{ N: '42' }, { N: '42.0' }, true],
    [{ N: '1e3' }, { N: '1000' }, true],
    [{ N: '-0.5' }, { N: '-.50' }, true],
    [{ N: '12345678901234567890123456789012345678' }, { N: '12345678901234567890123456789012345679' }, false],
    [{ S: '1' }, { N: '1' }, false],
    [{ B: 'AAEC' }, { B: 'AAEC' }, true],
    [{ B: 'AAEC' }, { B: 'AAED' }, false],
  ] as const)('%j = %j is %s', (a, b, equal) => expect(keyValueEquals(a, b)).toBe(equal));

  it('canonicalNumber refuses text that is not a number', () => {
    expect(canonicalNumber('abc')).toBeUndefined();
    expect(canonicalNumber('.')).toBeUndefined();
    expect(canonicalNumber('000')).toBe('0');
  });
});

describe('findItemRefs', () => {
  it('finds the key at the top of a JSON body', () => {
    expect(findItemRefs(msg('{"orderId":"ord-1","total":3}'), [ORDERS])).toEqual([{ table: 'orders', key: { orderId: { S: 'ord-1' } }, foundAt: 'orderId', partial: false, source: 'key_schema' }]);
  });

  it('finds it at any depth, inside arrays and in JSON nested in a string (an SNS envelope)', () => {
    const sns = JSON.stringify({ Type: 'Notification', Message: JSON.stringify({ detail: { orders: [{ orderId: 'ord-9' }] } }) });
    expect(findItemRefs(msg(sns), [ORDERS]).map((r) => [r.key.orderId, r.foundAt])).toEqual([[{ S: 'ord-9' }, 'Message.detail.orders[0].orderId']]);
  });

  it('finds a DynamoDB-JSON key (a stream record in the body)', () => {
    const body = JSON.stringify({ dynamodb: { Keys: { orderId: { S: 'ord-3' } } } });
    expect(findItemRefs(msg(body), [ORDERS])[0]?.key).toEqual({ orderId: { S: 'ord-3' } });
  });

  it('finds it in a message attribute first, once however often it appears', () => {
    const refs = findItemRefs(msg('{"orderId":"ord-1"}', [attr('orderId', 'ord-1')]), [ORDERS]);
    expect(refs).toHaveLength(1);
    expect(refs[0].foundAt).toBe('attribute orderId');
  });

  it('keeps distinct keys apart', () => {
    const refs = findItemRefs(msg('{"orderId":"ord-1","replaces":{"orderId":"ord-0"}}'), [ORDERS]);
    expect(refs.map((r) => r.key.orderId)).toEqual([{ S: 'ord-1' }, { S: 'ord-0' }]);
  });

  it.each([
    ['a number', '{"counterId":42}', { N: '42' }],
    ['a numeric string', '{"counterId":"42"}', { N: '42' }],
  ])('finds an N key as %s', (_n, body, key) => expect(findItemRefs(msg(body), [COUNTERS])[0]?.key.counterId).toEqual(key));

  it('finds a B key in the body and in a binary attribute', () => {
    expect(findItemRefs(msg('{"digest":"3q2+7w=="}'), [BLOBS])[0]?.key.digest).toEqual({ B: '3q2+7w==' });
    expect(findItemRefs(msg('x', [attr('digest', '3q2+7w==', true)]), [BLOBS])[0]?.key.digest).toEqual({ B: '3q2+7w==' });
  });

  it('ignores values of the wrong type', () => {
    expect(findItemRefs(msg('{"counterId":"abc","orderId":{"N":"1"}}'), [COUNTERS, ORDERS])).toEqual([]);
  });

  it('reads key=value from a body that is not JSON', () => {
    expect(findItemRefs(msg('failed: orderId=ord-7 status=ERROR'), [ORDERS])[0]).toMatchObject({ key: { orderId: { S: 'ord-7' } }, foundAt: 'body text orderId' });
    expect(findItemRefs(msg('{"orderId": "ord-8", broken'), [ORDERS])[0]?.key).toEqual({ orderId: { S: 'ord-8' } });
  });

  it('takes the sort key from beside the partition key, or marks the reference partial', () => {
    expect(findItemRefs(msg('{"line":{"orderRef":"o-1","line":2}}'), [LINES])[0]).toMatchObject({ key: { orderRef: { S: 'o-1' }, line: { N: '2' } }, partial: false });
    expect(findItemRefs(msg('{"orderRef":"o-1"}'), [LINES])[0]).toMatchObject({ key: { orderRef: { S: 'o-1' } }, partial: true });
    expect(findItemRefs(msg('{"orderRef":"o-1"}', [attr('line', '3')]), [LINES])[0]?.key.line).toEqual({ N: '3' });
  });

  it('uses aliases declared in eddy.config.json', () => {
    const specs = buildKeySpecs([{ table: 'orders', hash: ORDERS.hash }], { correlationKeys: [{ table: 'orders', names: ['order_id', 'x-order'] }] });
    expect(specs[0].source).toBe('config');
    expect(findItemRefs(msg('{"order_id":"ord-5"}'), specs)[0]).toMatchObject({ key: { orderId: { S: 'ord-5' } }, source: 'config' });
    expect(findItemRefs(msg('', [attr('x-order', 'ord-6')]), specs)[0]?.key).toEqual({ orderId: { S: 'ord-6' } });
  });

  it('ignores config for unknown tables or attributes that are not keys', () => {
    const specs = buildKeySpecs([{ table: 'orders', hash: ORDERS.hash }], { correlationKeys: [{ table: 'nope', names: ['a'] }, { table: 'orders', attribute: 'status', names: ['s'] }] });
    expect(specs).toEqual([{ ...ORDERS }]);
  });

  it('survives hostile nesting', () => {
    let deep = '"ord-deep"';
    for (let i = 0; i < 200; i++) deep = `{"a":${deep}}`;
    expect(findItemRefs(msg(deep), [ORDERS])).toEqual([]);
  });
});

describe('eventMatchesRef', () => {
  it('matches a stream record by every key of the reference', () => {
    expect(eventMatchesRef({ orderId: { S: 'ord-1' } }, { key: { orderId: { S: 'ord-1' } } })).toBe(true);
    expect(eventMatchesRef({ orderId: { S: 'ord-2' } }, { key: { orderId: { S: 'ord-1' } } })).toBe(false);
    expect(eventMatchesRef({ counterId: { N: '42.0' } }, { key: { counterId: { N: '42' } } })).toBe(true);
    expect(eventMatchesRef({ orderRef: { S: 'o' }, line: { N: '1' } }, { key: { orderRef: { S: 'o' } } })).toBe(true);
  });
});

describe('parseItemQuery / refsForQuery', () => {
  it.each([
    ['orderId = ord-1', { ok: true, attribute: 'orderId', value: 'ord-1' }],
    ['orderId=ord-1', { ok: true, attribute: 'orderId', value: 'ord-1' }],
    ['orderId: "ord-1"', { ok: true, attribute: 'orderId', value: 'ord-1' }],
    ['orders.orderId == 42', { ok: true, table: 'orders', attribute: 'orderId', value: '42' }],
    ['ord-1', { ok: true, value: 'ord-1' }],
    ['  "ord 1" ', { ok: true, value: 'ord 1' }],
  ])('%j', (input, expected) => expect(parseItemQuery(input)).toEqual(expected));

  it.each([[''], ['   '], ['orderId = ""']])('%j is refused with a hint', (input) => expect(parseItemQuery(input)).toMatchObject({ ok: false }));

  it('a named key looks in the tables that have it, a bare value in every table it can be a key of', () => {
    const specs = [ORDERS, COUNTERS, LINES];
    const named = parseItemQuery('orderId = 42');
    const bare = parseItemQuery('42');
    if (!named.ok || !bare.ok) throw new Error('parse');
    expect(refsForQuery(named, specs).map((r) => r.table)).toEqual(['orders']);
    expect(refsForQuery(bare, specs).map((r) => [r.table, r.key, r.partial])).toEqual([
      ['orders', { orderId: { S: '42' } }, false],
      ['counters', { counterId: { N: '42' } }, false],
      ['lines', { orderRef: { S: '42' } }, true],
    ]);
    const word = parseItemQuery('ord-1');
    if (!word.ok) throw new Error('parse');
    expect(refsForQuery(word, specs).map((r) => r.table)).toEqual(['orders', 'lines']);
  });
});
