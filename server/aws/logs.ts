import 'server-only';
import { paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import type { LogReadNote } from '@/lib/types/logs';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** A log event as CloudWatch Logs returns it. */
export interface RawLogEvent {
  /** Epoch ms; undefined when the service left it out (unknown, never 1970). */
  timestamp?: number;
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
  let capped = false;
  let calls = 0;
  const pages = paginateFilterLogEvents(
    // The service caps a page at 10,000 events.
    { client: getClients().logs, pageSize: Math.min(10_000, input.maxEvents) },
    { logGroupName: input.logGroup, startTime: Math.floor(input.start), endTime: Math.ceil(input.end), filterPattern: input.pattern || undefined },
    { abortSignal: input.signal },
  );
  try {
    for await (const page of pages) {
      calls += 1;
      for (const e of page.events ?? []) events.push({ timestamp: e.timestamp, message: e.message ?? '', stream: e.logStreamName ?? '' });
      // The paginator stops by itself once `nextToken` is absent; the budgets stop it earlier.
      capped = Boolean(page.nextToken) || events.length > input.maxEvents;
      if (events.length >= input.maxEvents || calls >= maxPages) break;
    }
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  // The last page may bring more than the budget: what is cut counts as not read, like a page left.
  if (events.length > input.maxEvents) events.length = input.maxEvents;
  return {
    events,
    calls,
    note: capped
      ? { status: 'capped', message: `Read the first ${events.length} matching event(s) of ${input.logGroup} in ${calls} call(s); later ones were not read.` }
      : { status: 'complete', message: `Read ${events.length} matching event(s) of ${input.logGroup}.` },
  };
}
