import { optionalEnum, type Input } from './input';

/**
 * DynamoDB's capacity arithmetic (reference part 2 §5.3), shared by every operation that
 * reports `ConsumedCapacity` and by anything that publishes capacity metrics.
 */

/** Write units for one item (or index entry) of this many bytes: 1 KB steps, at least 1. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** Read units for this many bytes read: 4 KB steps, at least 1; eventually consistent reads cost half. */
export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

export type CapacityMode = 'NONE' | 'TOTAL' | 'INDEXES';
const MODES = ['INDEXES', 'TOTAL', 'NONE'] as const;

/** The request's `ReturnConsumedCapacity` (NONE when absent), with AWS's enum message. */
export function capacityMode(input: Input): CapacityMode {
  return optionalEnum(input, 'ReturnConsumedCapacity', MODES) ?? 'NONE';
}

/** Units one request consumed on one table: on the table itself and on each index it touched. */
export class TableCapacity {
  table = 0;
  readonly globalIndexes = new Map<string, number>();
  readonly localIndexes = new Map<string, number>();

  constructor(
    readonly tableName: string,
    /** Transactions report `ReadCapacityUnits`/`WriteCapacityUnits` beside `CapacityUnits`. */
    readonly transactional?: 'read' | 'write',
  ) {}

  addIndex(kind: 'GSI' | 'LSI', name: string, units: number): void {
    const map = kind === 'GSI' ? this.globalIndexes : this.localIndexes;
    map.set(name, (map.get(name) ?? 0) + units);
  }

  total(): number {
    let sum = this.table;
    for (const units of this.globalIndexes.values()) sum += units;
    for (const units of this.localIndexes.values()) sum += units;
    return sum;
  }

  /** The `ConsumedCapacity` object in AWS's shape for the mode (never called with NONE). */
  describe(mode: CapacityMode): Record<string, unknown> {
    const units = (n: number) => {
      const out: Record<string, number> = { CapacityUnits: n };
      if (this.transactional === 'read') out.ReadCapacityUnits = n;
      if (this.transactional === 'write') out.WriteCapacityUnits = n;
      return out;
    };
    const out: Record<string, unknown> = { TableName: this.tableName, ...units(this.total()) };
    if (mode === 'INDEXES') {
      out.Table = units(this.table);
      if (this.globalIndexes.size) out.GlobalSecondaryIndexes = Object.fromEntries([...this.globalIndexes].map(([k, v]) => [k, units(v)]));
      if (this.localIndexes.size) out.LocalSecondaryIndexes = Object.fromEntries([...this.localIndexes].map(([k, v]) => [k, units(v)]));
    }
    return out;
  }
}

/** Per-table capacity of a multi-table request (batches, transactions), in first-use order. */
export class CapacityLedger {
  private readonly tables = new Map<string, TableCapacity>();

  constructor(private readonly transactional?: 'read' | 'write') {}

  for(tableName: string): TableCapacity {
    let entry = this.tables.get(tableName);
    if (!entry) {
      entry = new TableCapacity(tableName, this.transactional);
      this.tables.set(tableName, entry);
    }
    return entry;
  }

  /** Multiplies every entry: transactions cost twice the units of the same plain writes or reads. */
  scale(factor: number): void {
    for (const entry of this.tables.values()) {
      entry.table *= factor;
      for (const map of [entry.globalIndexes, entry.localIndexes]) for (const [k, v] of map) map.set(k, v * factor);
    }
  }

  /** Each table's units, in first-use order. */
  entries(): TableCapacity[] {
    return [...this.tables.values()];
  }

  /** Sets `ConsumedCapacity` (a list) on the output when the mode asks for it. */
  report(output: Record<string, unknown>, mode: CapacityMode): Record<string, unknown> {
    if (mode !== 'NONE') output.ConsumedCapacity = [...this.tables.values()].map((t) => t.describe(mode));
    return output;
  }
}
