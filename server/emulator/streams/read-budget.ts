/**
 * How the emulator throttles DynamoDB Streams reads: a budget of GetRecords calls per shard.
 *
 * What AWS documents (reference §4.4): "Do not allow more than two processes to read from the
 * same DynamoDB Streams shard at the same time. Exceeding this limit can result in request
 * throttling." It says *can*, and it defines neither "process" nor "at the same time": no window,
 * no per-reader count, no rate (5 GetRecords/s per shard is a Kinesis quota, not a DynamoDB
 * Streams one). Lambda polls each shard about 4 times a second. An iterator chain is not a process (one program
 * that asks for AT_SEQUENCE_NUMBER, then AFTER_SEQUENCE_NUMBER, then LATEST is one reader with
 * three chains), so counting chains over a window throttles programs AWS would serve.
 *
 * Where AWS is silent the emulator picks the model that throttles least while still catching a
 * third concurrent reader: a token bucket of GetRecords calls per shard, `rate` per second with a
 * burst of one second's worth (default 10/s, burst 10). A reader polling like Lambda's event
 * source mapping makes about 4 calls a second, so
 * - two such readers (8/s) never run dry: never throttled;
 * - a third at the same pace (12/s) drains the bucket within seconds: throttled, as AWS may;
 * - one client's sequential calls with fresh iterators, a checkpoint resume every few seconds,
 *   the AWS CLI — a handful of calls — fit in the burst: never throttled.
 * Throttling is by load, not by who the caller is: once the bucket is dry, whoever calls next is
 * refused with LimitExceededException (the call does not take a token).
 * `--shard-read-rate N` changes the rate (and burst); `--no-reader-limit` turns throttling off.
 * Time is real time, not the emulator clock: a clock jump is not a burst of reads.
 */
export const DEFAULT_SHARD_READ_RATE = 10;

export class ShardReadBudget {
  /** shardId → tokens left and when they were last refilled (real ms). */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(private readonly ratePerSecond = DEFAULT_SHARD_READ_RATE) {
    this.burst = Math.max(1, ratePerSecond);
  }

  /** Takes one call's token from the shard's bucket; false when it is dry (the call is throttled). */
  take(shardId: string, nowMs = Date.now()): boolean {
    let bucket = this.buckets.get(shardId);
    if (!bucket) {
      bucket = { tokens: this.burst, at: nowMs };
      this.buckets.set(shardId, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = nowMs;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
