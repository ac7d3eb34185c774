'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { DeadLetterClassification, RedriveChecks } from '../types/redrive';

/**
 * Outside `queueKeys.all`: a classification reads the DLQ (a receive with a short lease), so it
 * runs when a redrive dialog opens or the user asks again, never on invalidation.
 */
export const redriveCheckKeys = {
  all: ['redrive-checks'] as const,
  classification: (name: string) => [...redriveCheckKeys.all, 'classification', name] as const,
  checks: (name: string) => [...redriveCheckKeys.all, 'checks', name] as const,
};

const enc = encodeURIComponent;

/** The DLQ's dead letters classified (stale, gone, duplicate, current, unknown) for a redrive dialog. */
export function useDeadLetterClassification(name: string, enabled = true) {
  return useQuery({
    queryKey: redriveCheckKeys.classification(name),
    queryFn: ({ signal }) => fetchJson<{ classification: DeadLetterClassification }>(`/api/queues/${enc(name)}/classify`, { signal }),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** What a redrive warns about: a consumer that failed in the last 5 minutes, copies sent but not deleted. */
export function useRedriveChecks(name: string, enabled = true) {
  return useQuery({
    queryKey: redriveCheckKeys.checks(name),
    queryFn: ({ signal }) => fetchJson<{ checks: RedriveChecks }>(`/api/queues/${enc(name)}/redrive-checks`, { signal }),
    enabled,
    staleTime: 10_000,
    retry: false,
  });
}
