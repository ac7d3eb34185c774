/** DynamoDB Streams keeps records 24 hours; an unread record older than that is gone for good. */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A stream consumer whose IteratorAge reaches this is behind: records wait a minute before they are read. */
export const ITERATOR_AGE_LAGGING_MS = 60_000;

/** Data-loss clock: warning when less than this is left before unread records are trimmed. */
export const DATA_LOSS_WARNING_MS = 12 * 60 * 60 * 1000;
/** Data-loss clock: critical when less than this is left. */
export const DATA_LOSS_CRITICAL_MS = 2 * 60 * 60 * 1000;

/** A queue whose oldest message is this old (s) is lagging: its consumer does not keep up. */
export const QUEUE_OLDEST_AGE_LAGGING_SECONDS = 300;

/**
 * A queue is lagging while its backlog grows steadily: visible depth never fell across at least
 * this many of Eddy's samples, spanning at least `QUEUE_GROWTH_MIN_SPAN_MS`, and rose by at
 * least `QUEUE_GROWTH_MIN_MESSAGES` — enough that a busy but healthy queue's jitter does not count.
 */
export const QUEUE_GROWTH_MIN_SAMPLES = 3;
export const QUEUE_GROWTH_MIN_SPAN_MS = 10_000;
export const QUEUE_GROWTH_MIN_MESSAGES = 10;

/** A DLQ that received a message within this window marks its edges failing. */
export const DLQ_RECENT_WINDOW_MS = 15 * 60 * 1000;
