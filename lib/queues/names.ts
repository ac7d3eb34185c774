/**
 * The queue list's view, pure: the names ListQueues gives before any attribute is read, and the
 * filter and page the URL holds (`q`, `role`, `page`), so every queue stays reachable by name,
 * role and page however many there are.
 */

/** SQS names a FIFO queue with the `.fifo` suffix (required by CreateQueue), so the name alone tells the type. */
export function isFifoQueueName(name: string): boolean {
  return name.endsWith('.fifo');
}

/** Names in the order the figures' ties use (`localeCompare`), a new array. */
export function sortedQueueNames(names: readonly string[]): string[] {
  return [...names].sort((a, b) => a.localeCompare(b));
}

export const QUEUE_ROLES = ['all', 'dlq', 'source', 'plain'] as const;
export type QueueRoleFilter = (typeof QUEUE_ROLES)[number];

/** A line of the table: a queue by name, with its figures once read. */
export interface QueueLine<R> {
  name: string;
  fifo: boolean;
  row?: R;
}

/** The lines of the rows when read, else of the names alone (every figure unknown). */
export function queueLines<R extends { name: string; fifo: boolean }>(rows: readonly R[] | undefined, names: readonly string[]): QueueLine<R>[] {
  return rows ? rows.map((row) => ({ name: row.name, fifo: row.fifo, row })) : names.map((name) => ({ name, fifo: isFifoQueueName(name) }));
}

/** The view's parameters read from the URL; anything unknown falls back to the whole list, page 1. */
export function readQueueListParams(params: { get(key: string): string | null }): { text: string; role: QueueRoleFilter; page: number } {
  const role = params.get('role') ?? '';
  const page = Math.floor(Number(params.get('page')));
  return {
    text: params.get('q') ?? '',
    role: (QUEUE_ROLES as readonly string[]).includes(role) ? (role as QueueRoleFilter) : 'all',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

export interface QueueListPage<L> {
  /** The lines on the page asked for (the last page when it asked past the end). */
  lines: L[];
  /** Lines matching the filter, on every page. */
  matching: number;
  pages: number;
  page: number;
}

/**
 * One page of the lines matching a name filter (case-insensitive substring) and a role. A role is
 * known only with the figures: until then a role filter matches nothing, rather than guessing.
 */
export function queueListPage<R extends { role: string }>(
  lines: readonly QueueLine<R>[],
  view: { text: string; role: QueueRoleFilter; page: number },
  pageSize: number,
): QueueListPage<QueueLine<R>> {
  const needle = view.text.trim().toLowerCase();
  const matching = lines.filter((l) => (view.role === 'all' || l.row?.role === view.role) && (!needle || l.name.toLowerCase().includes(needle)));
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(view.page, pages);
  return { lines: matching.slice((page - 1) * pageSize, page * pageSize), matching: matching.length, pages, page };
}
