'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { orderingReportSchema } from '../types/ordering';
import { tableSchemaSchema } from '../types/schema';

export const schemaKeys = {
  all: ['schema'] as const,
  table: (table: string) => [...schemaKeys.all, table] as const,
  ordering: (table: string) => [...schemaKeys.all, table, 'ordering'] as const,
};

/** What Eddy learned of a table's item shape and its drift, refreshed every 5 s. */
export function useTableSchema(table: string) {
  return useQuery({
    queryKey: schemaKeys.table(table),
    queryFn: ({ signal }) => fetchJson(`/api/streams/${encodeURIComponent(table)}/schema`, { signal }, tableSchemaSchema),
    refetchInterval: 5_000,
  });
}

/** Per-item ordering gaps among the events the live tail holds, refreshed every 10 s. */
export function useItemOrdering(table: string) {
  return useQuery({
    queryKey: schemaKeys.ordering(table),
    queryFn: ({ signal }) => fetchJson(`/api/streams/${encodeURIComponent(table)}/ordering`, { signal }, orderingReportSchema),
    refetchInterval: 10_000,
  });
}
