import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { AppError } from '@/lib/errors';
import type { StartPosition } from '@/lib/streams/position';
import type { HistoryPage, StreamEvent, StreamSummary, TailStatus } from '@/lib/types/streams';
import type { TableIndex, TableSummary } from '@/lib/types/tables';
import { describeTable, listTableNames } from '../aws/dynamodb';
import { getStreamsApi } from '../aws/streams';
import { readHistory } from '../live/history';
import { getLiveRegistry, getStreamActivity } from '../live';

export { getStreamActivity };

/** Every table, described, those with a stream first. */
export async function listTables(): Promise<TableSummary[]> {
  const names = await listTableNames();
  const tables = await mapLimit(names, 8, describeTable);
  return tables.sort((a, b) => Number(Boolean(b.stream)) - Number(Boolean(a.stream)) || a.name.localeCompare(b.name));
}

/** How long `/streams` keeps the tails it looks at running after its last refresh. */
const LIST_LEASE_MS = 60_000;

/**
 * Every table with a stream and its activity, busiest first. Looking at the list keeps a tail on
 * each stream (one reader per shard) for a minute, which is where events per minute come from.
 */
export async function listStreams(): Promise<StreamSummary[]> {
  const tables = (await listTables()).filter((t) => t.stream);
  const registry = getLiveRegistry();
  const api = getStreamsApi();
  const rows = await mapLimit(tables, 4, async (table): Promise<StreamSummary> => {
    const tail = registry.lease(table.name, LIST_LEASE_MS);
    const stream = table.stream as NonNullable<TableSummary['stream']>;
    let status = 'UNKNOWN';
    let openShards = 0;
    let closedShards = 0;
    try {
      const description = await api.describeStream(stream.arn);
      status = description.status;
      openShards = description.shards.filter((s) => s.endingSequenceNumber === undefined).length;
      closedShards = description.shards.length - openShards;
    } catch (error) {
      status = error instanceof AppError ? `unreadable: ${error.message}` : 'unreadable';
    }
    return {
      table: table.name,
      streamArn: stream.arn,
      label: stream.label,
      viewType: stream.viewType,
      status,
      openShards,
      closedShards,
      eventsPerMinute: tail.rate.total(60),
      lastEventAt: tail.lastEventAt,
      watchingSince: tail.startedAt,
      tailState: tail.state,
      tailMessage: tail.message,
    };
  });
  return rows.sort((a, b) => b.eventsPerMinute - a.eventsPerMinute || (b.lastEventAt ?? 0) - (a.lastEventAt ?? 0) || a.table.localeCompare(b.table));
}

/** A table's secondary indexes, from DescribeTable. */
export async function getTableIndexes(table: string): Promise<TableIndex[]> {
  return (await describeTable(table)).indexes ?? [];
}

/** Resolves when the table exists (with or without a stream); rejects `not_found` when it does not (for a page's 404). */
export async function assertTableExists(table: string): Promise<void> {
  await describeTable(table);
}

/** The live tail's status for one table (starting the tail, held for a minute). */
export async function getStreamStatus(table: string): Promise<TailStatus> {
  const summary = await describeTable(table);
  const tail = getLiveRegistry().lease(table);
  const status = tail.status();
  if (!summary.stream && status.state === 'starting') {
    return { ...status, state: 'no_stream', message: `The table ${table} has no stream enabled.` };
  }
  return status;
}

/** Holds a table's tail for one SSE connection; `release` when the connection ends. */
export function holdStreamTail(table: string) {
  return getLiveRegistry().acquire(table);
}

/** One event the tail still holds, by its eventID (for a detail link opened after a reload). */
export function findStreamEvent(table: string, eventID: string): StreamEvent {
  const tail = getLiveRegistry().lease(table);
  const event = tail.ring.find((e) => e.eventID === eventID);
  if (!event) throw new AppError('not_found', `Event ${eventID} is no longer among the ${tail.ring.length} events the live tail holds: open it from an older-range read.`);
  return event;
}

/** A bounded page of older events (see `readHistory`). */
export async function getStreamHistory(table: string, position: StartPosition, limit: number, after?: string): Promise<HistoryPage> {
  const summary = await describeTable(table);
  if (!summary.stream) throw new AppError('not_found', `The table ${table} has no stream enabled.`);
  const tail = getLiveRegistry().peek(table);
  return readHistory({ api: getStreamsApi(), streamArn: summary.stream.arn, tail: tail?.currentStreamArn === summary.stream.arn ? tail : undefined, position, limit, after });
}
