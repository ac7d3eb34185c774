'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { ItemSearchResult, Trace } from '../types/traces';

const enc = encodeURIComponent;

/** Traces read queues (a receive with a short lease), so they sit apart and run only when asked. */
export const traceKeys = {
  all: ['traces'] as const,
  trace: (queue: string, messageId: string) => [...traceKeys.all, 'trace', queue, messageId] as const,
  search: (query: string) => [...traceKeys.all, 'search', query] as const,
};

/**
 * One message's trace, as the server page read it (each read is a receive with a short lease):
 * never read again on its own, only on `refetch()` ("Read again", or retry after an error).
 */
export function useTrace(queue: string, messageId: string, initial: Trace | undefined) {
  return useQuery({
    queryKey: traceKeys.trace(queue, messageId),
    queryFn: ({ signal }) => fetchJson<Trace>(`/api/traces/${enc(queue)}/${enc(messageId)}`, { signal }),
    initialData: initial,
    initialDataUpdatedAt: initial?.readAt,
    enabled: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** An item search (`orderId = ord-1` or a bare key value); nothing runs for an empty query. */
export function useItemSearch(query: string) {
  return useQuery({
    queryKey: traceKeys.search(query),
    queryFn: ({ signal }) => fetchJson<ItemSearchResult>(`/api/traces?q=${enc(query)}`, { signal }),
    enabled: query.trim() !== '',
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}
