'use client';

import { useState } from 'react';
import { useRedriveSelected } from '@/lib/queries/queues';
import type { MutationPolicy } from '@/lib/types/queues';
import { MutationGate } from '../redrive/mutation-gate';

/**
 * "Redrive this message": issue 7's redrive selected for this one message (send a copy to its
 * source, then delete it from the DLQ), after a confirmation, behind the operator token and
 * read-only mode like every change.
 */
export function RedriveMessage({ dlq, messageId, target, policy }: { dlq: string; messageId: string; target: string; policy: MutationPolicy }) {
  const [confirming, setConfirming] = useState(false);
  const redrive = useRedriveSelected(dlq);
  const outcome = redrive.data?.outcomes.find((o) => o.messageId === messageId);
  return (
    <MutationGate policy={policy}>
      {(guard, disabled) =>
        outcome ? (
          <p role="status" data-status={outcome.status} className={outcome.status === 'redriven' ? 'text-sm text-emerald-700 dark:text-emerald-400' : 'text-sm text-rose-700 dark:text-rose-400'}>
            {outcome.status === 'redriven' ? `Redriven to ${outcome.destination}.` : (outcome.message ?? `Not redriven (${outcome.status}).`)}
          </p>
        ) : !confirming ? (
          <button type="button" disabled={disabled} className="rounded-md bg-sky-700 px-2.5 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60" onClick={() => setConfirming(true)}>
            Redrive this message
          </button>
        ) : (
          <span className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Confirm redrive">
            <span>
              Send it back to <strong>{target}</strong> and delete it from {dlq}?
            </span>
            <button
              type="button"
              className="rounded-md bg-sky-700 px-2.5 py-1 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
              disabled={redrive.isPending || disabled}
              onClick={() => guard(() => redrive.mutate({ messageIds: [messageId] }))}
            >
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
        )
      }
    </MutationGate>
  );
}
