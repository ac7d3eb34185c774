import type { AttributeMap } from '../core/attribute-value';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** What the stream writer needs to know about a table. */
export interface StreamTableInfo {
  tableName: string;
  tableArn: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  region: string;
  accountId: string;
}

/** One item change, reported by DynamoDB only when the write really changed the item. */
export interface ItemChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: AttributeMap;
  oldImage?: AttributeMap;
  newImage?: AttributeMap;
  /**
   * The writer promises never to mutate `keys` and the images (DynamoDB's stored items are
   * immutable: every write builds a new object), so the store may keep them without copying.
   */
  immutable?: boolean;
  /** The images' DynamoDB sizes when the writer already knows them (spares recomputing SizeBytes). */
  oldImageSize?: number;
  newImageSize?: number;
  /** TTL deletes only: `{PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service'}`. */
  userIdentity?: { PrincipalId: string; Type: string };
}

/**
 * The boundary between the DynamoDB tables and the DynamoDB Streams store: DynamoDB calls it,
 * the Streams service implements it. Both live in one emulator process.
 */
export interface StreamCapture {
  /** A new stream for the table (CreateTable, or UpdateTable enabling): a new ARN and label. */
  createStream(table: StreamTableInfo, viewType: StreamViewType): { streamArn: string; streamLabel: string };
  /** UpdateTable disabling or DeleteTable: open shards close; records stay readable until trimmed. */
  disableStream(streamArn: string): void;
  /**
   * Appends one change record to the stream (its shard chosen by the partition key). The maps are
   * copied, so the caller may go on mutating its own item, unless the change is marked `immutable`;
   * a disabled or unknown stream ignores it.
   */
  capture(streamArn: string, change: ItemChange): void;
  /** ENABLING | ENABLED | DISABLING | DISABLED, for DescribeTable. */
  streamStatus(streamArn: string): string | undefined;
}
