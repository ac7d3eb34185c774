import { attributeMapSize } from '../core/attribute-value';
import type { StreamViewType } from '../streams/capture';
import type { TableCapacity } from './capacity';
import type { SecondaryIndex } from './indexes';
import { canonicalKeyPart, compareScalars, type AttributeMap, type AttributeValue } from './values';

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
}

/** A stored item with its DynamoDB size, kept so ItemCount/TableSizeBytes stay O(1). */
export interface StoredItem {
  /** Never mutated once stored: updates build a new object. Stream images share it. */
  item: AttributeMap;
  size: number;
  keyString: string;
}

/** The items of one partition key, ordered by sort key for Query. */
export class Partition {
  /** Sorted by the sort key (one entry for a hash-only table). */
  readonly entries: StoredItem[] = [];

  constructor(
    readonly hashValue: AttributeValue,
    readonly canonical: string,
    /** FNV-1a of the canonical hash key: Scan walks partitions in this order, as AWS walks hash order. */
    readonly hash: number,
  ) {}
}

export interface TtlSettings {
  attributeName: string;
}

/** FNV-1a over UTF-16 code units: a cheap stable hash that spreads partitions for Scan segments. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * One DynamoDB table: items in a Map by canonical key string, and per partition a sorted array
 * of items so Query is a binary search rather than a table scan.
 */
