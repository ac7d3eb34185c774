import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { keyText } from '@/lib/traces/correlation';
import type { ItemHistory, ItemRef, KeyValue, ResolvedRange } from '@/lib/types/traces';
import type { TableKeys } from '../../aws/dynamodb';
import { scanItemHistory } from '../../traces/range';
import { shardAccessFor, shardCache, streamsApi } from './sources';

/** Items a trace or a search follows (a message can name several): each costs a bounded stream read. */
export const MAX_ITEMS = 3;

/** An item in words: its table and key. */
export function describeItem(ref: ItemRef): string {
  return `${ref.table} ${Object.entries(ref.key)
    .map(([k, v]) => `${k}=${keyText(v)}`)
    .join(' ')}`;
}

/** The stream histories of items, one bounded pass per table's stream for all its items. */
export async function historiesOf(refs: ItemRef[], tables: Map<string, TableKeys>): Promise<ItemHistory[]> {
  const byTable = new Map<string, ItemRef[]>();
  for (const ref of refs) byTable.set(ref.table, [...(byTable.get(ref.table) ?? []), ref]);
  const results = new Map<ItemRef, ItemHistory>();
  await mapLimit([...byTable.entries()], 2, async ([name, group]) => {
    const table = tables.get(name);
    const keyNames = table ? [table.hash.name, ...(table.range ? [table.range.name] : [])] : Object.keys(group[0].key);
    if (!table?.streamArn) {
      for (const ref of group) {
        results.set(ref, { ref, events: [], keyNames, getRecordsCalls: 0, note: { status: 'not_applicable', message: `The table ${name} has no stream enabled: its items' changes are not recorded anywhere Eddy can read.` } });
      }
      return;
    }
    const scan = await scanItemHistory(streamsApi(), shardCache(), shardAccessFor(name, table.streamArn), { streamArn: table.streamArn, refs: group });
    group.forEach((ref, i) => results.set(ref, { ref, events: scan.events[i], keyNames, getRecordsCalls: i === 0 ? scan.getRecordsCalls : 0, note: scan.note }));
  });
  return refs.map((ref) => results.get(ref) as ItemHistory);
}

export function refKey(ref: ItemRef): string {
  return `${ref.table}|${Object.entries(ref.key)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('|')}`;
}

/** The items named by the failed records of a resolved range: their histories explain the failure. */
export function refsFromResolved(resolved: ResolvedRange | undefined, table: string | undefined, tables: Map<string, TableKeys>): ItemRef[] {
  if (!resolved || !table || !tables.has(table)) return [];
  return resolved.events.map((event) => ({
    table,
    key: Object.fromEntries(Object.entries(event.keys).filter(([, v]) => v && typeof v === 'object' && ('S' in v || 'N' in v || 'B' in v))) as Record<string, KeyValue>,
    foundAt: `failed stream record ${event.sequenceNumber}`,
    partial: false,
    source: 'key_schema' as const,
  }));
}
