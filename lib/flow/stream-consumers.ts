import type { EddyConfig } from './config-schema';
import { parseRef } from './config-schema';
import { tableNameFromArn } from './arn';
import type { MappingSummary } from '@/lib/types/flow';

/**
 * The readers Eddy knows of on each table's stream: Lambda event source mappings on it (disabled
 * ones too — they may be enabled at any time, and one must never make a third reader) and the
 * consumers `eddy.config.json` declares as reading `table:<name>`. One name is one reader.
 * Readers Eddy cannot see (a global-table replica, an undeclared worker) are not counted.
 */
export function knownStreamConsumers(mappings: readonly MappingSummary[], declared: Pick<EddyConfig, 'consumers'>): Map<string, number> {
  const readers = new Map<string, Set<string>>();
  const add = (table: string, reader: string) => {
    let set = readers.get(table);
    if (!set) readers.set(table, (set = new Set()));
    set.add(reader);
  };
  for (const m of mappings) {
    if (m.sourceKind !== 'stream' || m.state === 'Deleting') continue;
    const table = tableNameFromArn(m.sourceArn);
    // Each mapping reads every shard on its own, even two mappings of one function.
    if (table) add(table, `mapping:${m.uuid}`);
  }
  for (const c of declared.consumers) {
    for (const ref of c.reads) {
      const { kind, name } = parseRef(ref);
      if (kind === 'table') add(name, `consumer:${c.name}`);
    }
  }
  return new Map([...readers].map(([table, set]) => [table, set.size]));
}
