import { describe, expect, it } from 'vitest';
import { filterFor, flattenJson, flattenMessage, formatShare, rankFailureApart, type FlatRecord } from './failure-apart';

function createRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('flattenJson', () => {
  it('returns nothing for nothing', () => {
    expect(flattenJson({})).toEqual(new Map());
    expect(flattenJson([])).toEqual(new Map());
  });
  it('flattens objects by dots and arrays as []', () => {
    const flat = flattenJson({ orderId: 'o-1', total: 29.9, paid: false, note: null, items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 1 }], tags: ['x', 'x'] });
    expect(Object.fromEntries([...flat].map(([k, v]) => [k, [...v]]))).toEqual({
      orderId: ['o-1'],
      total: ['29.9'],
      paid: ['false'],
      note: ['null'],
      'items[].sku': ['A', 'B'],
      'items[].qty': ['1'],
      'tags[]': ['x'],
    });
  });
  it('skips free text and stops at a bounded depth', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i++) cursor = (cursor.a = {}) as Record<string, unknown>;
    cursor.leaf = 'deep';
    expect(flattenJson({ long: 'x'.repeat(500), ...deep }).size).toBe(0);
  });
  it('a scalar body is a value of (body)', () => {
    expect(flattenJson('hello').get('(body)')).toEqual(new Set(['hello']));
  });
});

describe('flattenMessage', () => {
  it('adds message attributes as @name, never binary ones', () => {
    const flat = flattenMessage({
      body: '{"a":1}',
      attributes: [
        { name: 'eventType', value: 'OrderPlaced', binary: false },
        { name: 'blob', value: 'AAEC', binary: true },
      ],
    });
    expect([...flat.keys()]).toEqual(['a', '@eventType']);
  });
  it('a body that is not JSON gives only its attributes', () => {
    expect(flattenMessage({ body: '{oops', attributes: [] }).size).toBe(0);
    expect(flattenMessage({ body: 'plain text' }).size).toBe(0);
  });
});

