import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import type { TableSummary } from '@/lib/types/tables';
import { describeTable, listTableNames } from '../aws/dynamodb';

/** Every table, described, those with a stream first. */
export async function listTables(): Promise<TableSummary[]> {
  const names = await listTableNames();
  const tables = await mapLimit(names, 8, describeTable);
  return tables.sort((a, b) => Number(Boolean(b.stream)) - Number(Boolean(a.stream)) || a.name.localeCompare(b.name));
}
