export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** A DynamoDB table as Eddy lists it. */
export interface TableSummary {
  name: string;
  arn: string;
  status: string;
  /** ItemCount and TableSizeBytes as DynamoDB reports them (refreshed about every six hours on AWS); undefined when not returned. */
  itemCount?: number;
  sizeBytes?: number;
  keySchema: { name: string; type: 'HASH' | 'RANGE' }[];
  /** Global and local secondary indexes, as DescribeTable reports them (absent when not read). */
  indexes?: TableIndex[];
  /** The table's current stream, when it has one enabled. */
  stream?: { arn: string; label: string; viewType: StreamViewType };
}

/** One secondary index of a table. Counts and sizes are DynamoDB's (refreshed about every six hours on AWS). */
export interface TableIndex {
  name: string;
  kind: 'GSI' | 'LSI';
  keySchema: { name: string; type: 'HASH' | 'RANGE' }[];
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** The projected non-key attributes of an INCLUDE projection. */
  nonKeyAttributes: string[];
  /** CREATING, UPDATING, DELETING or ACTIVE for a GSI; LSIs have no status of their own. */
  status?: string;
  backfilling: boolean;
  /** Undefined when DescribeTable did not return them (unknown, never 0). */
  itemCount?: number;
  sizeBytes?: number;
}
