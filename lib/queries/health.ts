'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { healthSchema } from '../types/health';

export const healthKeys = {
  all: ['health'] as const,
};

/** The connection and per-service health, refreshed every 10 s. */
export function useHealth() {
  return useQuery({
    queryKey: healthKeys.all,
    queryFn: ({ signal }) => fetchJson('/api/health', { signal }, healthSchema),
    refetchInterval: 10_000,
  });
}
