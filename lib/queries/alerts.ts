'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { AlertsOverview } from '../types/alerts';

export const alertsKeys = {
  all: ['alerts'] as const,
};

/** The health engine's findings, transitions and webhook deliveries, refreshed every 5 s. */
export function useAlerts(initialData: AlertsOverview) {
  return useQuery({
    queryKey: alertsKeys.all,
    queryFn: ({ signal }) => fetchJson<AlertsOverview>('/api/alerts', { signal }),
    initialData,
    refetchInterval: 5_000,
  });
}
