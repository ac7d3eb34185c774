import 'server-only';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { KeyAttributeType } from '@/lib/types/traces';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** A table's key with the attribute types (from AttributeDefinitions) and its current stream. */
export interface TableKeys {
  table: string;
  hash: { name: string; type: KeyAttributeType };
  range?: { name: string; type: KeyAttributeType };
  streamArn?: string;
}

/** DescribeTable, read for what correlation needs: key names and types, and the stream ARN. */
export async function describeTableKeys(table: string): Promise<TableKeys> {
  try {
    const out = await getClients().dynamodb.send(new DescribeTableCommand({ TableName: table }));
    const t = out.Table ?? {};
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
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}
