import { recordChange, TTL_IDENTITY, type DynamoState } from './state';

/**
 * AWS leaves alone items whose TTL lies more than five years in the past: such a value is
 * taken to be a mistake (e.g. milliseconds read as seconds is far in the future, not the past).
 */
const MAX_TTL_AGE_SECONDS = 5 * 365 * 24 * 3600;

/**
 * Deletes every item whose TTL attribute (epoch seconds) is before the emulator clock's now,
 * emitting REMOVE records that carry the DynamoDB service identity. Returns how many went.
 */
export function sweepExpiredItems(state: DynamoState): number {
  const nowSeconds = state.deps.clock.now() / 1000;
  let deleted = 0;
  for (const table of state.tables.values()) {
    if (!table.ttl || table.ttlIndex.size === 0) continue;
    const expired: string[] = [];
    for (const [keyString, expiry] of table.ttlIndex) {
      if (expiry < nowSeconds && expiry > nowSeconds - MAX_TTL_AGE_SECONDS) expired.push(keyString);
    }
    for (const keyString of expired) {
      const stored = table.items.get(keyString);
      if (!stored) continue;
      table.delete(stored.item);
      recordChange(state, table, stored.item, undefined, TTL_IDENTITY);
      deleted++;
    }
  }
  return deleted;
}
