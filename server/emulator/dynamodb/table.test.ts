import { describe, expect, it } from 'vitest';
import { attributeMapSize } from '../core/attribute-value';
import { compareNumberStrings } from './numbers';
import { Table } from './table';
import type { AttributeMap } from './values';

function newTable(): Table {
  return new Table(
    't',
    'arn:aws:dynamodb:us-east-1:000000000000:table/t',
    'id',
    0,
    [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    'PAY_PER_REQUEST',
    { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    undefined,
  );
}

/** A small deterministic generator, so a failure reproduces. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const item = (pk: string, sk: string, extra = ''): AttributeMap => ({ pk: { S: pk }, sk: { N: sk }, v: { S: extra } });

describe('Table', () => {
  it('keeps each partition sorted by sort key through random puts and deletes', () => {
    const table = newTable();
    const random = lcg(42);
    const model = new Map<string, Map<string, AttributeMap>>();
    for (let step = 0; step < 2000; step++) {
      const pk = `p${Math.floor(random() * 5)}`;
      // Numbers spelled different ways: "7", "7.0" and "70E-1" are one key.
      const n = Math.floor(random() * 60) - 30;
      const spelling = [String(n), `${n}.0`, `${n * 10}E-1`][Math.floor(random() * 3)];
      const partition = model.get(pk) ?? new Map<string, AttributeMap>();
      model.set(pk, partition);
      if (random() < 0.7) {
        table.put(item(pk, spelling, String(step)));
        partition.set(String(n), item(pk, spelling, String(step)));
      } else {
        table.delete(item(pk, spelling));
        partition.delete(String(n));
      }
    }
    let count = 0;
    let size = 0;
    for (const [pk, expected] of model) {
      const entries = table.partitions.get(`S${pk}`)?.entries.map((e) => e.item) ?? [];
      const sorted = [...expected.values()].sort((a, b) => compareNumberStrings((a.sk as { N: string }).N, (b.sk as { N: string }).N));
      expect(entries).toEqual(sorted);
      count += sorted.length;
      size += sorted.reduce((n, i) => n + attributeMapSize(i), 0);
    }
    expect(table.items.size).toBe(count);
    expect(table.totalSize).toBe(size);
  });

  it('drops an emptied partition from the scan order', () => {
    const table = newTable();
    table.put(item('a', '1'));
    table.put(item('b', '1'));
    expect(table.scanPartitions()).toHaveLength(2);
    table.delete(item('a', '1.0'));
    expect(table.scanPartitions().map((p) => p.canonical)).toEqual(['Sb']);
  });

  it('indexes TTL values that are numbers only, and forgets deleted items', () => {
    const table = newTable();
    table.put({ ...item('a', '1'), exp: { N: '100' } });
    table.put({ ...item('a', '2'), exp: { S: '100' } });
    table.setTtl({ attributeName: 'exp' });
    expect([...table.ttlIndex.values()]).toEqual([100]);
    table.put({ ...item('a', '3'), exp: { N: '50' } });
    table.delete(item('a', '1'));
    expect([...table.ttlIndex.values()]).toEqual([50]);
    table.put({ ...item('a', '3') }); // TTL attribute removed by a rewrite
    expect(table.ttlIndex.size).toBe(0);
  });

  it('gives equal keys equal strings and different keys different strings', () => {
    const table = newTable();
    expect(table.keyString(item('a', '1.50'))).toBe(table.keyString(item('a', '1.5')));
    expect(table.keyString(item('a1', '1'))).not.toBe(table.keyString(item('a', '11')));
  });
});
