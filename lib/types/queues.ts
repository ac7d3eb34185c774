/** An SQS queue with the attributes Eddy shows, all numbers already parsed. */
export interface QueueSummary {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  visible: number;
  inFlight: number;
  delayed: number;
  retentionSeconds: number;
  visibilityTimeoutSeconds: number;
  createdAt: string;
  /** Where this queue's dead letters go. */
  redrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

/** A queue with its place in the DLQ wiring. */
export interface QueueWithRole extends QueueSummary {
  role: 'source' | 'dlq' | 'plain';
  /** For a DLQ: the names of the queues that send to it. */
  sourceNames: string[];
}

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

/** One message move task (a "Redrive all"), as ListMessageMoveTasks reports it. */
export interface MoveTask {
  status: MoveTaskStatus;
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  moved: number;
  toMove: number;
  failureReason?: string;
  startedAt: string;
  taskHandle?: string;
}
