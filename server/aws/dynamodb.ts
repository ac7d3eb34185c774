import 'server-only';
import { DescribeTableCommand, paginateListTables, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { StreamViewType, TableIndex, TableSummary } from '@/lib/types/tables';
import { getClients } from './clients';
import { collectPages } from './collect';
import { toAppErrorFromAws } from './errors';

/** Every table name in the account and region, following ListTables' pages (100 a page). */
export function listTableNames(): Promise<string[]> {
  return collectPages(paginateListTables({ client: getClients().dynamodb, pageSize: 100 }, {}), (page) => page.TableNames);
}

type IndexDescription = NonNullable<TableDescription['GlobalSecondaryIndexes']>[number] | NonNullable<TableDescription['LocalSecondaryIndexes']>[number];

function toTableIndex(index: IndexDescription, kind: 'GSI' | 'LSI'): TableIndex {
  const status = 'IndexStatus' in index ? index.IndexStatus : undefined;
  return {
    name: index.IndexName ?? '',
    kind,
    keySchema: (index.KeySchema ?? []).map((k) => ({ name: k.AttributeName ?? '', type: k.KeyType === 'RANGE' ? 'RANGE' : 'HASH' })),
    projection: (index.Projection?.ProjectionType ?? 'ALL') as TableIndex['projection'],
    nonKeyAttributes: index.Projection?.NonKeyAttributes ?? [],
    status,
    backfilling: 'Backfilling' in index && index.Backfilling === true,
    itemCount: Number(index.ItemCount ?? 0),
    sizeBytes: Number(index.IndexSizeBytes ?? 0),
  };
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
    indexes: [...(table.GlobalSecondaryIndexes ?? []).map((i) => toTableIndex(i, 'GSI')), ...(table.LocalSecondaryIndexes ?? []).map((i) => toTableIndex(i, 'LSI'))],
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
