import 'server-only';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogReadNote } from '@/lib/types/logs';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** A log event as CloudWatch Logs returns it. */
export interface RawLogEvent {
  timestamp: number;
  message: string;
  stream: string;
}

export interface FilterLogsInput {
  logGroup: string;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** A CloudWatch Logs filter pattern; empty for every event. */
  pattern?: string;
  /** Events read at most (the newest beyond it are left: `capped`). */
  maxEvents: number;
  /** Pages read at most: a page may be empty while `nextToken` continues (reference §3.6). */
  maxPages?: number;
  signal?: AbortSignal;
}

export interface FilterLogsResult {
  events: RawLogEvent[];
  note: LogReadNote;
  calls: number;
}

/**
 * `FilterLogEvents` over a group and time range, following `nextToken` until it is absent, the
 * event budget or the page budget is spent. Oldest first, as the service returns them.
 * `not_found` when the group does not exist.
 */
export async function filterLogEvents(input: FilterLogsInput): Promise<FilterLogsResult> {
  const events: RawLogEvent[] = [];
  const maxPages = input.maxPages ?? 20;
  let nextToken: string | undefined;
  let calls = 0;
  try {
    do {
      const page = await getClients().logs.send(
        new FilterLogEventsCommand({
          logGroupName: input.logGroup,
          startTime: Math.floor(input.start),
          endTime: Math.ceil(input.end),
          filterPattern: input.pattern || undefined,
          // The service caps a page at 10,000 events.
          limit: Math.min(10_000, input.maxEvents - events.length),
          nextToken,
        }),
        { abortSignal: input.signal },
      );
      calls += 1;
      for (const e of page.events ?? []) events.push({ timestamp: e.timestamp ?? 0, message: e.message ?? '', stream: e.logStreamName ?? '' });
      nextToken = page.nextToken;
    } while (nextToken && events.length < input.maxEvents && calls < maxPages);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  const capped = Boolean(nextToken);
  return {
    events,
    calls,
    note: capped
      ? { status: 'capped', message: `Read the first ${events.length} matching event(s) of ${input.logGroup} in ${calls} call(s); later ones were not read.` }
      : { status: 'complete', message: `Read ${events.length} matching event(s) of ${input.logGroup}.` },
  };
}
