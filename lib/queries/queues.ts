'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AppError } from '../errors';
import { fetchJson } from '../fetch-json';
import { OPERATOR_TOKEN_HEADER, type RedriveSelectedRequest, type StartRedriveRequest } from '../queues/schemas';
import type { AuditEntry } from '../types/audit';
import type { MessagePage, MoveTask, QueueDetail, QueueListing, QueueMessage, RedriveJob, RedrivePlan, SelectedOutcome } from '../types/queues';

export const queueKeys = {
  all: ['queues'] as const,
  list: () => [...queueKeys.all, 'list'] as const,
  detail: (name: string) => [...queueKeys.all, 'detail', name] as const,
  redrive: (name: string) => [...queueKeys.all, 'redrive', name] as const,
};

/** Browses sit outside `queueKeys.all`: a browse is a receive, so it runs only when asked, never on invalidation. */
export const messageKeys = {
  all: ['queue-messages'] as const,
  browse: (name: string, limit: number, override: boolean) => [...messageKeys.all, name, limit, override] as const,
};

export const redriveKeys = { all: ['redrives'] as const };
export const auditKeys = { all: ['audit'] as const };

const TOKEN_KEY = 'eddy-operator-token';

/** The operator token the user typed this session, if any (sessionStorage: gone with the tab). */
export function getOperatorToken(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function setOperatorToken(token: string | undefined): void {
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

/** Whether an error is the server asking for (or refusing) the operator token. */
export function needsOperatorToken(error: unknown): boolean {
  return error instanceof AppError && error.code === 'forbidden' && error.detail === 'operator_token';
}

/**
 * A same-origin JSON POST carrying the operator token when one was given. A refused token is
 * forgotten, so the next change asks for it again.
 */
async function post<T>(url: string, body: unknown): Promise<T> {
  const token = getOperatorToken();
  try {
    return await fetchJson<T>(url, { method: 'POST', body: JSON.stringify(body), headers: token ? { [OPERATOR_TOKEN_HEADER]: token } : {} });
  } catch (error) {
    if (needsOperatorToken(error)) setOperatorToken(undefined);
    throw error;
  }
}

const enc = encodeURIComponent;

/**
 * Every queue with depths and forecasts, refreshed every 10 s (the sampler's pace). `since`
 * (epoch ms, when the page painted names only): figures that cover the queues listed then — the
 * same list, so the key does not carry it.
 */
export function useQueues(initial?: QueueListing, since?: number) {
  return useQuery({
    queryKey: queueKeys.list(),
    // No abort signal: the first answer (`?since=`) can take a whole sampler refresh, and a table
    // unmounted and mounted again meanwhile (hydration, Suspense) would otherwise cancel it and
    // leave the figures "—" with nothing in flight; an answer nobody shows still fills the cache.
    queryFn: () => fetchJson<QueueListing>(since ? `/api/queues?since=${since}` : '/api/queues'),
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.parse(initial.sampledAt) : undefined,
    refetchInterval: 10_000,
  });
}

/**
 * One queue's figures with its charts over the last `minutes`, refreshed every 10 s. Switching the
 * range keeps the previous charts on screen until the new ones arrive.
 */
export function useQueue(name: string, initial?: QueueDetail, minutes = initial?.range.minutes ?? 60) {
  return useQuery({
    queryKey: [...queueKeys.detail(name), minutes],
    queryFn: ({ signal }) => fetchJson<QueueDetail>(`/api/queues/${enc(name)}?minutes=${minutes}`, { signal }),
    initialData: initial?.range.minutes === minutes ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

/** A browse of a queue (receive with a short lease, released at once). Fetched on demand only: each browse is a receive. */
export function useQueueMessages(name: string, limit: number, override: boolean, enabled: boolean) {
  return useQuery({
    queryKey: messageKeys.browse(name, limit, override),
    queryFn: ({ signal }) => fetchJson<MessagePage>(`/api/queues/${enc(name)}/messages?limit=${limit}&override=${override ? 1 : 0}`, { signal }),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** One message whole (a page cuts long bodies): a receive scan, so fetched only when asked. */
export function useQueueMessage(name: string, messageId: string, override: boolean, enabled: boolean) {
  return useQuery({
    queryKey: [...messageKeys.all, name, 'message', messageId, override] as const,
    queryFn: ({ signal }) => fetchJson<QueueMessage>(`/api/queues/${enc(name)}/messages/${enc(messageId)}?override=${override ? 1 : 0}`, { signal }),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** A DLQ's redrive job and move tasks; polled fast while one runs. */
export function useRedriveState(name: string) {
  return useQuery({
    queryKey: queueKeys.redrive(name),
    queryFn: ({ signal }) => fetchJson<{ job: RedriveJob | null; tasks: MoveTask[] }>(`/api/queues/${enc(name)}/redrive`, { signal }),
    refetchInterval: (query) => {
      const data = query.state.data;
      const active = data?.job && ['canary', 'watching', 'moving'].includes(data.job.phase);
      return active || data?.tasks.some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING') ? 1_000 : 10_000;
    },
  });
}

/** The dry run of "Redrive all". */
export function usePlanRedrive(name: string) {
  return useMutation({
    mutationFn: (destinationName: string | undefined) => post<{ plan: RedrivePlan }>(`/api/queues/${enc(name)}/redrive`, { destinationName, dryRun: true }),
  });
}

function useInvalidateQueue(name: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queueKeys.all });
    void client.invalidateQueries({ queryKey: redriveKeys.all });
    void client.invalidateQueries({ queryKey: auditKeys.all });
    void client.invalidateQueries({ queryKey: queueKeys.redrive(name) });
  };
}

/** Starts "Redrive all". */
export function useStartRedrive(name: string) {
  const invalidate = useInvalidateQueue(name);
  return useMutation({
    mutationFn: (input: Omit<StartRedriveRequest, 'dryRun'>) => post<{ job: RedriveJob }>(`/api/queues/${enc(name)}/redrive`, input),
    onSuccess: invalidate,
  });
}

/** Cancels a DLQ's running redrive. */
export function useCancelRedrive(name: string) {
  const invalidate = useInvalidateQueue(name);
  return useMutation({ mutationFn: () => post<{ job: RedriveJob | null }>(`/api/queues/${enc(name)}/redrive/cancel`, {}), onSuccess: invalidate });
}

/** "Redrive selected": per-message outcomes. */
export function useRedriveSelected(name: string) {
  const invalidate = useInvalidateQueue(name);
  return useMutation({
    mutationFn: (input: RedriveSelectedRequest) => post<{ outcomes: SelectedOutcome[] }>(`/api/queues/${enc(name)}/redrive-selected`, input),
    onSuccess: invalidate,
  });
}

/** Purges a queue after its name was typed. */
export function usePurgeQueue(name: string) {
  const invalidate = useInvalidateQueue(name);
  return useMutation({ mutationFn: (confirmName: string) => post<{ purged: string }>(`/api/queues/${enc(name)}/purge`, { confirmName }), onSuccess: invalidate });
}

/** Move tasks across DLQs and Eddy's redrive jobs, polled every 2 s. */
export function useRedrives<T>(initial?: T) {
  return useQuery({
    queryKey: redriveKeys.all,
    queryFn: ({ signal }) => fetchJson<T>('/api/redrives', { signal }),
    initialData: initial,
    refetchInterval: 2_000,
  });
}

/** The audit log, newest first, refreshed every 5 s. */
export function useAuditLog(initial?: AuditEntry[]) {
  return useQuery({
    queryKey: auditKeys.all,
    queryFn: ({ signal }) => fetchJson<AuditEntry[]>('/api/audit', { signal }),
    initialData: initial,
    refetchInterval: 5_000,
  });
}
