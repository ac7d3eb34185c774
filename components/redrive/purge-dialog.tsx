'use client';

import { useState } from 'react';
import { buttonClass } from '../ui/buttons';
import { Dialog } from '../ui/dialog';

/** Purge only after typing the queue's exact name. */
export function PurgeDialog({ queueName, onClose, onConfirm, pending, error }: { queueName: string; onClose: () => void; onConfirm: (typed: string) => void; pending: boolean; error?: string }) {
  const [typed, setTyped] = useState('');
  return (
    <Dialog title={`Purge ${queueName}`} onClose={onClose}>
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(typed);
        }}
      >
        <p>Every message in {queueName} will be deleted for good. This cannot be undone.</p>
        <label className="block">
          Type <span className="font-mono font-semibold">{queueName}</span> to confirm
          <input value={typed} onChange={(e) => setTyped(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950" aria-label="Queue name to confirm" />
        </label>
        {error && (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass.plain} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass.danger} disabled={pending || typed !== queueName}>
            {pending ? 'Purging…' : 'Purge'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
