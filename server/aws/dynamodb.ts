import 'server-only';
import { DescribeTableCommand, paginateListTables, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { StreamViewType, TableSummary } from '@/lib/types/tables';
import { getClients } from './clients';
import { collectPages } from './collect';
import { toAppErrorFromAws } from './errors';

/** Every table name in the account and region, following ListTables' pages (100 a page). */
export function listTableNames(): Promise<string[]> {
  return collectPages(paginateListTables({ client: getClients().dynamodb, pageSize: 100 }, {}), (page) => page.TableNames);
}

function toTableSummary(table: TableDescription): TableSummary {
  const spec = table.StreamSpecification;
  return {
    name: table.TableName ?? '',
    arn: table.TableArn ?? '',
    status: table.TableStatus ?? 'UNKNOWN',
    itemCount: Number(table.ItemCount ?? 0),
    sizeBytes: Number(table.TableSizeBytes ?? 0),
    keySchema: (table.KeySchema ?? []).map((k) => ({ name: k.AttributeName ?? '', type: k.KeyType === 'RANGE' ? 'RANGE' : 'HASH' })),
    stream:
      spec?.StreamEnabled && table.LatestStreamArn
        ? { arn: table.LatestStreamArn, label: table.LatestStreamLabel ?? '', viewType: (spec.StreamViewType ?? 'KEYS_ONLY') as StreamViewType }
        : undefined,
  };
}

/** One table's description: key schema, counts and its current stream. */
export async function describeTable(name: string): Promise<TableSummary> {
  try {
    const out = await getClients().dynamodb.send(new DescribeTableCommand({ TableName: name }));
    return toTableSummary(out.Table ?? {});
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}