describe('rankFailureApart', () => {
  it('ranks nothing without failures or baseline', () => {
    expect(rankFailureApart([], [flattenJson({ a: 1 })]).values).toEqual([]);
    expect(rankFailureApart([flattenJson({ a: 1 })], []).values).toEqual([]);
  });

  it('compares only paths the baseline carries', () => {
    const failures = [1, 2, 3, 4].map(() => flattenMessage({ body: '{"kind":"x"}', attributes: [{ name: 'eventType', value: 'E', binary: false }] }));
    const baseline = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => flattenJson({ kind: i < 3 ? 'x' : 'y' }));
    const ranking = rankFailureApart(failures, baseline);
    expect(ranking.uncomparablePaths).toEqual(['@eventType']);
    expect(ranking.values.map((v) => `${v.path}=${v.value}`)).toEqual(['kind=x']);
  });

  it('needs support: a value on too few failures is not listed however rare elsewhere', () => {
    const failures: FlatRecord[] = [];
    for (let i = 0; i < 40; i++) failures.push(flattenJson({ customer: i < 2 ? 'c-rare' : `c-${i}`, sku: 'S' }));
    const baseline = Array.from({ length: 400 }, (_, i) => flattenJson({ customer: `c-${1000 + i}`, sku: i < 40 ? 'S' : 'T' }));
    const ranking = rankFailureApart(failures, baseline);
    expect(ranking.values.map((v) => v.value)).toEqual(['S']);
  });

  it('ignores values no more common among failures', () => {
    const failures = Array.from({ length: 20 }, () => flattenJson({ region: 'eu' }));
    const baseline = Array.from({ length: 100 }, () => flattenJson({ region: 'eu' }));
    expect(rankFailureApart(failures, baseline).values).toEqual([]);
  });

  it('shows values on exactly the same records as one row, led by the string', () => {
    const order = (sku: string, price: number) => flattenJson({ items: [{ sku, unitPrice: price }] });
    const failures = Array.from({ length: 10 }, () => order('GLASS-VASE', 29.9));
    const baseline = [...Array.from({ length: 5 }, () => order('GLASS-VASE', 29.9)), ...Array.from({ length: 95 }, () => order('MUG', 9.9))];
    const [top, ...rest] = rankFailureApart(failures, baseline).values;
    expect(top).toMatchObject({ path: 'items[].sku', value: 'GLASS-VASE', failures: 10, failureShare: 1, baseline: 5, baselineShare: 0.05, also: [{ path: 'items[].unitPrice', value: '29.9' }] });
    expect(rest).toEqual([]);
  });

  it('folds a value found only on failures of a higher-ranked one under it, unless it is markedly more failure-prone', () => {
    // Every MIRROR order fails; the one-line ones of quantity 1 all total 12.75. A SKU seen on few
    // failures (GLASS, 4) must still outrank that total, which says nothing the SKU does not.
    const order = (sku: string, total: number) => flattenJson({ items: [{ sku }], total });
    const failures = [
      ...Array.from({ length: 12 }, (_, i) => order('MIRROR', i < 5 ? 12.75 : 30 + i)),
      ...Array.from({ length: 4 }, (_, i) => order('GLASS', 60 + i)),
      ...Array.from({ length: 4 }, (_, i) => order('BOWL', 70 + i)),
    ];
    const baseline = [...failures, ...Array.from({ length: 180 }, (_, i) => order('MUG', 100 + i))];
    const { values } = rankFailureApart(failures, baseline, { minFailures: 3 });
    expect(values.map((v) => `${v.path}=${v.value}`)).toEqual(['items[].sku=MIRROR', 'items[].sku=BOWL', 'items[].sku=GLASS']);
    expect(values[0].narrower).toEqual([{ path: 'total', value: '12.75', failures: 5 }]);

    // The same total on MIRROR orders that always fail while other MIRROR orders mostly pass: it stands alone.
    const mostlyPassing = [...baseline, ...Array.from({ length: 60 }, (_, i) => order('MIRROR', 200 + i))];
    const alone = rankFailureApart(failures, mostlyPassing, { minFailures: 3 }).values;
    expect(alone.find((v) => v.path === 'total')).toMatchObject({ value: '12.75', narrower: [] });
    expect(alone.find((v) => v.value === 'MIRROR')?.narrower).toEqual([]);
  });

  it('ranks a synthetic shop: the three fragile SKUs above every other value', () => {
    // Like the demo: ~10 % of orders carry a fragile SKU, and exactly those fail; customers,
    // quantities and other lines are random, and the blocked customers fail elsewhere.
    const random = createRandom(7);
    const fragile = ['GLASS-VASE', 'CRYSTAL-BOWL', 'MIRROR-TILE'];
    const sturdy = ['BOOK', 'MUG', 'TSHIRT-M', 'TSHIRT-L', 'LAMP', 'CABLE', 'NOTEBOOK', 'BACKPACK'];
    const price = (sku: string) => 10 + [...fragile, ...sturdy].indexOf(sku);
    const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
    const baseline: FlatRecord[] = [];
    const failures: FlatRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const isFragile = random() < 0.1;
      const skus = [isFragile ? pick(fragile) : pick(sturdy)];
      if (random() < 0.5) skus.push(pick(sturdy));
      const order = { orderId: `ord-${i}`, customerId: `cust-${Math.floor(random() * 400)}`, items: skus.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 3), unitPrice: price(sku) })), total: Math.round(random() * 200) };
      baseline.push(flattenJson({ ...order, status: 'PLACED' }));
      if (isFragile) failures.push(flattenJson(order));
    }
    const ranking = rankFailureApart(failures, baseline);
    const top3 = ranking.values.slice(0, 3);
    expect(top3.map((v) => v.value).sort()).toEqual([...fragile].sort());
    for (const v of top3) {
      expect(v.path).toBe('items[].sku');
      expect(v.failureShare).toBeGreaterThan(0.25);
      expect(v.baselineShare).toBeLessThan(0.05);
      expect(v.lift).toBeGreaterThan(5);
    }
    expect(ranking.values.slice(3).every((v) => v.score < top3[2].score)).toBe(true);
  });

  it('is deterministic whatever the order of the records', () => {
    const failures = [flattenJson({ a: 'x', b: 'y' }), flattenJson({ a: 'x', b: 'z' }), flattenJson({ a: 'x', b: 'y' }), flattenJson({ a: 'w', b: 'y' })];
    const baseline = Array.from({ length: 50 }, (_, i) => flattenJson({ a: i % 10 === 0 ? 'x' : 'q', b: i % 5 === 0 ? 'y' : 'r' }));
    const one = rankFailureApart(failures, baseline, { minFailures: 1 });
    const two = rankFailureApart([...failures].reverse(), [...baseline].reverse(), { minFailures: 1 });
    expect(two.values.map((v) => [v.path, v.value, v.failures, v.baseline])).toEqual(one.values.map((v) => [v.path, v.value, v.failures, v.baseline]));
  });
});

describe('formatShare', () => {
  it.each([
    [0, '0 %'],
    [0.0004, '< 0.1 %'],
    [0.003, '0.3 %'],
    [0.05, '5 %'],
    [0.412, '41 %'],
    [1, '100 %'],
  ])('%s → %s', (share, text) => expect(formatShare(share)).toBe(text));
});

describe('filterFor', () => {
  it.each([
    [{ path: 'items[].sku', value: 'GLASS-VASE' }, { where: 'items[].sku = "GLASS-VASE"' }],
    [{ path: 'total', value: '29.9' }, { where: 'total = 29.9' }],
    [{ path: '@eventType', value: 'OrderPlaced' }, { attr: 'eventType=OrderPlaced' }],
    [{ path: 'tags[]', value: 'red' }, { where: 'tags[] = "red"' }],
  ])('%j', (value, expected) => expect(filterFor(value)).toEqual(expected));
});
