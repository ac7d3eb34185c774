/**
 * Lambda's on-failure destination record for a DynamoDB stream batch (reference §6.1): the
 * metadata of a record range Lambda gave up on, never the records themselves.
 */
export interface StreamFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    approximateInvokeCount: number;
  };
  /** Absent for RecordAgeExceeded: no invocation produced the failure. */
  responseContext?: {
    statusCode: number;
    executedVersion: string;
    functionError: string;
  };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/** The two fields of a stream record the failure record is built from. */
export interface StreamRecordRef {
  SequenceNumber: string;
  ApproximateCreationDateTime: Date;
}

export interface FailureRecordInput {
  requestId: string;
  functionArn: string;
  condition: StreamFailureRecord['requestContext']['condition'];
  /** Invocations of this record range: retries + 1 when retries ran out. */
  approximateInvokeCount: number;
  /** When Lambda gave up. */
  timestamp: Date;
  shardId: string;
  streamArn: string;
  /** The records given up on, in stream order; at least one. */
  records: readonly StreamRecordRef[];
}

/** ISO-8601 UTC to the second with `Z`: how Lambda writes `approximateArrivalOf*Record`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds the on-failure record exactly as Lambda sends it as an SQS message body. */
export function buildStreamFailureRecord(input: FailureRecordInput): StreamFailureRecord {
  if (input.records.length === 0) throw new RangeError('A failure record needs at least one stream record');
  const first = input.records[0];
  const last = input.records[input.records.length - 1];
  return {
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    ...(input.condition === 'RetryAttemptsExhausted'
      ? { responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' } }
      : {}),
    version: '1.0',
    timestamp: input.timestamp.toISOString(),
    DDBStreamBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: first.SequenceNumber,
      endSequenceNumber: last.SequenceNumber,
      approximateArrivalOfFirstRecord: isoSeconds(first.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: isoSeconds(last.ApproximateCreationDateTime),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
  };
}
