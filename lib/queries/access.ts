'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { AccessReport } from '../types/access';

export const accessKeys = {
  all: ['access'] as const,
};

/** `/access`'s report: every action's last outcome, refreshed every 15 s. */
export function useAccess(initial: AccessReport) {
  return useQuery({
    queryKey: accessKeys.all,
    queryFn: ({ signal }) => fetchJson<AccessReport>('/api/access', { signal }),
    initialData: initial,
    refetchInterval: 15_000,
  });
}

/** "Check now": probes the read-only actions and answers the new report. */
export function useCheckAccess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<AccessReport>('/api/access', { method: 'POST', body: '{}' }),
    onSuccess: (report) => client.setQueryData(accessKeys.all, report),
  });
}
