'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { BodyChange } from '../queues/dlq-filter';
import type { FailureApart } from '../queues/failure-apart';
import { auditKeys, getOperatorToken, messageKeys, needsOperatorToken, queueKeys, setOperatorToken } from './queues';

const enc = encodeURIComponent;

/** Sits outside `queueKeys.all`: each analysis is a receive scan of the DLQ, run only when the panel asks. */
export const failureApartKeys = {
  all: ['failure-apart'] as const,
  dlq: (name: string) => [...failureApartKeys.all, name] as const,
};

/** "What sets these failures apart" for a DLQ (the server caches it for 30 s). */
export function useFailureApart(name: string, enabled: boolean) {
  return useQuery({
    queryKey: failureApartKeys.dlq(name),
    queryFn: ({ signal }) => fetchJson<FailureApart>(`/api/queues/${enc(name)}/failure-apart`, { signal }),
    enabled,
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** Asks the server to compute the analysis again (it does so at most every 5 s), replacing the panel's answer. */
export function useRefreshFailureApart(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<FailureApart>(`/api/queues/${enc(name)}/failure-apart?refresh=1`),
    onSuccess: (data) => client.setQueryData(failureApartKeys.dlq(name), data),
  });
}

export interface EditResendResult {
  messageId: string;
  destination: string;
  newMessageId: string;
  deleted: boolean;
  message?: string;
  changes: BodyChange[];
}

/** Edit and resend one dead letter (operator token when one is set); refreshes the browse, the queue figures and the audit log. */
export function useEditResend(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { messageId: string; body: string; destinationName?: string }) => {
      const token = getOperatorToken();
      try {
        return await fetchJson<EditResendResult>(`/api/queues/${enc(name)}/messages/${enc(input.messageId)}/resend`, {
          method: 'POST',
          body: JSON.stringify({ body: input.body, destinationName: input.destinationName }),
          headers: token ? { 'x-eddy-operator-token': token } : {},
        });
      } catch (error) {
        if (needsOperatorToken(error)) setOperatorToken(undefined);
        throw error;
      }
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queueKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void client.invalidateQueries({ queryKey: messageKeys.all });
    },
  });
}
