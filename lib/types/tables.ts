export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** A DynamoDB table as Eddy lists it. */
export interface TableSummary {
  name: string;
  arn: string;
  status: string;
  itemCount: number;
  sizeBytes: number;
  keySchema: { name: string; type: 'HASH' | 'RANGE' }[];
  /** The table's current stream, when it has one enabled. */
  stream?: { arn: string; label: string; viewType: StreamViewType };
}
