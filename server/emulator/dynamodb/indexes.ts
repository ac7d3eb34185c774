import { attributeMapSize } from '../core/attribute-value';
import { validation } from '../core/errors';
import { writeUnits, type TableCapacity } from './capacity';
import { fnv1a, Partition, type AttributeDefinition, type KeySchemaElement, type StoredItem } from './table';
import { attributeMapsEqual, canonicalKeyPart, compareScalars, type AttributeMap, type AttributeValue } from './values';

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

/**
 * What Query and Scan walk: a table or one of its indexes. Partitions hold entries sorted by
 * the sort key, ties (only possible in an index) by the table key string.
 */
export interface KeyedStore {
  readonly hashKey: string;
  readonly rangeKey: string | undefined;
  /** The key attributes of this store (the index's for an index). */
  readonly keyNames: string[];
  readonly partitions: Map<string, Partition>;
  scanPartitions(): Partition[];
  attributeType(name: string): 'S' | 'N' | 'B';
}

/** Compares a stored entry with a position (sort-key value, table key string) of the same partition. */
export function compareEntry(store: KeyedStore, entry: StoredItem, range: AttributeValue | undefined, keyString: string): number {
  if (store.rangeKey && range) {
    const cmp = compareScalars(entry.item[store.rangeKey], range)!;
    if (cmp !== 0) return cmp;
  }
  return entry.keyString < keyString ? -1 : entry.keyString > keyString ? 1 : 0;
}