export class Table {
  readonly items = new Map<string, StoredItem>();
  readonly partitions = new Map<string, Partition>();
  /** Partitions in Scan order, rebuilt lazily after a partition is added or removed. */
  private scanOrder: Partition[] | undefined;
  readonly hashKey: string;
  readonly rangeKey: string | undefined;
  readonly keyNames: string[];
  totalSize = 0;
  status: 'ACTIVE' | 'UPDATING' | 'DELETING' = 'ACTIVE';
  /** Global and local secondary indexes, in creation order; each is kept in step with every write. */
  indexes: SecondaryIndex[] = [];
  /** The table's enabled stream, if any; `latestStream` survives disabling for DescribeTable. */
  stream: { arn: string; label: string; viewType: StreamViewType } | undefined;
  latestStream: { arn: string; label: string } | undefined;
  ttl: TtlSettings | undefined;
  /** With TTL on: keyString → expiry in epoch seconds, so the sweeper need not scan every item. */
  readonly ttlIndex = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly id: string,
    readonly createdAt: number,
    readonly keySchema: KeySchemaElement[],
    public attributeDefinitions: AttributeDefinition[],
    public billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST',
    public throughput: { ReadCapacityUnits: number; WriteCapacityUnits: number },
    public billingModeChangedAt: number | undefined,
  ) {
    this.hashKey = keySchema.find((k) => k.KeyType === 'HASH')!.AttributeName;
    this.rangeKey = keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
    this.keyNames = this.rangeKey ? [this.hashKey, this.rangeKey] : [this.hashKey];
  }

  attributeType(name: string): 'S' | 'N' | 'B' {
    return this.attributeDefinitions.find((d) => d.AttributeName === name)!.AttributeType;
  }

  /** The canonical string of an item's (or key's) primary key. The key must be validated. */
  keyString(key: AttributeMap): string {
    const hash = canonicalKeyPart(key[this.hashKey]);
    if (!this.rangeKey) return hash;
    // Length-prefixed so no pair of values can produce the same string.
    return `${hash.length}:${hash}${canonicalKeyPart(key[this.rangeKey])}`;
  }

  /** Only the key attributes of an item. */
  keyOf(item: AttributeMap): AttributeMap {
    const key: AttributeMap = { [this.hashKey]: item[this.hashKey] };
    if (this.rangeKey) key[this.rangeKey] = item[this.rangeKey];
    return key;
  }

  get(key: AttributeMap): StoredItem | undefined {
    return this.items.get(this.keyString(key));
  }

  /** The index of that name a Query or Scan may read (not one being deleted). */
  index(name: string): SecondaryIndex | undefined {
    return this.indexes.find((i) => i.name === name && i.status !== 'DELETING');
  }

  /** Rejects an item whose index key attributes have the wrong type or are empty (before any write). */
  checkIndexKeys(item: AttributeMap): void {
    for (const index of this.indexes) index.checkItem(item);
  }

  /**
   * Stores an item (replacing any item of the same key) and returns the stored record. Indexes
   * follow; their write units go to `usage` when the caller reports capacity.
   */
  put(item: AttributeMap, size = attributeMapSize(item), usage?: TableCapacity): StoredItem {
    const keyString = this.keyString(item);
    const stored: StoredItem = { item, size, keyString };
    const previous = this.items.get(keyString);
    this.items.set(keyString, stored);
    if (this.indexes.length) for (const index of this.indexes) if (index.status !== 'DELETING') index.update(previous?.item, item, keyString, usage);
    if (previous) {
      this.totalSize += stored.size - previous.size;
      const partition = this.partitions.get(canonicalKeyPart(item[this.hashKey]))!;
      const index = this.findIndex(partition, item);
      partition.entries[index] = stored;
    } else {
      this.totalSize += stored.size;
      const partition = this.partitionFor(item[this.hashKey]);
      const index = this.findIndex(partition, item);
      partition.entries.splice(index, 0, stored);
    }
    this.indexTtl(stored);
    return stored;
  }

  /** Removes the item with this key; returns what was removed. */
  delete(key: AttributeMap, usage?: TableCapacity): StoredItem | undefined {
    const keyString = this.keyString(key);
    const previous = this.items.get(keyString);
    if (!previous) return undefined;
    this.items.delete(keyString);
    if (this.indexes.length) for (const index of this.indexes) if (index.status !== 'DELETING') index.update(previous.item, undefined, keyString, usage);
    this.ttlIndex.delete(keyString);
    this.totalSize -= previous.size;
    const canonical = canonicalKeyPart(key[this.hashKey]);
    const partition = this.partitions.get(canonical)!;
    partition.entries.splice(this.findIndex(partition, previous.item), 1);
    if (partition.entries.length === 0) {
      this.partitions.delete(canonical);
      this.scanOrder = undefined;
    }
    return previous;
  }

  private partitionFor(hashValue: AttributeValue): Partition {
    const canonical = canonicalKeyPart(hashValue);
    let partition = this.partitions.get(canonical);
    if (!partition) {
      partition = new Partition(hashValue, canonical, fnv1a(canonical));
      this.partitions.set(canonical, partition);
      this.scanOrder = undefined;
    }
    return partition;
  }

  /** Compares two items' sort keys (0 on a hash-only table). */
  compareRange(a: AttributeMap, b: AttributeMap): number {
    if (!this.rangeKey) return 0;
    return compareScalars(a[this.rangeKey], b[this.rangeKey])!;
  }

  /**
   * Index of the first entry whose sort key is ≥ the given item's (binary search): the entry
   * itself when it exists, else where it would be inserted.
   */
  findIndex(partition: Partition, key: AttributeMap): number {
    if (!this.rangeKey) return 0;
    const entries = partition.entries;
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareRange(entries[mid].item, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Partitions in Scan order: by hash of the partition key, then by its canonical text. */
  scanPartitions(): Partition[] {
    if (!this.scanOrder) {
      this.scanOrder = [...this.partitions.values()].sort((a, b) => a.hash - b.hash || (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : 0));
    }
    return this.scanOrder;
  }

  /** Turns TTL on or off, rebuilding the expiry index from the stored items. */
  setTtl(ttl: TtlSettings | undefined): void {
    this.ttl = ttl;
    this.ttlIndex.clear();
    if (ttl) for (const stored of this.items.values()) this.indexTtl(stored);
  }

  private indexTtl(stored: StoredItem): void {
    if (!this.ttl) return;
    const value = stored.item[this.ttl.attributeName];
    // Only a number (epoch seconds) expires an item; any other type is ignored, as on AWS.
    const seconds = value && 'N' in value ? Number(value.N) : NaN;
    if (Number.isFinite(seconds)) this.ttlIndex.set(stored.keyString, seconds);
    else this.ttlIndex.delete(stored.keyString);
  }
}
