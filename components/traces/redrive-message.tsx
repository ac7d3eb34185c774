'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchJson } from '@/lib/fetch-json';

interface Outcome {
  messageId: string;
  status: 'redriven' | 'not_found' | 'failed';
  destination?: string;
  message?: string;
}

// TODO(issue 7 merged): use its useRedriveSelected hook (operator token, invalidation).

/** "Redrive this message": issue 7's redrive-selected for one message, after a confirmation. */
export function RedriveMessage({ dlq, messageId, target, onDone }: { dlq: string; messageId: string; target: string; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const redrive = useMutation({
    mutationFn: () => fetchJson<{ outcomes: Outcome[] }>(`/api/queues/${encodeURIComponent(dlq)}/redrive-selected`, { method: 'POST', body: JSON.stringify({ messageIds: [messageId] }) }),
    onSuccess: () => onDone(),
  });
  const outcome = redrive.data?.outcomes.find((o) => o.messageId === messageId);
  if (outcome) {
    return (
      <p role="status" data-status={outcome.status} className={outcome.status === 'redriven' ? 'text-sm text-emerald-700 dark:text-emerald-400' : 'text-sm text-rose-700 dark:text-rose-400'}>
        {outcome.status === 'redriven' ? `Redriven to ${outcome.destination}.` : outcome.message ?? `Not redriven (${outcome.status}).`}
      </p>
    );
  }
  if (!confirming) {
    return (
      <button type="button" className="rounded-md bg-sky-700 px-2.5 py-1 text-sm font-medium text-white hover:bg-sky-800" onClick={() => setConfirming(true)}>
        Redrive this message
      </button>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Confirm redrive">
      <span>
        Send it back to <strong>{target}</strong> and delete it from {dlq}?
      </span>
      <button type="button" className="rounded-md bg-sky-700 px-2.5 py-1 font-medium text-white hover:bg-sky-800 disabled:opacity-60" disabled={redrive.isPending} onClick={() => redrive.mutate()}>
        {redrive.isPending ? 'Redriving…' : 'Confirm redrive'}
      </button>
      <button type="button" className="rounded-md border border-slate-300 px-2.5 py-1 dark:border-slate-700" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {redrive.error && (
        <span role="alert" className="text-rose-700 dark:text-rose-300">
          {redrive.error.message}
        </span>
      )}
    </span>
  );
}
