'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { demoStatusSchema, type DemoAction, type DemoToggle } from '../types/demo';

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

/** Flips a demo switch; every demo query is refreshed after. */
export function useDemoAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: DemoAction | { action: DemoAction; toggle: DemoToggle }) => {
      const { name, toggle } = typeof action === 'string' ? { name: action, toggle: {} } : { name: action.action, toggle: action.toggle };
      return fetchJson(`/api/demo/${name}`, { method: 'POST', body: JSON.stringify(toggle) }, demoStatusSchema);
    },
    onSuccess: (status) => {
      client.setQueryData(demoKeys.status(), status);
      void client.invalidateQueries({ queryKey: demoKeys.all });
    },
  });
}
