/** A Lambda on-failure destination record (reference §6.1), summarised. */
export interface FailureRecordSummary {
  functionArn: string;
  functionName: string;
  /** `RetryAttemptsExhausted`, `RecordAgeExceeded`, … */
  condition: string;
  approximateInvokeCount?: number;
  functionError?: string;
  /** ISO time Lambda gave up. */
  timestamp?: string;
  source: 'dynamodb' | 'kinesis';
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize: number;
  firstArrival?: string;
  lastArrival?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Recognises a Lambda on-failure record of a DynamoDB or Kinesis stream batch
 * (`requestContext` + `DDBStreamBatchInfo` / `KinesisBatchInfo`) in a message body; anything
 * else — other JSON, text, malformed JSON — gives undefined.
 */
export function parseFailureRecord(body: string): FailureRecordSummary | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || !isObject(doc.requestContext)) return undefined;
  const batch = isObject(doc.DDBStreamBatchInfo) ? doc.DDBStreamBatchInfo : isObject(doc.KinesisBatchInfo) ? doc.KinesisBatchInfo : undefined;
  const functionArn = str(doc.requestContext.functionArn);
  if (!batch || !functionArn) return undefined;
  const shardId = str(batch.shardId);
  const start = str(batch.startSequenceNumber);
  const end = str(batch.endSequenceNumber);
  if (!shardId || !start || !end) return undefined;
  const response = isObject(doc.responseContext) ? doc.responseContext : undefined;
  const invokeCount = Number(doc.requestContext.approximateInvokeCount);
  return {
    functionArn,
    functionName: functionArn.split(':function:')[1]?.split(':')[0] ?? functionArn,
    condition: str(doc.requestContext.condition) ?? 'unknown',
    approximateInvokeCount: Number.isFinite(invokeCount) ? invokeCount : undefined,
    functionError: str(response?.functionError),
    timestamp: str(doc.timestamp),
    source: isObject(doc.DDBStreamBatchInfo) ? 'dynamodb' : 'kinesis',
    streamArn: str(batch.streamArn) ?? '',
    shardId,
    startSequenceNumber: start,
    endSequenceNumber: end,
    batchSize: Number(batch.batchSize ?? 0) || 0,
    firstArrival: str(batch.approximateArrivalOfFirstRecord),
    lastArrival: str(batch.approximateArrivalOfLastRecord),
  };
}
