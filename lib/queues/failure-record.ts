import { parseFailureRecord as parseOnFailureRecord } from '../traces/failure-record';

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
  /** Undefined when the record does not say (shown as unknown, never 0). */
  batchSize?: number;
  firstArrival?: string;
  lastArrival?: string;
}

/**
 * Recognises a complete Lambda on-failure record of a DynamoDB or Kinesis stream batch
 * (`requestContext` + `DDBStreamBatchInfo` / `KinesisBatchInfo`) in a message body, for the
 * queue pages' one-line summary. The trace parser reads the record; anything it could not read
 * whole — other JSON, text, a damaged record — gives undefined here (the trace explains it).
 */
export function summariseFailureRecord(body: string): FailureRecordSummary | undefined {
  const parsed = parseOnFailureRecord(body);
  if (parsed.kind !== 'failure_record' || parsed.salvaged) return undefined;
  const r = parsed.record;
  if (r.source === 'unknown' || !r.functionArn || !r.shardId || !r.startSequenceNumber || !r.endSequenceNumber) return undefined;
  return {
    functionArn: r.functionArn,
    functionName: r.functionName ?? r.functionArn,
    condition: r.condition ?? 'unknown',
    approximateInvokeCount: r.approximateInvokeCount,
    functionError: r.functionError,
    timestamp: r.timestamp,
    source: r.source,
    streamArn: r.streamArn ?? '',
    shardId: r.shardId,
    startSequenceNumber: r.startSequenceNumber,
    endSequenceNumber: r.endSequenceNumber,
    batchSize: r.batchSize,
    firstArrival: r.firstArrival,
    lastArrival: r.lastArrival,
  };
}
