import { createRandom } from './util';

/** One product the demo shop sells; `fragile` ones are what the warehouse bug rejects. */
export interface CatalogueItem {
  sku: string;
  name: string;
  unitPrice: number;
  fragile: boolean;
  initialStock: number;
}

export const CATALOGUE: readonly CatalogueItem[] = [
  { sku: 'BOOK-DDIA', name: 'Designing Data-Intensive Applications', unitPrice: 42.5, fragile: false, initialStock: 500_000 },
  { sku: 'MUG-CLASSIC', name: 'Classic mug', unitPrice: 9.9, fragile: false, initialStock: 800_000 },
  { sku: 'TSHIRT-M', name: 'T-shirt, size M', unitPrice: 19, fragile: false, initialStock: 600_000 },
  { sku: 'TSHIRT-L', name: 'T-shirt, size L', unitPrice: 19, fragile: false, initialStock: 600_000 },
  { sku: 'LAMP-DESK', name: 'Desk lamp', unitPrice: 34.99, fragile: false, initialStock: 300_000 },
  { sku: 'CABLE-USBC', name: 'USB-C cable', unitPrice: 7.49, fragile: false, initialStock: 1_000_000 },
  { sku: 'NOTEBOOK-A5', name: 'A5 notebook', unitPrice: 5.5, fragile: false, initialStock: 900_000 },
  { sku: 'BACKPACK-20L', name: 'Backpack 20 L', unitPrice: 59, fragile: false, initialStock: 200_000 },
  { sku: 'GLASS-VASE', name: 'Glass vase', unitPrice: 29.9, fragile: true, initialStock: 150_000 },
  { sku: 'CRYSTAL-BOWL', name: 'Crystal bowl', unitPrice: 64, fragile: true, initialStock: 120_000 },
  { sku: 'MIRROR-TILE', name: 'Mirror tile', unitPrice: 12.75, fragile: true, initialStock: 250_000 },
];

export const FRAGILE_SKUS: readonly string[] = CATALOGUE.filter((item) => item.fragile).map((item) => item.sku);
const STURDY = CATALOGUE.filter((item) => !item.fragile);
const FRAGILE = CATALOGUE.filter((item) => item.fragile);
const PRICES = new Map(CATALOGUE.map((item) => [item.sku, item.unitPrice]));

/** Customers whose orders the projector always rejects (an account-blocking rule it cannot handle). */
export const BLOCKED_CUSTOMER_PREFIX = 'cust-blocked-';

export function isFragileSku(sku: string): boolean {
  return FRAGILE_SKUS.includes(sku);
}

export function isBlockedCustomer(customerId: string): boolean {
  return customerId.startsWith(BLOCKED_CUSTOMER_PREFIX);
}

export interface OrderItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** An order as the traffic generator writes it to the `orders` table. */
export interface Order {
  orderId: string;
  customerId: string;
  items: OrderItem[];
  total: number;
  /** PLACED orders flow through the system; CART ones are abandoned and expire by TTL. */
  status: 'PLACED' | 'CART';
  createdAt: string;
  /** Epoch seconds (DynamoDB TTL's unit); set in the past on abandoned carts so TTL deletes them. */
  expiresAt?: number;
}

/** An order as a new checkout version writes it: `total` as a string of two decimals, and a `schemaVersion`. */
export type ChangedOrder = Omit<Order, 'total'> & { total: string; schemaVersion: number };

/**
 * The demo's "schema change": the order with `total` written as a string ("12.50") and
 * `schemaVersion: 2`, the shape a new producer version ships without telling its consumers.
 */
export function withSchemaChange(order: Order): ChangedOrder {
  return { ...order, total: order.total.toFixed(2), schemaVersion: 2 };
}

export function hasFragileItem(items: readonly { sku: string }[]): boolean {
  return items.some((item) => isFragileSku(item.sku));
}

export interface OrderFactoryOptions {
  seed: number;
  /** Epoch ms, for createdAt and expiresAt. */
  now: () => number;
  /** Shares of new orders; defaults match the demo: ~10% fragile, ~5% blocked, ~5% abandoned carts. */
  fragileShare?: number;
  blockedShare?: number;
  abandonedShare?: number;
}

export interface OrderFactory {
  next(): Order;
  /** A seeded draw in [0, 1), for the traffic loop's other choices. */
  random(): number;
}

/**
 * Makes deterministic orders. The first three are always one ordinary order, one with a fragile
 * SKU and one from a blocked customer, so both kinds of failure appear within a minute of start.
 */
export function createOrderFactory(options: OrderFactoryOptions): OrderFactory {
  const random = createRandom(options.seed);
  const fragileShare = options.fragileShare ?? 0.1;
  const blockedShare = options.blockedShare ?? 0.05;
  const abandonedShare = options.abandonedShare ?? 0.05;
  let counter = 0;

  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const suffix = () => Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');

  function build(kind: 'ordinary' | 'fragile' | 'blocked' | 'abandoned'): Order {
    counter += 1;
    const nowMs = options.now();
    const customerId = kind === 'blocked' ? `${BLOCKED_CUSTOMER_PREFIX}${1 + Math.floor(random() * 3)}` : `cust-${String(1 + Math.floor(random() * 400)).padStart(4, '0')}`;
    const items: OrderItem[] = [];
    const lines = 1 + Math.floor(random() * 2);
    for (let i = 0; i < lines; i += 1) {
      const product = kind === 'fragile' && i === 0 ? pick(FRAGILE) : pick(STURDY);
      if (items.some((item) => item.sku === product.sku)) continue;
      items.push({ sku: product.sku, quantity: 1 + Math.floor(random() * 3), unitPrice: PRICES.get(product.sku) ?? 0 });
    }
    const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice * 100, 0)) / 100;
    const order: Order = {
      orderId: `ord-${counter}-${suffix()}`,
      customerId,
      items,
      total,
      status: kind === 'abandoned' ? 'CART' : 'PLACED',
      createdAt: new Date(nowMs).toISOString(),
    };
    // An hour in the past: due for deletion at once, as TTL deletes happen "within days" on AWS.
    if (kind === 'abandoned') order.expiresAt = Math.floor(nowMs / 1000) - 3600;
    return order;
  }

  return {
    random,
    next() {
      if (counter === 0) return build('ordinary');
      if (counter === 1) return build('fragile');
      if (counter === 2) return build('blocked');
      const draw = random();
      if (draw < fragileShare) return build('fragile');
      if (draw < fragileShare + blockedShare) return build('blocked');
      if (draw < fragileShare + blockedShare + abandonedShare) return build('abandoned');
      return build('ordinary');
    },
  };
}
