import { sleep } from './util';

/** The error-handling settings of a stream event source mapping, as ListEventSourceMappings gives them. */
export interface StreamRetryPolicy {
  /** -1: retry until the records expire (Lambda's default). */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  /** -1: no age limit (Lambda's default). */
  maximumRecordAgeSeconds: number;
}

export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface StreamBatchHooks<T> {
  /** Runs the function on a batch; a throw is a function error. */
  invoke(batch: T[]): Promise<void>;
  /** Lambda gives up on these records: the on-failure destination gets their range. */
  discard(batch: T[], condition: DiscardCondition, invokeCount: number): Promise<void>;
  /** Seconds since the record entered the stream (for MaximumRecordAgeInSeconds). */
  ageSeconds(record: T): number;
  /** Wait before retrying after the n-th failure of one batch. */
  retryDelayMs(failures: number): number;
  signal?: AbortSignal;
}

/**
 * Lambda's error handling for one stream batch: retry the batch until it succeeds or its
 * retries run out; with BisectBatchOnFunctionError a failed batch is split in two halves that are
 * tried separately, in order, before any retry. Splitting does not use up the retry budget (each
 * half starts afresh), so a lone bad record is isolated and reported with
 * `approximateInvokeCount = MaximumRetryAttempts + 1`, while its good neighbours are processed.
 * Records older than MaximumRecordAgeInSeconds are discarded before an invocation.
 *
 * Resolves true when the whole batch was dealt with (processed or discarded), so the caller may
 * checkpoint past it; false when `signal` aborted first.
 */
export async function runStreamBatch<T>(records: T[], policy: StreamRetryPolicy, hooks: StreamBatchHooks<T>): Promise<boolean> {
  let batch = records;
  let failures = 0;
  for (;;) {
    if (hooks.signal?.aborted) return false;
    if (policy.maximumRecordAgeSeconds >= 0) {
      // Records are in stream order, oldest first: the expired ones are a prefix.
      let expired = 0;
      while (expired < batch.length && hooks.ageSeconds(batch[expired]) > policy.maximumRecordAgeSeconds) expired += 1;
      if (expired > 0) {
        await hooks.discard(batch.slice(0, expired), 'RecordAgeExceeded', failures);
        batch = batch.slice(expired);
        if (batch.length === 0) return true;
      }
    }
    try {
      await hooks.invoke(batch);
      return true;
    } catch {
      failures += 1;
    }
    if (hooks.signal?.aborted) return false;
    if (policy.bisectBatchOnFunctionError && batch.length > 1) {
      const middle = Math.ceil(batch.length / 2);
      if (!(await runStreamBatch(batch.slice(0, middle), policy, hooks))) return false;
      return runStreamBatch(batch.slice(middle), policy, hooks);
    }
    if (policy.maximumRetryAttempts >= 0 && failures > policy.maximumRetryAttempts) {
      await hooks.discard(batch, 'RetryAttemptsExhausted', failures);
      return true;
    }
    await sleep(hooks.retryDelayMs(failures), hooks.signal);
  }
}
