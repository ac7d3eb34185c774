'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { TopicsOverview } from '../types/topics';

export const topicKeys = { all: ['topics'] as const };

/** `/topics`' data, refreshed every 10 s (CloudWatch's figures move by the minute). */
export function useTopics(initial?: TopicsOverview) {
  return useQuery({
    queryKey: topicKeys.all,
    queryFn: ({ signal }) => fetchJson<TopicsOverview>('/api/topics', { signal }),
    initialData: initial,
    refetchInterval: 10_000,
  });
}
