'use client';

import { useState, type ReactNode } from 'react';
import { getOperatorToken, setOperatorToken } from '@/lib/queries/queues';
import type { MutationPolicy } from '@/lib/types/queues';
import { buttonClass } from '../ui/buttons';
import { Dialog } from '../ui/dialog';

export type Guard = (run: () => void) => void;

/**
 * Wraps the buttons that change things. Read-only: says why, and the buttons are disabled (the
 * server refuses as well). With an operator token configured: asks for it once per session
 * before the first change, and again after the server refused it (the refused token is dropped).
 */
export function MutationGate({ policy, children }: { policy: MutationPolicy; children: (guard: Guard, disabled: boolean) => ReactNode }) {
  const [pending, setPending] = useState<(() => void) | undefined>();
  const [token, setToken] = useState('');
  const guard: Guard = (run) => {
    if (policy.tokenRequired && !getOperatorToken()) setPending(() => run);
    else run();
  };
  return (
    <>
      {policy.readOnly && (
        <p role="note" data-testid="read-only-reason" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100">
          {policy.reason ?? 'Eddy runs read-only.'}
        </p>
      )}
      {children(guard, policy.readOnly)}
      {pending && (
        <Dialog title="Operator token" onClose={() => setPending(undefined)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setOperatorToken(token);
              setToken('');
              const run = pending;
              setPending(undefined);
              run();
            }}
          >
            <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">This Eddy asks for its operator token (EDDY_OPERATOR_TOKEN) before any change. It is kept for this browser tab only.</p>
            <label className="block text-sm">
              Token
              <input type="password" required value={token} onChange={(e) => setToken(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950" />
            </label>
            <div className="mt-4 flex justify-end gap-2">
              <button type="button" className={buttonClass.plain} onClick={() => setPending(undefined)}>
                Cancel
              </button>
              <button type="submit" className={buttonClass.primary}>
                Continue
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
