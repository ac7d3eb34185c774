import { describe, expect, it } from 'vitest';
import { createOrderFactory, hasFragileItem, isBlockedCustomer, isFragileSku } from './catalogue';

const NOW = Date.parse('2026-01-01T12:00:00.000Z');

describe('catalogue rules', () => {
  it.each([
    ['GLASS-VASE', true],
    ['CRYSTAL-BOWL', true],
    ['MIRROR-TILE', true],
    ['MUG-CLASSIC', false],
    ['glass-vase', false],
    ['', false],
  ])('isFragileSku(%j) is %s', (sku, expected) => {
    expect(isFragileSku(sku)).toBe(expected);
  });

  it.each([
    ['cust-blocked-1', true],
    ['cust-blocked-', true],
    ['cust-0001', false],
    ['blocked-cust-1', false],
    ['', false],
  ])('isBlockedCustomer(%j) is %s', (customerId, expected) => {
    expect(isBlockedCustomer(customerId)).toBe(expected);
  });

  it.each([
    [[], false],
    [[{ sku: 'MUG-CLASSIC' }], false],
    [[{ sku: 'MUG-CLASSIC' }, { sku: 'MIRROR-TILE' }], true],
  ])('hasFragileItem(%j) is %s', (items, expected) => {
    expect(hasFragileItem(items)).toBe(expected);
  });
});

describe('createOrderFactory', () => {
  it('starts with an ordinary order, a fragile one and a blocked customer’s, so both failures show at once', () => {
    const factory = createOrderFactory({ seed: 1, now: () => NOW });
    const [first, second, third] = [factory.next(), factory.next(), factory.next()];
    expect(hasFragileItem(first.items) || isBlockedCustomer(first.customerId)).toBe(false);
    expect(hasFragileItem(second.items)).toBe(true);
    expect(isBlockedCustomer(second.customerId)).toBe(false);
    expect(isBlockedCustomer(third.customerId)).toBe(true);
    expect([first, second, third].map((o) => o.status)).toEqual(['PLACED', 'PLACED', 'PLACED']);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = createOrderFactory({ seed: 42, now: () => NOW });
    const b = createOrderFactory({ seed: 42, now: () => NOW });
    const c = createOrderFactory({ seed: 43, now: () => NOW });
    const take = (f: typeof a) => Array.from({ length: 20 }, () => f.next());
    const [fromA, fromB, fromC] = [take(a), take(b), take(c)];
    expect(fromA).toEqual(fromB);
    expect(fromA.map((o) => o.orderId)).not.toEqual(fromC.map((o) => o.orderId));
  });

  it('mixes kinds in about the configured shares and writes well-formed orders', () => {
    const factory = createOrderFactory({ seed: 9, now: () => NOW });
    const orders = Array.from({ length: 2000 }, () => factory.next());
    const share = (predicate: (o: (typeof orders)[number]) => boolean) => orders.filter(predicate).length / orders.length;
    expect(share((o) => hasFragileItem(o.items))).toBeGreaterThan(0.07);
    expect(share((o) => hasFragileItem(o.items))).toBeLessThan(0.13);
    expect(share((o) => isBlockedCustomer(o.customerId))).toBeGreaterThan(0.03);
    expect(share((o) => isBlockedCustomer(o.customerId))).toBeLessThan(0.07);
    expect(share((o) => o.status === 'CART')).toBeGreaterThan(0.03);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(orders.length);
    for (const order of orders) {
      expect(order.orderId).toMatch(/^ord-\d+-[0-9a-z]{6}$/);
      expect(order.items.length).toBeGreaterThan(0);
      expect(order.total).toBeCloseTo(order.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0), 2);
      expect(order.createdAt).toBe('2026-01-01T12:00:00.000Z');
      // Abandoned carts are already past their TTL; placed orders never expire.
      expect(order.expiresAt === undefined ? 'PLACED' : order.expiresAt < NOW / 1000 ? 'CART' : 'bad').toBe(order.status);
    }
  });
});
