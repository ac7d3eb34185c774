'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { demoStatusSchema, type DemoAction } from '../types/demo';

export const demoKeys = {
  all: ['demo'] as const,
  status: () => [...demoKeys.all, 'status'] as const,
};

/** The demo system's switches and counters, refreshed every 3 s. */
export function useDemoStatus() {
  return useQuery({
    queryKey: demoKeys.status(),
    queryFn: ({ signal }) => fetchJson('/api/demo', { signal }, demoStatusSchema),
    refetchInterval: 3_000,
  });
}

/** Flips a demo switch (`{ action, on: false }` undoes a toggle); every demo query is refreshed after. */
export function useDemoAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DemoAction | { action: DemoAction; on: boolean }) => {
      const { action, on } = typeof input === 'string' ? { action: input, on: undefined } : input;
      return fetchJson(`/api/demo/${action}`, { method: 'POST', body: JSON.stringify(on === undefined ? {} : { on }) }, demoStatusSchema);
    },
    onSuccess: (status) => {
      client.setQueryData(demoKeys.status(), status);
      void client.invalidateQueries({ queryKey: demoKeys.all });
    },
  });
}
