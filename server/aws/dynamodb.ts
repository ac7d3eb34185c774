import 'server-only';
import { DescribeTableCommand, GetItemCommand, paginateListTables, type AttributeValue as SdkAttributeValue, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '@/lib/types/streams';
import type { KeyValue } from '@/lib/types/traces';
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
    // Left out (a stand-in that does not keep them): unknown, never 0 items.
    itemCount: index.ItemCount,
    sizeBytes: index.IndexSizeBytes,
  };
}

function toTableSummary(table: TableDescription): TableSummary {
  const spec = table.StreamSpecification;
  return {
    name: table.TableName ?? '',
    arn: table.TableArn ?? '',
    status: table.TableStatus ?? 'UNKNOWN',
    // Left out (a stand-in that does not keep them): unknown, never 0 items.
    itemCount: table.ItemCount,
    sizeBytes: table.TableSizeBytes,
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

/** An SDK AttributeValue in the wire JSON form Eddy keeps (binary as base64), as stream images are. */
function toWireValue(value: SdkAttributeValue): AttributeMap[string] {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toWireMap(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toWireValue) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  return { NULL: true };
}

function toWireMap(map: Record<string, SdkAttributeValue>): AttributeMap {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, toWireValue(v)]));
}

/**
 * One item by its key (GetItem, eventually consistent: half the read units, and a redrive check
 * does not need the last millisecond): its attributes in wire form, or null when it does not exist.
 */
export async function getItem(table: string, key: Record<string, KeyValue>): Promise<AttributeMap | null> {
  const Key = Object.fromEntries(Object.entries(key).map(([name, v]) => [name, 'B' in v ? { B: Buffer.from(v.B, 'base64') } : v] as [string, SdkAttributeValue]));
  try {
    const out = await getClients().dynamodb.send(new GetItemCommand({ TableName: table, Key }));
    return out.Item ? toWireMap(out.Item) : null;
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}
