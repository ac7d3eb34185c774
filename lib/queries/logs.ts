'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { FunctionLogPage } from '../types/logs';

const enc = encodeURIComponent;

export const logKeys = {
  all: ['logs'] as const,
  function: (name: string, filter: string, minutes: number) => [...logKeys.all, 'function', name, filter, minutes] as const,
};

/** A function's log events for a filter and time range; re-read every 2 s while `follow` is on. */
export function useFunctionLogs(name: string, filter: string, minutes: number, follow: boolean) {
  return useQuery({
    queryKey: logKeys.function(name, filter, minutes),
    queryFn: ({ signal }) => fetchJson<FunctionLogPage>(`/api/functions/${enc(name)}/logs?filter=${enc(filter)}&minutes=${minutes}`, { signal }),
    refetchInterval: follow ? 2_000 : false,
    refetchOnWindowFocus: false,
    retry: false,
  });
}