/** Index of the first entry at or after the position (binary search). */
export function positionOf(store: KeyedStore, partition: Partition, range: AttributeValue | undefined, keyString: string): number {
  const entries = partition.entries;
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntry(store, entries[mid], range, keyString) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The table-side facts an index needs: its key attributes and their types. */
export interface IndexedTable {
  readonly name: string;
  readonly arn: string;
  readonly keyNames: string[];
  attributeDefinitions: AttributeDefinition[];
}

/**
 * A global or local secondary index: the projected entries of every item that has the index's
 * key attributes (a sparse index skips the others), partitioned and sorted like a table.
 */
export class SecondaryIndex implements KeyedStore {
  readonly partitions = new Map<string, Partition>();
  private scanOrder: Partition[] | undefined;
  readonly hashKey: string;
  readonly rangeKey: string | undefined;
  readonly keyNames: string[];
  /** Table key + index key attributes: what LastEvaluatedKey / ExclusiveStartKey hold. */
  readonly startKeyNames: string[];
  private readonly projected: string[] | undefined;
  size = 0;
  count = 0;
  status: 'CREATING' | 'ACTIVE' | 'DELETING' = 'ACTIVE';
  backfilling = false;
  /** When a CREATING or DELETING index (changed by UpdateTable) settles, on the emulator clock. */
  settlesAt = 0;

  constructor(
    readonly table: IndexedTable,
    readonly name: string,
    readonly kind: 'GSI' | 'LSI',
    readonly keySchema: KeySchemaElement[],
    readonly projection: Projection,
    public throughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined,
  ) {
    this.hashKey = keySchema.find((k) => k.KeyType === 'HASH')!.AttributeName;
    this.rangeKey = keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
    this.keyNames = this.rangeKey ? [this.hashKey, this.rangeKey] : [this.hashKey];
    this.startKeyNames = [...new Set([...table.keyNames, ...this.keyNames])];
    this.projected =
      projection.ProjectionType === 'ALL' ? undefined : [...new Set([...this.startKeyNames, ...(projection.NonKeyAttributes ?? [])])];
  }

  get arn(): string {
    return `${this.table.arn}/index/${this.name}`;
  }

  attributeType(name: string): 'S' | 'N' | 'B' {
    return this.table.attributeDefinitions.find((d) => d.AttributeName === name)!.AttributeType;
  }

  /** Whether this item belongs in the index: every index key present with its declared type. */
  private indexed(item: AttributeMap): boolean {
    for (const name of this.keyNames) {
      const value = item[name];
      if (!value || !(this.attributeType(name) in value)) return false;
    }
    return true;
  }

  /** The item's entry in this index, or undefined when the item is not in it (sparse). */
  entryOf(item: AttributeMap | undefined): AttributeMap | undefined {
    if (!item || !this.indexed(item)) return undefined;
    if (!this.projected) return item;
    const entry: AttributeMap = {};
    for (const name of this.projected) if (item[name] !== undefined) entry[name] = item[name];
    return entry;
  }

  /**
   * Rejects an item whose index key attribute is present with the wrong type or empty, with
   * AWS's message; only new writes are checked (a backfill skips such items silently).
   */
  checkItem(item: AttributeMap): void {
    for (const name of this.keyNames) {
      const value = item[name];
      if (!value) continue;
      const expected = this.attributeType(name);
      const actual = Object.keys(value)[0];
      if (actual !== expected) {
        throw validation(`One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${this.name}`);
      }
      if (('S' in value && value.S === '') || ('B' in value && value.B === '')) {
        throw validation(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${actual === 'S' ? 'string' : 'binary'} value. IndexName: ${this.name}, IndexKey: ${name}`,
        );
      }
    }
  }

  /**
   * Moves an item's entry from its old to its new version; records the index's write units
   * (1 per entry written or removed, 2 when the index key changed, 0 when nothing projected changed).
   */
  update(oldItem: AttributeMap | undefined, newItem: AttributeMap | undefined, keyString: string, usage?: TableCapacity): void {
    const before = this.entryOf(oldItem);
    const after = this.entryOf(newItem);
    if (!before && !after) return;
    if (before && after && attributeMapsEqual(before, after)) return;
    let units = 0;
    if (before) {
      const size = this.remove(before, keyString);
      const keyChanged = !after || this.keyNames.some((n) => canonicalKeyPart(before[n]) !== canonicalKeyPart(after[n]));
      if (keyChanged) units += writeUnits(size);
    }
    if (after) units += writeUnits(this.add(after, keyString));
    usage?.addIndex(this.kind, this.name, units);
  }

  /** Adds an entry during a backfill or write; returns its size. */
  add(entry: AttributeMap, keyString: string): number {
    const size = attributeMapSize(entry);
    const canonical = canonicalKeyPart(entry[this.hashKey]);
    let partition = this.partitions.get(canonical);
    if (!partition) {
      partition = new Partition(entry[this.hashKey], canonical, fnv1a(canonical));
      this.partitions.set(canonical, partition);
      this.scanOrder = undefined;
    }
    const stored: StoredItem = { item: entry, size, keyString };
    partition.entries.splice(positionOf(this, partition, this.rangeKey ? entry[this.rangeKey] : undefined, keyString), 0, stored);
    this.size += size;
    this.count++;
    return size;
  }

  private remove(entry: AttributeMap, keyString: string): number {
    const canonical = canonicalKeyPart(entry[this.hashKey]);
    const partition = this.partitions.get(canonical)!;
    const at = positionOf(this, partition, this.rangeKey ? entry[this.rangeKey] : undefined, keyString);
    const [removed] = partition.entries.splice(at, 1);
    this.size -= removed.size;
    this.count--;
    if (partition.entries.length === 0) {
      this.partitions.delete(canonical);
      this.scanOrder = undefined;
    }
    return removed.size;
  }

  scanPartitions(): Partition[] {
    if (!this.scanOrder) {
      this.scanOrder = [...this.partitions.values()].sort((a, b) => a.hash - b.hash || (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : 0));
    }
    return this.scanOrder;
  }

  /** DescribeTable's entry for this index (reference part 2 §4.2). */
  describe(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      IndexName: this.name,
      KeySchema: this.keySchema,
      Projection: this.projection,
      IndexSizeBytes: this.size,
      ItemCount: this.count,
      IndexArn: this.arn,
    };
    if (this.kind === 'GSI') {
      out.IndexStatus = this.status;
      if (this.backfilling) out.Backfilling = true;
      out.ProvisionedThroughput = {
        ReadCapacityUnits: this.throughput?.ReadCapacityUnits ?? 0,
        WriteCapacityUnits: this.throughput?.WriteCapacityUnits ?? 0,
        NumberOfDecreasesToday: 0,
      };
    }
    return out;
  }
}
