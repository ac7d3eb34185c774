import type { FigureSource } from '@/lib/types/figures';

/**
 * Where a stream's events/s comes from, and whether Eddy may read the stream itself to know it.
 *
 * DynamoDB Streams throttles a shard read by more than two processes at once ("Do not allow more
 * than two processes to read from the same DynamoDB Streams shard at the same time", the quotas
 * page quoted in reference §4.4): a stream with two known consumers (two Lambda mappings, a Lambda and a declared worker,
 * …) must never get a third reader from Eddy in the background. Below that, a background reader is
 * allowed and, like every Eddy read, goes through the shard's read scheduler and its budget.
 */
export const MAX_CONSUMERS_FOR_BACKGROUND_READER = 1;

/** A tail's rate is trusted once it has read for this long (a shorter window is mostly noise). */
export const MIN_MEASURED_SECONDS = 3;

export type RateChoice =
  /** Start (or keep) Eddy's background reader, and count from it. */
  | 'background-reader'
  /** Eddy already holds a reader on the stream (someone watches it): count from it, start nothing. */
  | 'reader'
  /** Do not read: use CloudWatch's figure. */
  | 'cloudwatch';

export interface RateChoiceInput {
  /** Eddy's tail already runs for the table (a stream page, the streams list, an earlier lease). */
  tailRunning: boolean;
  /**
   * Readers Eddy knows of besides itself (`knownStreamConsumers`); undefined when they could not be
   * read (ListEventSourceMappings denied or failing): two may already read, so Eddy starts none.
   */
  knownConsumers: number | undefined;
  /** The home page may start background readers at all (false above its stream cap). */
  backgroundAllowed: boolean;
}

/** Pure: the rule above. A reader someone else started is counted from, never extended. */
export function chooseRateSource({ tailRunning, knownConsumers, backgroundAllowed }: RateChoiceInput): RateChoice {
  if (backgroundAllowed && knownConsumers !== undefined && knownConsumers <= MAX_CONSUMERS_FOR_BACKGROUND_READER) return 'background-reader';
  if (tailRunning) return 'reader';
  return 'cloudwatch';
}

/** A CloudWatch datapoint: the start of its one-minute period (epoch ms) and its Sum. */
export interface MinutePoint {
  t: number;
  value: number;
}

export interface CloudWatchRateInput {
  /** The latest complete minute of `AWS/DynamoDB` `ReturnedRecordsCount` Sum for the stream. */
  returnedRecords?: MinutePoint;
  /** The same minute's (or the latest) `ConsumedWriteCapacityUnits` Sum for the table. */
  writeUnits?: MinutePoint;
  /** Processes that read the stream in that minute: the known consumers, plus Eddy if it read then. */
  readers: number;
}

/**
 * A stream's events/s from CloudWatch. `ReturnedRecordsCount` counts the records every reader's
 * GetRecords returned, so it is divided by the readers; each stream record comes from a write of
 * at least one write unit, so the table's write units of the same minute bound it from above
 * (readers Eddy does not know of would otherwise inflate it). Without readers (or their metric),
 * the write units alone are an upper bound, and said to be one. Undefined: nothing to go on.
 */
export function cloudWatchRate({ returnedRecords, writeUnits, readers }: CloudWatchRateInput): { eventsPerSecond: number; source: FigureSource } | undefined {
  if (returnedRecords && readers > 0) {
    let perMinute = returnedRecords.value / readers;
    let note = readers > 1 ? `Records returned to ${readers} readers, divided by ${readers}.` : 'Records returned to its one reader.';
    if (writeUnits && writeUnits.t === returnedRecords.t && writeUnits.value < perMinute) {
      perMinute = writeUnits.value;
      note = 'Capped at the table’s write units of that minute (more readers than Eddy knows of).';
    }
    return { eventsPerSecond: perMinute / 60, source: { kind: 'cloudwatch', minute: returnedRecords.t, metric: 'ReturnedRecordsCount', note } };
  }
  if (writeUnits) {
    return {
      eventsPerSecond: writeUnits.value / 60,
      source: { kind: 'cloudwatch', minute: writeUnits.t, metric: 'ConsumedWriteCapacityUnits', note: 'Write units: at most one stream record each, so an upper bound.' },
    };
  }
  return undefined;
}

/** The newest datapoint whose minute has ended by `now` (the current minute is still filling). */
export function latestCompleteMinute(points: readonly MinutePoint[] | undefined, now: number): MinutePoint | undefined {
  if (!points) return undefined;
  for (let i = points.length - 1; i >= 0; i--) if (points[i].t + 60_000 <= now) return points[i];
  return undefined;
}
