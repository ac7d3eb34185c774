import 'server-only';
import { DescribeTableCommand, GetItemCommand, paginateListTables, type AttributeValue as SdkAttributeValue, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '@/lib/types/streams';
import type { KeyAttributeType, KeyValue } from '@/lib/types/traces';
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

/** DescribeTable: the one call behind both readings below. */
async function describe(name: string): Promise<TableDescription> {
  try {
    const out = await getClients().dynamodb.send(new DescribeTableCommand({ TableName: name }));
    return out.Table ?? {};
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}

/** One table's description: key schema, counts and its current stream. */
export async function describeTable(name: string): Promise<TableSummary> {
  return toTableSummary(await describe(name));
}

/** A table's key with the attribute types (from AttributeDefinitions) and its current stream. */
export interface TableKeys {
  table: string;
  hash: { name: string; type: KeyAttributeType };
  range?: { name: string; type: KeyAttributeType };
  streamArn?: string;
}

function toTableKeys(table: string, t: TableDescription): TableKeys {
  const typeOf = (name: string): KeyAttributeType => {
    const type = t.AttributeDefinitions?.find((d) => d.AttributeName === name)?.AttributeType;
    return type === 'N' || type === 'B' ? type : 'S';
  };
  const hash = t.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName ?? '';
  const range = t.KeySchema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return {
    table,
    hash: { name: hash, type: typeOf(hash) },
    ...(range ? { range: { name: range, type: typeOf(range) } } : {}),
    streamArn: t.StreamSpecification?.StreamEnabled ? t.LatestStreamArn : undefined,
  };
}

/** DescribeTable, read for what correlation needs: key names and types, and the stream ARN. */
export async function describeTableKeys(table: string): Promise<TableKeys> {
  return toTableKeys(table, await describe(table));
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
